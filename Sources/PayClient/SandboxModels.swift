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

/// `{"seconds": N}`, or `{"milliseconds": N}` for a step finer than a second.
public struct ClockAdvanceRequest: Codable, Sendable, Equatable {
    public var seconds: Int?
    public var milliseconds: Int64?
    public init(seconds: Int) { self.seconds = seconds }
    /// Whole seconds as `seconds`, so a sandbox older than milliseconds takes them; else `milliseconds`.
    public init(milliseconds: Int64) {
        if milliseconds % 1000 == 0 { seconds = Int(milliseconds / 1000) } else { self.milliseconds = milliseconds }
    }
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

/// `GET /sandbox`: what a sandbox says of itself, so a client knows it may pay and move time.
/// A real gateway has no such path (404).
public struct SandboxInfo: Codable, Sendable, Equatable {
    /// Always true; a client treats the gateway as a sandbox only when it is.
    public var sandbox: Bool
    /// The world the key sees: `default` for the server's own key.
    public var world: String
    public var now: Timestamp
    public var realtime: Bool

    public init(sandbox: Bool = true, world: String, now: Timestamp, realtime: Bool) {
        self.sandbox = sandbox
        self.world = world
        self.now = now
        self.realtime = realtime
    }
}

/// `POST /sandbox/worlds`: a world of its own (clock, ledger, seed world), optionally seeded.
public struct WorldRequest: Codable, Sendable, Equatable {
    public var seed: UInt64?
    public init(seed: UInt64? = nil) { self.seed = seed }
}

/// A created world: its id, and the key whose requests see only it.
public struct WorldCreated: Codable, Sendable, Equatable {
    public var world: String
    public var key: String
    public var now: Timestamp

    public init(world: String, key: String, now: Timestamp) {
        self.world = world
        self.key = key
        self.now = now
    }
}

/// `DELETE /sandbox/worlds/{id}`: the world is gone, with everything in it.
public struct WorldDeleted: Codable, Sendable, Equatable {
    public var world: String
    public var deleted: Bool
    public init(world: String, deleted: Bool = true) {
        self.world = world
        self.deleted = deleted
    }
}

/// Headers a sandbox adds to the gateway's answers.
public enum SandboxHeaders {
    /// On the answer to creating or paying an order: the order's status after it.
    public static let orderStatus = "Pay-Sandbox-Order-Status"
}
