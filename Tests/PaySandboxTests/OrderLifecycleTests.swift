// Incoming orders through the payer, confirmations and expiry; outgoing orders through confirmation.
import Foundation
import PayClient
import PaySandbox
import Testing

struct OrderLifecycleTests {
    @Test func aNewOrderIsInProgressWithZeroAmountsAndAValidAddress() async throws {
        let h = SandboxHarness()
        let created = try await h.order("1", externalId: "A-1")
        try TronAddress.validate(created.paymentAddress)
        #expect(created.paymentLink.hasSuffix(created.orderId))
        let order = try await h.client.order(id: created.orderId)
        #expect(order.status == .inProgress)
        #expect(order.transactions.isEmpty)
        #expect([order.primaryAmount, order.serviceFeeAmount, order.totalAmount].map(\.description)
                == ["0.000000 TRX", "0.000000 TRX", "0.000000 TRX"])
        #expect(order.secondaryAmount.description == "0.00 EUR")
        #expect(order.externalId == "A-1")
        await h.checkLedger()
    }

    @Test func aFullPaymentConfirmsAfterTheDelayWithTheSeedFigures() async throws {
        let h = SandboxHarness()
        let created = try await h.order("1")
        let tx = try await h.client.sandboxPay(orderId: created.orderId,
                                               PayerPaymentRequest(amount: FixedDecimal("1")!, senderAddress: SandboxHarness.payer))
        #expect(tx.status == .inProgress)
        #expect(tx.hash.count == 64)
        #expect(tx.senderAddress == SandboxHarness.payer)
        #expect(tx.receiverAddress == created.paymentAddress)
        _ = try await h.client.sandboxAdvanceClock(seconds: 119)
        #expect(try await h.client.order(id: created.orderId).status == .inProgress)
        #expect(try await h.balance() == "0.000000")
        _ = try await h.client.sandboxAdvanceClock(seconds: 1)
        let order = try await h.client.order(id: created.orderId)
        #expect(order.status == .completed)
        #expect(order.primaryAmount.description == "1.000000 TRX")
        #expect(order.serviceFeeAmount.description == "0.005000 TRX")
        #expect(order.totalAmount.description == "0.995000 TRX")
        #expect(order.secondaryAmount.description == "0.27 EUR")
        #expect(order.transactions.map(\.status) == [.completed])
        #expect(try await h.client.transaction(id: tx.id).orderId == created.orderId)
        #expect(try await h.balance() == "0.995000")
        await h.checkLedger()
    }

    @Test func anUnderpaymentToppedUpInTimeCompletes() async throws {
        let h = SandboxHarness()
        let created = try await h.order("10")
        _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("4")!))
        _ = try await h.client.sandboxAdvanceClock(seconds: 20 * 60)
        var order = try await h.client.order(id: created.orderId)
        #expect(order.status == .inProgress)
        #expect(order.primaryAmount.description == "4.000000 TRX")
        #expect(order.totalAmount.description == "3.980000 TRX")
        _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("6")!))
        _ = try await h.client.sandboxAdvanceClock(seconds: 120)
        order = try await h.client.order(id: created.orderId)
        #expect(order.status == .completed)
        #expect(order.primaryAmount.description == "10.000000 TRX")
        #expect(order.transactions.count == 2)
        await h.checkLedger()
    }

    /// At its deadline an order short of its amount expires; what arrived is kept, shown and refundable.
    @Test func anUnderpaymentAtTheDeadlineExpiresKeepingWhatArrived() async throws {
        let h = SandboxHarness()
        let created = try await h.order("10")
        _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("4")!))
        let clock = try await h.client.sandboxAdvanceClock(seconds: 45 * 60)
        let order = try await h.client.order(id: created.orderId)
        #expect(order.status == .expired)
        #expect(order.updatedAt.text == "2024-12-16T07:50:23+00:00")
        #expect(clock.nextEventAt == nil)
        #expect(order.primaryAmount.description == "4.000000 TRX")
        #expect(order.totalAmount.description == "3.980000 TRX")
        #expect(try await h.balance() == "3.980000")
        try await h.expectRefusal(status: 409, field: nil, containing: "expired at 2024-12-16T07:50:23+00:00") {
            _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("6")!))
        }
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds the refundable remainder of 3.980000 TRX") {
            _ = try await h.client.refund(RefundRequest(amount: FixedDecimal("4")!, assetId: "TRX",
                                                        destinationAddress: SandboxHarness.payer, refundOrderId: created.orderId))
        }
        _ = try await h.client.refund(RefundRequest(amount: FixedDecimal("3.98")!, assetId: "TRX",
                                                    destinationAddress: SandboxHarness.payer, refundOrderId: created.orderId))
        #expect(try await h.balance() == "0.000000")
        await h.checkLedger()
    }

    /// A full payment seen before the deadline but confirming after it completes, not expires.
    @Test func aFullPaymentConfirmingAfterTheDeadlineCompletes() async throws {
        let h = SandboxHarness()
        let created = try await h.order("2")
        _ = try await h.client.sandboxAdvanceClock(seconds: 29 * 60)
        _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("2")!))
        _ = try await h.client.sandboxAdvanceClock(seconds: 90)
        #expect(try await h.client.order(id: created.orderId).status == .inProgress)
        _ = try await h.client.sandboxAdvanceClock(seconds: 30)
        #expect(try await h.client.order(id: created.orderId).status == .completed)
        await h.checkLedger()
    }

    @Test func theClockStopsAtTheEndOfYear9999() async throws {
        let h = SandboxHarness()
        for _ in 0..<795 { _ = try await h.client.sandboxAdvanceClock(seconds: 316_224_000) }
        let rest = 253_402_300_799 - (try await h.client.sandboxClock().now.epochSeconds)
        #expect(rest > 0 && rest < 316_224_000)
        #expect(try await h.client.sandboxAdvanceClock(seconds: Int(rest)).now.text == "9999-12-31T23:59:59+00:00")
        try await h.expectRefusal(status: 422, field: "seconds", containing: "would move the clock past 9999-12-31T23:59:59Z") {
            _ = try await h.client.sandboxAdvanceClock(seconds: 1)
        }
        #expect(try await h.client.sandboxClock().now.text == "9999-12-31T23:59:59+00:00")
    }

    @Test func anOverpaymentCompletesWithEverythingThatArrived() async throws {
        let h = SandboxHarness()
        let created = try await h.order("1")
        _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("1.5")!))
        _ = try await h.client.sandboxAdvanceClock(seconds: 120)
        let order = try await h.client.order(id: created.orderId)
        #expect(order.status == .completed)
        #expect(order.primaryAmount.description == "1.500000 TRX")
        #expect(order.serviceFeeAmount.description == "0.007500 TRX")
        #expect(order.totalAmount.description == "1.492500 TRX")
        await h.checkLedger()
    }

    @Test func anUnpaidOrderExpiresAtTheEndOfItsLifetime() async throws {
        let h = SandboxHarness()
        let created = try await h.order("1")
        _ = try await h.client.sandboxAdvanceClock(seconds: 30 * 60 - 1)
        #expect(try await h.client.order(id: created.orderId).status == .inProgress)
        _ = try await h.client.sandboxAdvanceClock(seconds: 1)
        let order = try await h.client.order(id: created.orderId)
        #expect(order.status == .expired)
        #expect(order.updatedAt.epochSeconds - order.createdAt.epochSeconds == 30 * 60)
        try await h.expectRefusal(status: 409, field: nil, containing: "expired") {
            _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("1")!))
        }
        await h.checkLedger()
    }

    @Test func aPaymentSeenBeforeExpiryStillConfirms() async throws {
        let h = SandboxHarness()
        let created = try await h.order("1")
        _ = try await h.client.sandboxAdvanceClock(seconds: 29 * 60)
        _ = try await h.client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal("1")!))
        _ = try await h.client.sandboxAdvanceClock(seconds: 10 * 60)
        #expect(try await h.client.order(id: created.orderId).status == .completed)
        await h.checkLedger()
    }

    @Test func refundsOfHalfThenTheRestThenNoMore() async throws {
        let h = SandboxHarness()
        let orderId = try await h.paidOrder("1")
        let half = try await h.client.refund(RefundRequest(amount: FixedDecimal("0.4975")!, assetId: "TRX",
                                                           destinationAddress: SandboxHarness.payer, refundOrderId: orderId))
        var refund = try await h.client.order(id: half.orderId)
        #expect(refund.status == .inProgress)
        #expect(refund.primaryAmount.description == "0.497500 TRX")
        #expect(refund.transactions.first?.receiverAddress == SandboxHarness.payer)
        #expect(try await h.balance() == "0.497500")
        _ = try await h.client.sandboxAdvanceClock(seconds: 120)
        refund = try await h.client.order(id: half.orderId)
        #expect(refund.status == .completed)
        _ = try await h.client.refund(RefundRequest(amount: FixedDecimal("0.4975")!, assetId: "TRX",
                                                    destinationAddress: SandboxHarness.payer, refundOrderId: orderId))
        #expect(try await h.balance() == "0.000000")
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds the refundable remainder of 0.000000 TRX") {
            _ = try await h.client.refund(RefundRequest(amount: FixedDecimal("0.000001")!, assetId: "TRX",
                                                        destinationAddress: SandboxHarness.payer, refundOrderId: orderId))
        }
        await h.checkLedger()
    }

    @Test func withdrawalAndSendDebitAndComplete() async throws {
        let h = SandboxHarness()
        let orderId = try await h.paidOrder("10")
        let address = try #require(try await h.client.order(id: orderId).transactions.first?.receiverAddress)
        let withdrawal = try await h.client.withdraw(WithdrawalRequest(amount: FixedDecimal("2")!, assetId: "TRX",
                                                                       destinationAddress: SandboxHarness.elsewhere,
                                                                       integrationId: SandboxHarness.integration))
        let sent = try await h.client.send(SendRequest(amount: FixedDecimal("1.20")!, assetId: "TRX", transferAddress: address,
                                                       destinationAddress: SandboxHarness.elsewhere,
                                                       integrationId: SandboxHarness.integration, externalId: "s-1"))
        #expect(sent.transactionId != nil)
        #expect(try await h.balance() == "6.750000")
        _ = try await h.client.sandboxAdvanceClock(seconds: 120)
        #expect(try await h.client.order(id: withdrawal.orderId).status == .completed)
        let sendOrder = try await h.client.order(id: sent.orderId)
        #expect(sendOrder.status == .completed)
        #expect(sendOrder.externalId == "s-1")
        #expect(sendOrder.transactions.first?.senderAddress == address)
        let ledger = try #require(await h.sandbox.ledger().first { $0.assetId == "TRX" })
        #expect([ledger.received, ledger.held, ledger.sent, ledger.fees].map(\.decimalString)
                == ["10.000000", "6.750000", "3.200000", "0.050000"])
        await h.checkLedger()
    }

    @Test func theSameSeedGivesTheSameIdsAndAnotherSeedOthers() async throws {
        let first = try await SandboxHarness(seed: 7).order("1")
        let again = try await SandboxHarness(seed: 7).order("1")
        let other = try await SandboxHarness(seed: 8).order("1")
        #expect(first == again)
        #expect(first.orderId != other.orderId)
        #expect(first.paymentAddress != other.paymentAddress)
    }

    @Test func theSeedWorldHoldsTheSeedDocumentsOrder() async throws {
        let h = SandboxHarness(seedWorld: true)
        let order = try await h.client.order(id: "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80")
        #expect(order.status == .completed)
        #expect(order.externalId == "123")
        #expect(order.totalAmount.description == "0.995000 TRX")
        let tx = try await h.client.transaction(id: "705")
        #expect(tx.hash == "36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de")
        #expect(tx.receiverAddress == "TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qt")
        #expect(tx.createdAt.text == "2024-12-16T07:32:03+00:00")
        await h.checkLedger()
    }

    @Test func ratesComeFromTheFixedTable() async throws {
        let h = SandboxHarness()
        let usd = try await h.client.exchangeRates(amount: FixedDecimal("1")!, currency: "USD")
        #expect(usd.map { "\($0.assetId) \($0.rate) \($0.crypto)" } == ["USDT_TRC20 1.000460 1.000460 USDT", "TRX 3.538946 3.538946 TRX"])
        let eur = try await h.client.exchangeRates(amount: FixedDecimal("10")!, currency: "EUR")
        // 10 / 0.924 and 10 / 0.27, rounded once; the published rate is only for display.
        #expect(eur.map(\.crypto.description) == ["10.822511 USDT", "37.037037 TRX"])
        #expect(eur.map(\.rate.description) == ["1.082251", "3.703704"])
        let quote = try await h.client.exchangeRates(amount: FixedDecimal("27")!, currency: "EUR")
        #expect(quote.map(\.crypto.description) == ["29.220779 USDT", "100.000000 TRX"])
    }

    @Test func integrationsArePaginated() async throws {
        let h = SandboxHarness()
        let first = try await h.client.integrations(page: 1, perPage: 1)
        #expect(first.data.map(\.name) == ["test"])
        #expect(first.pagination == Pagination(quantity: 1, totalQuantity: 1, currentPage: 1, pages: 1))
        let beyond = try await h.client.integrations(page: 2, perPage: 1)
        #expect(beyond.data.isEmpty)
        #expect(beyond.pagination.currentPage == 2)
    }

    @Test func resetStartsOver() async throws {
        let h = SandboxHarness()
        let created = try await h.order("1")
        _ = try await h.client.sandboxAdvanceClock(seconds: 600)
        let clock = try await h.client.sandboxReset()
        #expect(clock.now.text == "2024-12-16T07:20:23+00:00")
        await #expect(throws: PaymentError.self) { _ = try await h.client.order(id: created.orderId) }
    }
}
