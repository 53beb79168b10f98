// Where `uuid()` gets its values: random against a real gateway; on a sandbox, drawn from the
// run's seed, so a sandbox run is the same every time. A run that records tells its recording
// each value drawn, and a replay gives the recorded values again, so a request that holds a
// `uuid()` matches its recording on a real gateway too (a random id in a body would differ).
import Foundation
import Synchronization

public final class UUIDSource: Sendable {
    private let seeded: Bool
    private let state: Mutex<UInt64>
    /// Values to give first, in order (a replay's recorded draws).
    private let recorded: Mutex<ArraySlice<String>>
    /// Told each value given (a recording's).
    private let drawn: (@Sendable (String) -> Void)?

    /// Random values.
    public init(noting drawn: (@Sendable (String) -> Void)? = nil) {
        seeded = false
        state = Mutex(0)
        recorded = Mutex([])
        self.drawn = drawn
    }

    /// Values that follow `seed` (version-4 shaped, lower case).
    public init(seed: UInt64, noting drawn: (@Sendable (String) -> Void)? = nil) {
        seeded = true
        state = Mutex(seed ^ 0x5EED_0000_01D5)
        recorded = Mutex([])
        self.drawn = drawn
    }

    /// `values` first, in order; then what `seed` gives, or random values without one.
    public init(replaying values: [String], seed: UInt64?) {
        seeded = seed != nil
        state = Mutex((seed ?? 0) ^ 0x5EED_0000_01D5)
        recorded = Mutex(ArraySlice(values))
        drawn = nil
    }

    public func next() -> String {
        if let value = recorded.withLock({ $0.popFirst() }) { return value }
        let value = draw()
        drawn?(value)
        return value
    }

    private func draw() -> String {
        guard seeded else { return UUID().uuidString.lowercased() }
        var bytes = state.withLock { state -> [UInt8] in
            (0..<2).flatMap { _ -> [UInt8] in
                // SplitMix64, as the sandbox's own ids.
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                return (0..<8).map { UInt8(truncatingIfNeeded: z >> ($0 * 8)) }
            }
        }
        bytes[6] = 0x40 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
