// The sandbox's time: it moves only when advanced, or with the wall clock in realtime mode.

public struct VirtualClock: Sendable {
    /// Virtual seconds since 1970 at the moment the clock was made.
    private let origin: Int64
    /// Seconds added by `advance`.
    private var advanced: Int64 = 0
    public let realtime: Bool
    private let wallStart: ContinuousClock.Instant

    public init(startingAt epochSeconds: Int64, realtime: Bool = false) {
        self.origin = epochSeconds
        self.realtime = realtime
        self.wallStart = ContinuousClock.now
    }

    public var now: Int64 {
        guard realtime else { return origin + advanced }
        return origin + advanced + (ContinuousClock.now - wallStart).components.seconds
    }

    public mutating func advance(seconds: Int64) {
        advanced += seconds
    }
}
