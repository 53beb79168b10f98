// Defects planted on purpose, one at a time, for `pay explore`'s own test: each is a realistic
// bug a gateway could ship, and each breaks one invariant that must hold on any correct gateway.
// `pay sandbox --defect NAME` plants one; nothing else does, and a sandbox without one has none.

public enum SandboxDefect: String, CaseIterable, Sendable {
    case refundPastRemainder = "refund-past-remainder"
    case feeRoundedUp = "fee-rounded-up"
    case expiredCompletes = "expired-completes"
    case sendNotDebited = "send-not-debited"
    case duplicateTransactionId = "duplicate-transaction-id"

    /// One line for `--list-defects`: what goes wrong, and which invariant it breaks.
    public var summary: String {
        switch self {
        case .refundPastRemainder: "a refund larger than what is left of the order is accepted (a refund never exceeds the remainder)"
        case .feeRoundedUp: "an order's fee is shown rounded up at the asset's scale, its total rounded down (total = primary - fee)"
        case .expiredCompletes: "an expired order takes a payment and completes (statuses only move forward; expired is final)"
        case .sendNotDebited: "a send from a payment address leaves the integration's balance as it was (the ledger balances)"
        case .duplicateTransactionId: "an outgoing order's transaction reuses the last transaction's id (every id reads back as itself)"
        }
    }
}

/// The points where a planted defect may bend the gateway's rules, named for the rule each bends,
/// so the rules (Gateway.swift, Records.swift) ask a question and never name a defect. Each answer
/// is false unless `pay sandbox --defect` planted the one that bends it.
struct DefectHooks: Sendable {
    let planted: SandboxDefect?

    /// A refund may exceed what is left to refund of its order.
    var refundMayExceedRemainder: Bool { planted == .refundPastRemainder }
    /// An expired order still takes a payment, and completes on it.
    var expiredOrderTakesPayment: Bool { planted == .expiredCompletes }
    /// A send from a payment address leaves the integration's balance as it was.
    var sendLeavesBalance: Bool { planted == .sendNotDebited }
    /// An outgoing order's transaction takes the last transaction's id again.
    var outgoingReusesTransactionId: Bool { planted == .duplicateTransactionId }
    /// An incoming order's fee is shown rounded up, its total rounded down.
    var feeShownRoundedUp: Bool { planted == .feeRoundedUp }
}

extension SandboxConfig {
    var defects: DefectHooks { DefectHooks(planted: defect) }
}
