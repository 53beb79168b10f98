// Requests and responses of the sandbox's own extensions under /sandbox/...: the payer, the clock, balances.

/// The simulated payer sends `amount` of the order's asset to its payment address.
public struct PayerPaymentRequest: Codable, Sendable, Equatable {
    public var amount: FixedDecimal
    public var senderAddress: String?

    public init(amount: FixedDecimal, senderAddress: String? = nil) {
        self.amount = amount
        self.senderAddress = senderAddress
    }
}

public struct ClockState: Codable, Sendable, Equatable {
    public var now: Timestamp
    public var realtime: Bool
    /// When the next confirmation or expiry falls due, if any is pending: until then no order or
    /// transaction changes, so a waiting client may move time straight to it.
    public var nextEventAt: Timestamp?

    public init(now: Timestamp, realtime: Bool, nextEventAt: Timestamp? = nil) {
        self.now = now
        self.realtime = realtime
        self.nextEventAt = nextEventAt
    }
}

public struct ClockAdvanceRequest: Codable, Sendable, Equatable {
    public var seconds: Int
    public init(seconds: Int) { self.seconds = seconds }
}

public struct SandboxResetRequest: Codable, Sendable, Equatable {
    public var seed: UInt64?
    public init(seed: UInt64?) { self.seed = seed }
}

/// What one integration holds of one asset.
public struct Balance: Codable, Sendable, Equatable {
    public var integrationId: String
    public var assetId: String
    public var available: Amount

    public init(integrationId: String, assetId: String, available: Amount) {
        self.integrationId = integrationId
        self.assetId = assetId
        self.available = available
    }
}

/// Totals per asset; `received == held + sent + fees` always holds.
public struct LedgerTotals: Codable, Sendable, Equatable {
    public var assetId: String
    public var received: Amount
    public var held: Amount
    public var sent: Amount
    public var fees: Amount

    public init(assetId: String, received: Amount, held: Amount, sent: Amount, fees: Amount) {
        self.assetId = assetId
        self.received = received
        self.held = held
        self.sent = sent
        self.fees = fees
    }

    /// received = held + sent + fees, exactly (a sum that cannot be held does not balance).
    public var balances: Bool {
        guard let out = try? held.number.adding(sent.number).adding(fees.number) else { return false }
        return received.number == out
    }
}

public struct SandboxBalances: Codable, Sendable, Equatable {
    public var balances: [Balance]
    public var ledger: [LedgerTotals]

    public init(balances: [Balance], ledger: [LedgerTotals]) {
        self.balances = balances
        self.ledger = ledger
    }
}
