// ISO 8601 instants with an explicit offset, as the API writes them ("2024-12-16T07:20:23+00:00").
import Foundation

/// A point in time to the second, printed with a numeric UTC offset. The original text is kept so
/// a decoded response re-encodes byte for byte.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    public let text: String

    /// The instant printed in UTC as `yyyy-MM-ddTHH:mm:ss+00:00`.
    public init(epochSeconds: Int64) {
        self.epochSeconds = epochSeconds
        self.text = Timestamp.formatUTC(epochSeconds)
    }

    /// The instant to the second, its text with milliseconds when they are not zero
    /// (`2024-12-16T07:20:23.250+00:00`): the sandbox's clock, which holds them.
    public init(epochMilliseconds: Int64) {
        let seconds = epochMilliseconds >= 0 ? epochMilliseconds / 1000 : (epochMilliseconds - 999) / 1000
        let fraction = epochMilliseconds - seconds * 1000
        self.epochSeconds = seconds
        let whole = Timestamp.formatUTC(seconds)
        guard fraction != 0 else { self.text = whole; return }
        let digits = String(fraction)
        self.text = String(whole.dropLast(6)) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "+00:00"
    }

    public init?(_ text: String) {
        guard let seconds = Timestamp.parse(text) else { return nil }
        self.epochSeconds = seconds
        self.text = text
    }

    /// Milliseconds since 1970: the seconds, and the text's fraction to three digits (a
    /// sandbox's clock shows them: `…:23.250+00:00`).
    public var epochMilliseconds: Int64 {
        let chars = Array(text.utf8)
        var fraction: Int64 = 0
        if chars.count > 19, chars[19] == UInt8(ascii: ".") {
            var digits = 0
            for c in chars[20...] {
                guard c >= 48, c <= 57 else { break }
                if digits < 3 { fraction = fraction * 10 + Int64(c - 48) }
                digits += 1
            }
            for _ in min(digits, 3)..<3 { fraction *= 10 }
        }
        return epochSeconds * 1000 + fraction
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }
    public var description: String { text }

    public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochSeconds == rhs.epochSeconds }
    public func hash(into hasher: inout Hasher) { hasher.combine(epochSeconds) }
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochSeconds < rhs.epochSeconds }

    // Civil-date conversions after Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(_ y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    static func formatUTC(_ epoch: Int64) -> String {
        let days = epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400
        let secs = epoch - days * 86400
        let (y, m, d) = civilFromDays(days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))+00:00"
    }

    /// Accepts `YYYY-MM-DDTHH:MM:SS` with optional fraction, then `Z` or `±HH:MM`.
    static func parse(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= chars.count else { return nil }
            var n: Int64 = 0
            for c in chars[from..<from + count] {
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int64(c - 48)
            }
            return n
        }
        func at(_ i: Int, _ c: Character) -> Bool { i < chars.count && chars[i] == c.asciiValue! }
        guard let y = number(0, 4), at(4, "-"), let mo = number(5, 2), at(7, "-"), let d = number(8, 2),
              at(10, "T"), let h = number(11, 2), at(13, ":"), let mi = number(14, 2), at(16, ":"),
              let s = number(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        if at(i, ".") {
            i += 1
            while i < chars.count, chars[i] >= 48, chars[i] <= 57 { i += 1 }
        }
        var offset: Int64 = 0
        if at(i, "Z") {
            i += 1
        } else if at(i, "+") || at(i, "-") {
            guard let oh = number(i + 1, 2), at(i + 3, ":"), let om = number(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (at(i, "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == chars.count else { return nil }
        return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
    }
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 time with offset, got \"\(text)\"")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
