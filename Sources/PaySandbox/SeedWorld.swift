// The state the seed document shows: its order (paid, transaction 705) and the funded addresses
// its refund, withdrawal and send examples draw on, so each of its requests works as written.
import PayClient

enum SeedWorld {
    static let orderId = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
    static let paymentAddress = "TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qt"
    static let payerAddress = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"
    static let transferAddress = "TKrzGg5YHerPLypmVq5pb525oDe451mbtM"
    static let hash = "36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de"

    static func populate(_ gateway: inout Gateway) {
        let integration = SandboxCatalog.testIntegration.id
        _ = gateway.createIncomingOrder(integrationId: integration, amount: FixedDecimal("1")!, assetId: "TRX",
                                        externalId: "123", orderId: orderId, paymentAddress: paymentAddress)
        gateway.clock.advance(seconds: 700)  // 07:32:03, when the seed's payment was seen
        // Seen at 07:32:03 and confirmed at 07:34:04, as the document shows: 121 seconds, not the
        // sandbox's usual 120.
        _ = try? gateway.pay(orderId: orderId, amount: FixedDecimal("1")!, senderAddress: payerAddress,
                             transactionId: "705", hash: hash, confirmationDelay: 121)
        // A float order that funds the address the seed sends from (transaction 706), so the seed's
        // refund, withdrawal and send come out as transactions 707, 708 and 709, as in the document.
        let float = gateway.createIncomingOrder(integrationId: integration, amount: FixedDecimal("100")!,
                                                assetId: "TRX", externalId: "float-trx",
                                                paymentAddress: transferAddress)
        _ = try? gateway.pay(orderId: float.orderId, amount: FixedDecimal("100")!, senderAddress: nil)
        gateway.clock.advance(seconds: 121)  // 07:34:04: both confirmed (the float at 07:34:03)
        gateway.settle()
    }
}
