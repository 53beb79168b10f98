// Where `uuid()` gets its values: random against a real gateway; on a sandbox, drawn from the
// run's seed, so a sandbox run is the same every time and its recording replays (a random id in
// a request body would differ from the recorded one at the first order).
import Foundation
import Synchronization

public final class UUIDSource: Sendable {
    private let seeded: Bool
    private let state: Mutex<UInt64>

    /// Random values.
    public init() {
        seeded = false
        state = Mutex(0)
    }

    /// Values that follow `seed` (version-4 shaped, lower case).
    public init(seed: UInt64) {
        seeded = true
        state = Mutex(seed ^ 0x5EED_0000_01D5)
    }

    public func next() -> String {
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
