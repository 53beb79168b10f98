// The sandbox's stored state for orders and transactions, and how each is shown in the API.
import Foundation
import PayClient

enum OrderKind: Sendable, Equatable {
    case incoming(paymentAddress: String)
    case refund(of: String)
    case withdrawal
    case send(transferAddress: String)

    var isIncoming: Bool { if case .incoming = self { true } else { false } }
}

struct OrderRecord: Sendable {
    var id: String
    var kind: OrderKind
    var integrationId: String
    var assetId: String
    var externalId: String?
    /// For incoming orders, what the payer is asked for; for outgoing ones, what is sent.
    var amount: FixedDecimal
    var status: OrderStatus
    var createdAt: Int64
    var updatedAt: Int64
    var expiresAt: Int64?
    var transactionIds: [String] = []
}

struct TransactionRecord: Sendable {
    var id: String
    var orderId: String
    var hash: String
    var status: OrderStatus
    var createdAt: Int64
    var updatedAt: Int64
    var receiverAddress: String
    var senderAddress: String
    var primary: FixedDecimal
    var fee: FixedDecimal
    var secondary: Amount
    /// The virtual time at which it confirms.
    var confirmsAt: Int64

    var total: FixedDecimal { primary - fee }
}

extension Gateway {
    /// A stored value written at its asset's precision. Stored values are at most 21 integer digits
    /// and never finer than the precision, so this cannot fail.
    func money(_ value: FixedDecimal, _ code: String, _ asset: SandboxAsset) -> Amount {
        Amount(try! value.rounded(to: asset.precision), code)
    }

    func view(of tx: TransactionRecord, standalone: Bool) -> Transaction {
        let order = orders[tx.orderId]!
        let asset = SandboxCatalog.asset(order.assetId)!
        let code = asset.asset.currencyCode
        return Transaction(
            id: tx.id, orderId: standalone ? tx.orderId : nil, hash: tx.hash, status: tx.status,
            createdAt: Timestamp(epochSeconds: tx.createdAt), updatedAt: Timestamp(epochSeconds: tx.updatedAt),
            receiverAddress: tx.receiverAddress,
            primaryAmount: money(tx.primary, code, asset),
            secondaryAmount: tx.secondary,
            serviceFeeAmount: money(tx.fee, code, asset),
            totalAmount: money(tx.total, code, asset),
            externalId: standalone ? order.externalId : nil,
            senderAddress: tx.senderAddress)
    }

    /// Incoming orders show what has been confirmed so far; outgoing ones what they send.
    func view(of order: OrderRecord) -> Order {
        let asset = SandboxCatalog.asset(order.assetId)!
        let code = asset.asset.currencyCode
        let txs = order.transactionIds.map { transactions[$0]! }
        let counted = order.kind.isIncoming ? txs.filter { $0.status == .completed } : txs
        let primary = counted.reduce(FixedDecimal.zero) { $0 + $1.primary }
        let fee = counted.reduce(FixedDecimal.zero) { $0 + $1.fee }
        var shownFee = fee
        if config.defects.feeShownRoundedUp, order.kind.isIncoming, primary.signum > 0 {
            // The fee worked out again on the whole amount, rounded up where the total is not.
            let exact = (try? primary.multiplied(by: config.feeRate)) ?? fee
            let near = (try? exact.rounded(to: asset.precision)) ?? fee
            let unit = FixedDecimal(asset.precision == 0 ? "1" : "0." + String(repeating: "0", count: asset.precision - 1) + "1")!
            shownFee = near < exact ? near + unit : near
        }
        let secondary = counted.reduce(FixedDecimal.zero) { $0 + $1.secondary.number }
        return Order(
            id: order.id, status: order.status,
            createdAt: Timestamp(epochSeconds: order.createdAt), updatedAt: Timestamp(epochSeconds: order.updatedAt),
            transactions: txs.map { view(of: $0, standalone: false) },
            primaryAmount: money(primary, code, asset),
            secondaryAmount: Amount(try! secondary.rounded(to: 2), "EUR"),
            serviceFeeAmount: money(shownFee, code, asset),
            totalAmount: money(primary - fee, code, asset),
            externalId: order.externalId)
    }
}
