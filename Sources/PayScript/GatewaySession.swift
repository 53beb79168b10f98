// What a script runs against: a client, whether it is the sandbox, the guards for real money, and
// what all runs of one invocation share.
import PayClient
import Synchronization

/// Outgoing payments against a real gateway need `--allow-outgoing`, and stay under optional caps.
public struct SafetyPolicy: Sendable {
    public var allowOutgoing: Bool
    /// The most one `pay` invocation may send out in all, at most one cap per currency.
    public var maxOutgoing: [Amount]
    /// Asks a person at a terminal whether to send (`refund 0.5 TRX of order … to T…?`); true
    /// sends. With it, every outgoing payment on a real gateway is asked about, and it stands
    /// in for --allow-outgoing; without it (no terminal), --allow-outgoing is required.
    public var confirm: (@Sendable (String) async -> Bool)?

    public init(allowOutgoing: Bool = false, maxOutgoing: [Amount] = [], confirm: (@Sendable (String) async -> Bool)? = nil) {
        self.allowOutgoing = allowOutgoing
        self.maxOutgoing = maxOutgoing
        self.confirm = confirm
    }
}

/// What has been sent out, per asset id, by every run of one `pay` invocation. A payment is
/// reserved before its request goes out and released only on a definite refusal, so a payment
/// whose outcome is unknown counts as sent.
public final class OutgoingBudget: Sendable {
    private let spent = Mutex<[String: FixedDecimal]>([:])

    public init() {}

    /// Adds `amount` to what `assetId` has spent if that stays within `cap`; otherwise returns what
    /// was already spent and changes nothing.
    func reserve(_ amount: FixedDecimal, assetId: String, cap: FixedDecimal?) -> FixedDecimal? {
        spent.withLock { spent in
            let already = spent[assetId] ?? .zero
            guard let total = try? already.adding(amount), cap.map({ total <= $0 }) ?? true else { return already }
            spent[assetId] = total
            return nil
        }
    }

    /// Gives back a reservation after the gateway definitely refused the payment.
    func release(_ amount: FixedDecimal, assetId: String) {
        spent.withLock { spent in
            if let already = spent[assetId], let rest = try? already.subtracting(amount) { spent[assetId] = rest }
        }
    }

    public func spent(_ assetId: String) -> FixedDecimal { spent.withLock { $0[assetId] ?? .zero } }
}

/// What every run of one `pay` invocation shares: the client, the guards, the outgoing budget
/// they all draw on, and the catalog snapshot.
public struct GatewaySession: Sendable {
    public var client: PaymentClient
    /// True for the embedded sandbox: time can be advanced and the payer simulated.
    public var isSandbox: Bool
    public var safety: SafetyPolicy
    public let budget: OutgoingBudget
    public let catalog: GatewayCatalog
    /// How `wait` and `sleep` pass real time against a gateway that is not a sandbox: a real
    /// sleep, or none when the answers are replayed from a recording.
    public var pause: @Sendable (Duration) async throws -> Void
    /// What `uuid()` returns: seeded on a sandbox, random elsewhere.
    public var uuids: UUIDSource
    /// Whether anyone but this run can change the gateway: a real gateway, a served sandbox's
    /// shared world, a sandbox on the wall clock. What a run fetched from it then stays fresh for
    /// `freshFor` only; on a gateway of the run's own (the embedded sandbox, a world made for it,
    /// a recording) until the run itself changes something.
    public var shared: Bool
    /// How long a card fetched from a shared gateway is used without asking again
    /// (`PAY_FRESH_FOR`; 1 s by default).
    public var freshFor: Duration = GatewaySession.defaultFreshFor
    public static let defaultFreshFor: Duration = .seconds(1)

    public init(client: PaymentClient, isSandbox: Bool, safety: SafetyPolicy = SafetyPolicy(),
                budget: OutgoingBudget = OutgoingBudget(), catalog: GatewayCatalog = GatewayCatalog(),
                pause: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                uuids: UUIDSource? = nil, shared: Bool? = nil) {
        self.uuids = uuids ?? (isSandbox ? UUIDSource(seed: 1) : UUIDSource())
        self.shared = shared ?? !isSandbox
        self.client = client
        self.isSandbox = isSandbox
        self.safety = safety
        self.budget = budget
        self.catalog = catalog
        self.pause = pause
    }
}
