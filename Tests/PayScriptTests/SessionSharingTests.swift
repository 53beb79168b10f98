// What one invocation's runs share through the session: the catalog is fetched once for all of
// them and again only after refresh(); each run keeps its own order notes and refunds.
import Foundation
import PayClient
import PaySandbox
import Synchronization
import Testing
@testable import PayScript

/// The embedded sandbox, counting the requests that reach it by "METHOD path".
final class CountingTransport: Transport {
    let inner: InProcessTransport
    let counts = Mutex<[String: Int]>([:])

    init(_ sandbox: Sandbox) { inner = InProcessTransport(sandbox: sandbox) }

    func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        counts.withLock { $0["\(request.method.rawValue) \(request.path)", default: 0] += 1 }
        return try await inner.send(request)
    }

    func count(_ key: String) -> Int { counts.withLock { $0[key] ?? 0 } }
}

struct SessionSharingTests {
    func run(_ text: String, _ session: GatewaySession) async -> (lines: [String], error: ScriptError?) {
        let source = SourceFile(path: "shared.pay", text: text)
        let (program, diagnostics) = ScriptLoader.parse(source)
        precondition(diagnostics.isEmpty)
        let lines = LineSink()
        let interpreter = Interpreter(session: session, file: source) { lines.append($0) }
        do {
            try await interpreter.run(program)
            return (lines.all, nil)
        } catch {
            return (lines.all, error)
        }
    }

    @Test func parallelRunsFetchTheCatalogOnceUntilRefreshed() async {
        let transport = CountingTransport(Sandbox(config: SandboxConfig(seed: 3)))
        let session = GatewaySession(client: PaymentClient(transport: transport, apiKey: nil), isSandbox: true)
        let script = "let o = order 2 TRX\npay o\nwait o completed\nprint o.totalAmount + 1 USDT_TRC20 * 0"
        let results = await withTaskGroup(of: ScriptError?.self) { group in
            for _ in 0..<4 { group.addTask { await self.run(script, session).error } }
            return await group.reduce(into: [ScriptError?]()) { $0.append($1) }
        }
        // Each run adds TRX and USDT amounts only to be refused: the catalog knows they differ.
        #expect(results.map { $0?.diagnostics.first?.message } == Array(repeating: "cannot mix TRX and USDT_TRC20: convert one first", count: 4))
        #expect(transport.count("GET /crypto-assets") == 1)
        #expect(transport.count("GET /integrations") == 1)
        #expect(transport.count("POST /orders/incoming") == 4)
        _ = await run("print 1 TRX", session)
        #expect(transport.count("GET /crypto-assets") == 1)
        session.catalog.refresh()
        _ = await run("print 1 TRX", session)
        #expect(transport.count("GET /crypto-assets") == 2)
    }

    @Test func eachRunKeepsItsOwnRefunds() async {
        let session = GatewaySession.embedded()
        let first = await run("let o = order 2 TRX\npay o\nwait o completed\nrefund half\nprint o.id", session)
        #expect(first.error == nil)
        let id = first.lines[0]
        // Another run on the same session has refunded nothing of that order, so 'refund' (all
        // that is left, as far as this run knows) asks for the whole total and is refused.
        let second = await run("expect refused { refund of \"\(id)\" } as why\nprint why", session)
        #expect(second.error == nil)
        #expect(second.lines == ["POST /orders/outgoing/refund was refused (422): Validation failed: amount: exceeds the refundable remainder of 0.995000 TRX"])
    }
}
