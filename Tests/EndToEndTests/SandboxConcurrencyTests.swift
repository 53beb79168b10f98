// Many clients at once on one `pay sandbox`: racing over-refunds of one order, over real HTTP on
// loopback. Exactly one of each pair succeeds, no order is lost or made twice, and the ledger
// balances afterwards.
import Foundation
import PayClient
import Testing

@Suite(.serialized)
struct SandboxConcurrencyTests {
    static let integration = "1ef65bda-11ad-63ca-8afe-73770edda314"
    static let payer = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"

    @Test func ofTwoRacingOverRefundsExactlyOneSucceeds() async throws {
        let server = try SandboxProcess()
        defer { _ = server.stop() }
        let transport = HTTPTransport(baseURL: server.baseURL)
        let client = PaymentClient(transport: transport, apiKey: SandboxProcess.key, retry: .none)
        var orders: [String] = []
        for _ in 0..<20 {
            let created = try await client.createIncomingOrder(IncomingOrderRequest(
                integrationId: Self.integration, amount: FixedDecimal("1")!, assetId: "TRX", externalId: nil))
            _ = try await client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("1")!))
            orders.append(created.orderId)
        }
        _ = try await client.sandboxAdvanceClock(seconds: 120)

        // Each order's net is 0.995 TRX: two refunds of 0.6 cannot both fit.
        var outcomes: [[Bool]] = []
        for order in orders {
            let refund = RefundRequest(amount: FixedDecimal("0.6")!, assetId: "TRX", destinationAddress: Self.payer, refundOrderId: order)
            async let first = try? client.refund(refund)
            async let second = try? client.refund(refund)
            outcomes.append([await first != nil, await second != nil])
        }
        #expect(outcomes.filter { $0.filter { $0 }.count == 1 }.count == 20, "\(outcomes)")
        for order in orders {
            #expect(try await client.order(id: order).status == .completed)
        }
        let ledger = try #require(try await client.sandboxBalances().ledger.first { $0.assetId == "TRX" })
        #expect(ledger.balances)
        #expect(ledger.sent.decimalString == "12.000000")
        await transport.shutdown()
    }
}
