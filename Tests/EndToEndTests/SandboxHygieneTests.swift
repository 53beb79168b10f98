// `pay sandbox` against clients that misbehave: the key is checked before a body is read, a body
// over the limit is a 413 problem, one that never finishes has its connection closed, an idle connection is closed,
// a body that is not JSON by its Content-Type a 415, and JSON naming a field twice a 400. Each
// leaves the sandbox as it was. A real server process on loopback, raw sockets where a client
// library would not misbehave.
import Foundation
import PayClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to 127.0.0.1, for sending exactly the bytes a test wants.
final class RawConnection {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// Sends all of `bytes`, or as much as the server takes before it closes (or 5 s pass).
    func send(bytes: [UInt8]) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }

    /// Everything the server sends until it closes the connection, or nil if it is still open
    /// after `seconds`.
    func readUntilClosed(within seconds: Double) -> String? {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return String(decoding: received, as: UTF8.self) }
            if count < 0 { return errno == ECONNRESET ? String(decoding: received, as: UTF8.self) : nil }
            received += buffer[0..<count]
        }
    }
}

@Suite(.serialized)
struct SandboxHygieneTests {
    static func port(_ baseURL: String) -> Int { Int(baseURL.split(separator: ":").last!)! }

    static func post(_ transport: HTTPTransport, _ path: String, key: String = SandboxProcess.key,
                     contentType: String = "application/json", body: [UInt8]) async throws -> APIResponse {
        try await transport.send(APIRequest(method: .post, path: path, query: [],
                                            headers: [("X-API-Key", key), ("Content-Type", contentType)], body: body))
    }

    @Test func oversizedWrongTypeAndRepeatedFieldsAreProblemsThatChangeNothing() async throws {
        let server = try SandboxProcess()
        defer { _ = server.stop() }
        let transport = HTTPTransport(baseURL: server.baseURL)
        let client = PaymentClient(transport: transport, apiKey: SandboxProcess.key)
        let before = try await client.sandboxBalances()

        let big = Array(repeating: UInt8(ascii: " "), count: 2 << 20)
        let tooLarge = try await Self.post(transport, "/orders/incoming", body: big)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.header("Content-Type") == "application/problem+json")
        #expect(String(decoding: tooLarge.body, as: UTF8.self).contains(#""detail":"a request body may hold at most 1048576 bytes""#))

        let wrongKey = try await Self.post(transport, "/orders/incoming", key: "nope", body: big)
        #expect(wrongKey.status == 401)

        let order = #"{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1","assetId":"TRX"}"#
        let form = try await Self.post(transport, "/orders/incoming", contentType: "application/x-www-form-urlencoded", body: Array(order.utf8))
        #expect(form.status == 415)
        #expect(String(decoding: form.body, as: UTF8.self).contains("not application/x-www-form-urlencoded"))

        let twice = #"{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1","amount":"1000","assetId":"TRX"}"#
        let repeated = try await Self.post(transport, "/orders/incoming", body: Array(twice.utf8))
        #expect(repeated.status == 400)
        #expect(String(decoding: repeated.body, as: UTF8.self).contains("the body names the field amount twice"))

        let charset = try await Self.post(transport, "/orders/incoming", contentType: "application/json; charset=utf-8", body: Array(order.utf8))
        #expect(charset.status == 201)
        let after = try await client.sandboxBalances()
        #expect(after == before)
        await transport.shutdown()
    }

    @Test func idleAndSlowConnectionsAreClosed() async throws {
        let server = try SandboxProcess(extra: ["--idle-timeout", "1", "--body-timeout", "1"])
        defer { _ = server.stop() }
        let port = Self.port(server.baseURL)

        // Connected, nothing sent: closed after the idle timeout, with nothing said.
        let silent = try RawConnection(port: port)
        #expect(silent.readUntilClosed(within: 5) == "")

        // Half a header, then nothing: the same.
        let halfHeader = try RawConnection(port: port)
        halfHeader.send("POST /orders/incoming HTTP/1.1\r\nHost: x\r\nX-API-Key: \(SandboxProcess.key)\r\n")
        #expect(halfHeader.readUntilClosed(within: 5) == "")

        // A body promised and never finished: closed after the body timeout. (No answer can go
        // out first: the HTTP server would wait for the rest of the body before writing one.)
        let slowBody = try RawConnection(port: port)
        slowBody.send("POST /orders/incoming HTTP/1.1\r\nHost: x\r\nX-API-Key: \(SandboxProcess.key)\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"integ")
        #expect(slowBody.readUntilClosed(within: 5) == "")
        // And the help says so (it said "before a 408", which never goes out: issue 31).
        let help = try PayProcess.run(["sandbox", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(help.contains("--body-timeout <body-timeout> Seconds a request body may take to arrive; past that the connection is closed, unanswered."))
        #expect(!help.contains("408"))

        // A chunked body (no Content-Length to refuse by) past the limit: 413, then closed.
        let chunk = String(repeating: " ", count: 0x100000)
        let chunked = try RawConnection(port: port)
        chunked.send("POST /orders/incoming HTTP/1.1\r\nHost: x\r\nX-API-Key: \(SandboxProcess.key)\r\n"
                     + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                     + "100000\r\n\(chunk)\r\n100000\r\n\(chunk)\r\n0\r\n\r\n")
        #expect(chunked.readUntilClosed(within: 5)?.hasPrefix("HTTP/1.1 413") == true)

        // Many slow bodies at once (this once crashed the server: its reader and the HTTP
        // server's both read the same stream).
        let slow = try (0..<20).map { _ in try RawConnection(port: port) }
        for connection in slow {
            connection.send("POST /orders/incoming HTTP/1.1\r\nHost: x\r\nX-API-Key: \(SandboxProcess.key)\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        }
        for connection in slow { #expect(connection.readUntilClosed(within: 5) == "") }

        // The server still serves (a GET, retried: on a loaded machine a one-second idle timeout
        // may close a fresh connection before its request is read).
        let transport = HTTPTransport(baseURL: server.baseURL)
        let client = PaymentClient(transport: transport, apiKey: SandboxProcess.key)
        do {
            #expect(try await client.sandboxClock().now.text == "2024-12-16T07:34:04+00:00")
        } catch {
            Issue.record("the server no longer serves: \(error)")
        }
        await transport.shutdown()
    }
}
