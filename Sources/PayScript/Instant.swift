// Timestamps as script values: what `now()`, `time("…")` and the API's `createdAt`/`updatedAt`
// give. A timestamp minus a timestamp is a duration, a timestamp plus or minus a duration is a
// timestamp, and timestamps compare with each other. They hold milliseconds and print in UTC, to
// the second when the milliseconds are zero (as the API writes them): 2024-12-16T07:20:23+00:00.
import PayClient

public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    /// 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z: the years a four-digit year can write.
    static let range: ClosedRange<Int64> = 0...253_402_300_799_999

    /// Nil outside `range`.
    public init?(milliseconds: Int64) {
        guard Instant.range.contains(milliseconds) else { return nil }
        self.milliseconds = milliseconds
    }

    /// `YYYY-MM-DDTHH:MM:SS`, an optional fraction (milliseconds kept), then `Z` or `±HH:MM`.
    public init?(text: String) {
        guard let stamp = Timestamp(text) else { return nil }
        self.init(milliseconds: stamp.epochMilliseconds)
    }

    public var description: String {
        let text = Timestamp(epochSeconds: milliseconds / 1000).text
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return text }
        let digits = String(fraction)
        // The fraction goes between the seconds and the offset: …:23.250+00:00.
        return String(text.dropLast(6)) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "+00:00"
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
