// `pay sandbox --data FILE`: a server killed with SIGKILL in the middle of a load of orders,
// payments, clock moves and refunds restarts from its file with every change it acknowledged,
// in every world, and its ledger balanced. The load runs over real HTTP on loopback.
import Foundation
import PayClient
import Testing

/// What the server said yes to, as the load saw it.
actor Acknowledged {
    var orders: [String] = []
    var refunds: [(id: String, of: String)] = []
    func order(_ id: String) { orders.append(id) }
    func refund(_ id: String, of order: String) { refunds.append((id, order)) }
}

@Suite(.serialized)
struct SandboxDurabilityTests {
    static let integration = "1ef65bda-11ad-63ca-8afe-73770edda314"
    static let payer = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"

    /// One worker's loop: order, pay, let it confirm, refund half; until the server stops answering.
    static func load(_ client: PaymentClient, into acknowledged: Acknowledged) async {
        while true {
            do {
                let created = try await client.createIncomingOrder(IncomingOrderRequest(
                    integrationId: integration, amount: FixedDecimal("2")!, assetId: "TRX", externalId: nil))
                await acknowledged.order(created.orderId)
                _ = try await client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("2")!))
                _ = try await client.sandboxAdvanceClock(seconds: 120)
                let refund = try await client.refund(RefundRequest(amount: FixedDecimal("0.5")!, assetId: "TRX",
                                                                   destinationAddress: payer, refundOrderId: created.orderId))
                await acknowledged.refund(refund.orderId, of: created.orderId)
            } catch {
                return
            }
        }
    }

    @Test func aServerKilledUnderLoadRestartsWithEveryAcknowledgedChange() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sandbox.sqlite").path

        let first = try SandboxProcess(extra: ["--data", file])
        let transport = HTTPTransport(baseURL: first.baseURL)
        let admin = PaymentClient(transport: transport, apiKey: SandboxProcess.key, retry: .none)
        let world = try await admin.sandboxCreateWorld(seed: 5)
        let inWorld = PaymentClient(transport: transport, apiKey: world.key, retry: .none)
        _ = try await inWorld.sandboxAdvanceClock(seconds: 600)

        let acknowledged = Acknowledged()
        let workers = Task {
            await withTaskGroup(of: Void.self) { group in
                for client in [admin, admin, inWorld] { group.addTask { await Self.load(client, into: acknowledged) } }
            }
        }
        // Let the load run until there is something to lose, then kill the server mid-request.
        while await acknowledged.refunds.count < 30 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(first.stop(signal: SIGKILL) == SIGKILL)
        await workers.value
        await transport.shutdown()

        let second = try SandboxProcess(extra: ["--data", file])
        defer { _ = second.stop() }
        let again = HTTPTransport(baseURL: second.baseURL)
        let admin2 = PaymentClient(transport: again, apiKey: SandboxProcess.key, retry: .none)
        let world2 = PaymentClient(transport: again, apiKey: world.key, retry: .none)
        var missing: [String] = []
        for id in await acknowledged.orders {
            let found = (try? await admin2.order(id: id)) != nil
            let foundInWorld = (try? await world2.order(id: id)) != nil
            if !found && !foundInWorld { missing.append(id) }
        }
        #expect(missing == [])
        for (refund, order) in await acknowledged.refunds {
            let client = (try? await admin2.order(id: order)) != nil ? admin2 : world2
            let shown = try await client.order(id: refund)
            #expect(shown.primaryAmount.description == "0.500000 TRX")
        }
        for client in [admin2, world2] {
            for totals in try await client.sandboxBalances().ledger {
                #expect(totals.balances, "\(totals)")
            }
        }
        #expect(try await world2.sandboxInfo()?.world == world.world)
        #expect(await acknowledged.orders.count >= 30)
        await again.shutdown()
    }

    @Test func aFileMadeWithAnotherSeedIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sandbox.sqlite").path
        let first = try SandboxProcess(extra: ["--data", file])
        #expect(first.stop() == 0)
        let other = try PayProcess.run(["sandbox", "--port", "0", "--data", file, "--seed", "2"])
        #expect(other.status == 64)
        #expect(other.stderr == "pay sandbox: \(file) holds a sandbox made with --seed 1, not 2; give --seed 1 or another file\n")
        let realtime = try PayProcess.run(["sandbox", "--port", "0", "--data", file, "--realtime"])
        #expect(realtime.status == 64)
        #expect(realtime.stderr.contains("--data and --realtime do not go together"))
    }
}
