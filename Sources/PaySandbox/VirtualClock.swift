// The sandbox's time: it moves only when advanced, or with the wall clock in realtime mode. It
// holds milliseconds, as the language's timestamps do (`advance 250ms` moves it by exactly that);
// the gateway's records are stamped to the second, as the API writes them, so an event due at a
// second happens once the clock has reached that second's start.

public struct VirtualClock: Sendable {
    /// Virtual milliseconds since 1970 at the moment the clock was made.
    private let origin: Int64
    /// Milliseconds added by `advance`.
    private var advanced: Int64 = 0
    public let realtime: Bool
    private let wallStart: ContinuousClock.Instant

    public init(startingAt epochSeconds: Int64, realtime: Bool = false) {
        self.origin = epochSeconds * 1000
        self.realtime = realtime
        self.wallStart = ContinuousClock.now
    }

    /// Whole seconds since 1970: what the gateway stamps its records with.
    public var now: Int64 { nowMilliseconds / 1000 }

    /// Milliseconds since 1970.
    public var nowMilliseconds: Int64 {
        guard realtime else { return origin + advanced }
        let elapsed = (ContinuousClock.now - wallStart).components
        return origin + advanced + elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
    }

    public mutating func advance(seconds: Int64) {
        advanced += seconds * 1000
    }

    public mutating func advance(milliseconds: Int64) {
        advanced += milliseconds
    }
}
