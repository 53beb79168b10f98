// The knobs of a sandbox: seed, key, clock mode, and the gateway's timings and fee.
import Foundation
import PayClient

public struct SandboxConfig: Sendable {
    /// Seeds every id, address and hash.
    public var seed: UInt64 = 1
    /// When set, every request must carry this `X-API-Key`.
    public var apiKey: String?
    /// Let the clock run with the wall clock (for people watching by hand).
    public var realtime = false
    /// Seconds from a transaction being seen to being confirmed.
    public var confirmationDelay: Int64 = 120
    /// Seconds an incoming order waits for a payment before it expires.
    public var orderLifetime: Int64 = 30 * 60
    /// The gateway's cut of each incoming payment.
    public var feeRate = FixedDecimal("0.005")!
    /// The virtual time the sandbox starts at: the seed's first order.
    public var startTime: Int64 = Timestamp("2024-12-16T07:20:23+00:00")!.epochSeconds
    /// Start with the seed document's order, transaction and funded addresses.
    public var seedWorld = true
    /// Answer `GET /sandbox`, so clients know they may pay and move time. Off, the path is a 404
    /// as on a real gateway, and clients keep their real-money guards (to rehearse them).
    public var announcesItself = true
    /// A defect planted on purpose, for testing `pay explore` (Defects.swift); nil on every
    /// sandbox but one made with `pay sandbox --defect`.
    public var defect: SandboxDefect?
    /// Where the payer's pages are served (`pay sandbox`: its address, or `--public-url`); an
    /// order's `paymentLink` is `{checkoutBase}/checkout/{orderId}`. The embedded sandbox serves
    /// none, and its links name a host that cannot exist.
    public var checkoutBase = "https://checkout.sandbox.invalid"
    /// The world this configuration is for; nil for the default one. A world's links say so.
    public var world: String?

    public init(seed: UInt64 = 1, apiKey: String? = nil, realtime: Bool = false, seedWorld: Bool = true) {
        self.seed = seed
        self.apiKey = apiKey
        self.realtime = realtime
        self.seedWorld = seedWorld
    }
}
