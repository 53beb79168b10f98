// An exact decimal that remembers how many fraction digits it is written with ("1.000460").
import Foundation

/// A decimal number parsed from, and printed as, a plain decimal string with a fixed number of
/// fraction digits. The API writes every amount and rate this way; keeping the scale lets a value
/// round-trip as the same string ("0.995000" stays "0.995000", not "0.995").
public struct FixedDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Decimal
    /// Digits after the decimal point when printed.
    public let scale: Int

    public init(_ value: Decimal, scale: Int) {
        self.value = value
        self.scale = max(0, scale)
    }

    /// The most significant digits a value may have: what `Decimal` holds exactly.
    public static let maxDigits = 38

    /// Parses `-?digits(.digits)?` exactly. No exponent, no grouping, no locale: anything else,
    /// and anything with more than `maxDigits` significant digits, is nil (never rounded).
    public init?(_ text: String) {
        guard let parsed = FixedDecimal.parse(text) else { return nil }
        self = parsed
    }

    public static func parse(_ text: String) -> FixedDecimal? {
        var digitsBefore = 0, digitsAfter = 0, seenPoint = false
        for (index, ch) in text.enumerated() {
            switch ch {
            case "-" where index == 0: continue
            case "." where !seenPoint && digitsBefore > 0: seenPoint = true
            case "0"..."9": if seenPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            default: return nil
            }
        }
        guard digitsBefore > 0, !seenPoint || digitsAfter > 0 else { return nil }
        guard significantDigits(text) <= maxDigits else { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return FixedDecimal(value, scale: digitsAfter)
    }

    /// Digits from the first non-zero one to the last digit written ("0.0100" has 3).
    public static func significantDigits(_ text: String) -> Int {
        let digits = text.filter(\.isNumber)
        return digits.drop { $0 == "0" }.count
    }

    /// The value rounded to `scale` digits with `mode`, printed with exactly that many digits.
    public func rounded(to scale: Int, _ mode: NSDecimalNumber.RoundingMode = .bankers) -> FixedDecimal {
        FixedDecimal(FixedDecimal.round(value, scale: scale, mode), scale: scale)
    }

    /// True when writing the value needs more than `scale` fraction digits.
    public func isFiner(than scale: Int) -> Bool {
        FixedDecimal.round(value, scale: scale, .plain) != value
    }

    public static func round(_ value: Decimal, scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, mode)
        return result
    }

    public var description: String { FixedDecimal.format(value, scale: scale) }

    /// Prints `value` with exactly `scale` fraction digits (rounding half to even when it must).
    public static func format(_ value: Decimal, scale: Int) -> String {
        let rounded = round(value, scale: scale, .bankers)
        var text = "\(rounded)"
        if text.hasPrefix("-"), rounded.isZero { text.removeFirst() }
        guard scale > 0 else { return text }
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return whole + "." + fraction + String(repeating: "0", count: max(0, scale - fraction.count))
    }

    public static func == (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.value < rhs.value }
}

extension FixedDecimal: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = FixedDecimal.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a decimal string like \"1.000000\", got \"\(text)\"")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
