// A gateway stand-in for the exchange tests: a real HTTP server on loopback whose answers come
// from an in-process sandbox, so every request it gets is counted and logged, and an answer can be
// altered on its way out (a planted difference for `pay diff`).
import Foundation
import LoopbackServer
import PayClient
import PaySandbox
import HTTPTypes

enum SandboxGateway {
    static let key = "sk_test_exchange_7Qz"

    /// `alter` may rewrite an answer (by the request's path) before it is sent.
    /// `hidden`: it does not answer `GET /sandbox`, so `pay` takes it for a real gateway.
    static func start(seed: UInt64 = 1, hidden: Bool = false, alter: (@Sendable (String, APIResponse) -> APIResponse)? = nil) async throws -> LoopbackServer {
        var config = SandboxConfig(seed: seed, apiKey: key)
        config.announcesItself = !hidden
        let transport = InProcessTransport(sandbox: Sandbox(config: config))
        return try await LoopbackServer.start(reading: { _, request, body in
            let query = (request.uri.query ?? "").split(separator: "&").compactMap { pair -> (name: String, value: String)? in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = PathEncoding.decode(String(parts[0])) else { return nil }
                return (name, parts.count > 1 ? PathEncoding.decode(String(parts[1])) ?? "" : "")
            }
            let method = HTTPMethod(rawValue: request.method.rawValue) ?? .get
            var answer = try await transport.send(APIRequest(
                method: method, path: request.uri.path, query: query,
                headers: request.headers.map { ($0.name.rawName, $0.value) }, body: Array(body.utf8)))
            if let alter { answer = alter(request.uri.path, answer) }
            var fields = HTTPFields()
            for header in answer.headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        })
    }
}
