// What a script runs against: a client, whether it is the sandbox, and the guards for real money.
import PayClient
import PaySandbox

/// Outgoing payments against a real gateway need `--allow-outgoing`, and stay under an optional cap.
public struct SafetyPolicy: Sendable {
    public var allowOutgoing: Bool
    /// The most this run may send out in all, in one currency.
    public var maxOutgoing: Amount?

    public init(allowOutgoing: Bool = false, maxOutgoing: Amount? = nil) {
        self.allowOutgoing = allowOutgoing
        self.maxOutgoing = maxOutgoing
    }
}

public struct GatewaySession: Sendable {
    public var client: PaymentClient
    /// True for the embedded sandbox: time can be advanced and the payer simulated.
    public var isSandbox: Bool
    public var safety: SafetyPolicy

    public init(client: PaymentClient, isSandbox: Bool, safety: SafetyPolicy = SafetyPolicy()) {
        self.client = client
        self.isSandbox = isSandbox
        self.safety = safety
    }

    /// A fresh in-process sandbox; nothing leaves the process.
    public static func embedded(seed: UInt64 = 1) -> GatewaySession {
        let sandbox = Sandbox(config: SandboxConfig(seed: seed))
        return GatewaySession(client: PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil),
                              isSandbox: true)
    }
}
