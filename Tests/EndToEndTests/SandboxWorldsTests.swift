// `pay sandbox` as a team's stand-in gateway: scripts with --api know it is a sandbox (GET
// /sandbox) and may pay and move time; worlds keep parallel jobs apart, each with its own clock,
// orders and key. Every server here is a real process on a free loopback port.
import Foundation
import PayClient
import Testing

@Suite(.serialized)
struct SandboxWorldsTests {
    static let examples = PayBinary.packageRoot.appendingPathComponent("examples")

    /// The HTTP status the gateway refused `body` with; nil when it was not refused.
    static func refusal(_ body: () async throws -> Void) async -> Int? {
        do {
            try await body()
            return nil
        } catch {
            return (error as? PaymentError)?.status
        }
    }

    @Test func theCheckoutExampleRunsOverHTTPAsOnTheEmbeddedSandbox() async throws {
        let server = try SandboxProcess()
        defer { _ = server.stop() }
        let gateway = ["--api", server.baseURL, "--key", SandboxProcess.key]
        let remote = try await PayProcess.running(["run", "checkout.pay"] + gateway, in: Self.examples)
        let embedded = try await PayProcess.running(["run", "checkout.pay"], in: Self.examples)
        #expect(remote.stderr == "")
        #expect(remote.status == 0)
        #expect(remote.stdout == """
            pay 1.000000 TRX to TDM5hobAsM9YJCfgUiZfoQpn1Zy7qX7hwM
            refunded 0.497500 TRX to TH3rdRG9rfYpVCf9kXq4p4LktMbhoPLTpj

            """)
        #expect(remote.stdout == embedded.stdout)
    }

    @Test func worldsHaveTheirOwnClockOrdersAndKey() async throws {
        let server = try SandboxProcess()
        defer { _ = server.stop() }
        let transport = HTTPTransport(baseURL: server.baseURL)
        let admin = PaymentClient(transport: transport, apiKey: SandboxProcess.key)
        #expect(try await admin.sandboxInfo()?.world == "default")

        let (a, b) = (try await admin.sandboxCreateWorld(), try await admin.sandboxCreateWorld(seed: 7))
        #expect((a.world, b.world) == ("w1", "w2"))
        #expect(a.key != b.key && a.key.hasPrefix("sbx_") && a.key.count == 68)
        let inA = PaymentClient(transport: transport, apiKey: a.key)
        let inB = PaymentClient(transport: transport, apiKey: b.key)

        // Each world's clock moves alone.
        #expect(try await inA.sandboxAdvanceClock(seconds: 3600).now.text == "2024-12-16T08:34:04+00:00")
        #expect(try await inB.sandboxClock().now.text == "2024-12-16T07:34:04+00:00")
        #expect(try await admin.sandboxClock().now.text == "2024-12-16T07:34:04+00:00")

        // An order made in one world is unknown in the others.
        let created = try await inA.createIncomingOrder(IncomingOrderRequest(
            integrationId: "1ef65bda-11ad-63ca-8afe-73770edda314", amount: FixedDecimal("2")!, assetId: "TRX", externalId: nil))
        #expect(try await inA.order(id: created.orderId).status == .inProgress)
        for other in [inB, admin] {
            await #expect(throws: PaymentError.self) { _ = try await other.order(id: created.orderId) }
        }

        // A world's key cannot make worlds; it can end its own world, and its key then opens nothing.
        #expect(await Self.refusal { _ = try await inA.sandboxCreateWorld() } == 403)
        try await inA.sandboxDeleteWorld(a.world)
        #expect(await Self.refusal { _ = try await inA.sandboxClock() } == 401)
        #expect(await Self.refusal { try await admin.sandboxDeleteWorld("default") } == 409)
        #expect(await Self.refusal { try await inB.sandboxDeleteWorld("w1") } == 404)
        try await admin.sandboxDeleteWorld(b.world)
        await transport.shutdown()
    }

    /// Two `pay test --api` runs of the examples at once on one server: each file gets a world of
    /// its own, so neither sees the other's orders or clock, and both pass.
    @Test func twoTestRunsAtOnceOnOneServerBothPass() async throws {
        let server = try SandboxProcess()
        defer { _ = server.stop() }
        let arguments = ["test", ".", "--api", server.baseURL, "--key", SandboxProcess.key, "--jobs", "2"]
        async let first = PayProcess.running(arguments, in: Self.examples)
        async let second = PayProcess.running(arguments, in: Self.examples)
        let runs = try await [first, second]
        // A testcase per file, and one per row of refunds_by_row.pay's data (three rows).
        let count = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".pay") }.count + 2
        for run in runs {
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("\(count) passed, 0 failed"))
        }
        // The worlds were deleted afterwards; the default world saw none of it.
        let transport = HTTPTransport(baseURL: server.baseURL)
        let admin = PaymentClient(transport: transport, apiKey: SandboxProcess.key)
        #expect(try await admin.sandboxClock().now.text == "2024-12-16T07:34:04+00:00")
        #expect(try await admin.sandboxCreateWorld().world == "w\(2 * count + 1)")
        await transport.shutdown()
    }
}
