// What a run makes of a gateway before its first statement: a `GET /sandbox` that fails once is
// asked again, as every GET is, and a gateway that cannot say how many decimal places an asset
// has is a runtime error (3) where the literal stands, not a check error (2, which promises that
// no request was made). Served by loopback gateways these tests start and stop.
import Foundation
import LoopbackServer
import Synchronization
import Testing

struct GatewayProbeTests {
    static let destination = "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"
    static func assets(precision: Bool) -> String {
        """
        {"assets":[{"id":"USDT","currencyCode":"USDT","displayName":"Tether","blockchainId":"tron",\
        "blockchainDisplayName":"Tron","name":"USDT"\(precision ? #","precision":6"# : "")}]}
        """
    }

    static func folder(_ text: String) throws -> URL {
        try TestRunnerTests.folder(["s.pay": text])
    }

    /// Issue 31: with every GET answered 503 a run made 12 attempts before its first error (4 at
    /// `GET /sandbox`, 4 at `GET /crypto-assets` beside them, then 4 more when the statement asked
    /// again). The start's reads share one budget of retries, and the statement meets the start's
    /// failure: 2 first attempts and 3 retries between them.
    @Test func aGatewayThatIsDownIsGivenUpOnFast() async throws {
        let server = try await LoopbackServer.start(reading: { _, _, _ in
            LoopbackServer.json(503, #"{"title":"Unavailable","status":503}"#)
        })
        defer { Task { await server.stop() } }
        let folder = try Self.folder("print 1 USDT\n")
        let run = try await PayProcess.running(["run", "s.pay", "--api", server.baseURL, "--key", "down-gateway-key"], in: folder)
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("s.pay:1:7: error[P502]: GET /crypto-assets answered 503"), "\(run.stderr)")
        let asked = await server.log.requests.map(\.path)
        #expect(asked.count == 5, "\(asked)")
        #expect(Set(asked) == ["/sandbox", "/crypto-assets"])
    }

    /// The first `GET /sandbox` meets a 503; the second says "sandbox". The run is then on a
    /// sandbox: a withdrawal needs no --allow-outgoing and reaches the gateway (which refuses it).
    @Test func aFailedSandboxProbeIsAskedAgain() async throws {
        let probes = Atomic<Int>(0)
        let server = try await LoopbackServer.start(reading: { _, request, _ in
            switch request.uri.path {
            case "/sandbox" where probes.add(1, ordering: .relaxed).newValue == 1:
                LoopbackServer.json(503, #"{"title":"Unavailable","status":503}"#)
            case "/sandbox":
                LoopbackServer.json(200, #"{"sandbox":true,"world":"default","now":"2024-12-16T07:20:23+00:00","realtime":false}"#)
            case "/crypto-assets": LoopbackServer.json(200, Self.assets(precision: true))
            case "/integrations":
                LoopbackServer.json(200, #"{"data":[{"name":"test","id":"i-1","url":"","status":"active"}],"pagination":{"quantity":1,"totalQuantity":1,"currentPage":1,"pages":1}}"#)
            default: LoopbackServer.json(422, #"{"type":"about:blank","title":"Validation failed","status":422,"detail":"balance: insufficient"}"#, contentType: "application/problem+json")
            }
        })
        defer { Task { await server.stop() } }
        let folder = try Self.folder("withdraw 1 USDT to \"\(Self.destination)\"\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await PayProcess.running(["run", "s.pay", "--api", server.baseURL, "--key", "probe-key"], in: folder)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("s.pay:1:1: error[P501]: POST /orders/outgoing/withdrawal was refused (422): Validation failed: balance: insufficient"))
        // The probe and the catalog reads go out side by side, in no set order, before the first statement.
        let paths = await server.log.requests.map { "\($0.method) \($0.path)" }
        #expect(paths.prefix(4).sorted() == ["GET /crypto-assets", "GET /integrations", "GET /sandbox", "GET /sandbox"])
        #expect(paths.dropFirst(4) == ["POST /orders/outgoing/withdrawal"])
    }

    /// Assets without a precision, and no exchange rates to read one from.
    @Test func aPrecisionTheGatewayDoesNotStateIsARuntimeError() async throws {
        let server = try await LoopbackServer.start(reading: { _, request, _ in
            switch request.uri.path {
            case "/crypto-assets": LoopbackServer.json(200, Self.assets(precision: false))
            case "/exchange-rates": LoopbackServer.json(200, #"{"rates":[]}"#)
            default: LoopbackServer.json(404, #"{"title":"Not Found","status":404}"#)
            }
        })
        defer { Task { await server.stop() } }
        let folder = try Self.folder("print \"start\"\nprint 1 USDT\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let gateway = ["--api", server.baseURL, "--key", "probe-key"]
        let message = "s.pay:2:7: error[P306]: the gateway does not say how many decimal places USDT has: its asset list states no precision and its exchange rates do not quote it"
        let run = try await PayProcess.running(["run", "s.pay"] + gateway, in: folder)
        #expect(run.status == 3)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
        let check = try await PayProcess.running(["check", "s.pay"] + gateway, in: folder)
        #expect(check.status == 3)
        #expect(check.stderr.hasPrefix(message), "\(check.stderr)")
    }
}
