// Exact decimal numbers: an integer coefficient and a count of fraction digits. No floating point.
import BigInt

/// Why a decimal result could not be given.
public enum DecimalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The result needs more than 38 significant digits.
    case tooManyDigits
    /// The result needs more than 76 digits after the point.
    case tooManyPlaces
    case divisionByZero

    public var description: String {
        switch self {
        case .tooManyDigits: "the result needs more than \(FixedDecimal.maxDigits) significant digits"
        case .tooManyPlaces: "the result needs more than \(FixedDecimal.maxScale) digits after the point"
        case .divisionByZero: "division by zero"
        }
    }
}

/// A decimal number `coefficient × 10^-scale`, exact. The scale is how many fraction digits the
/// number is written with, so the API's "0.995000" round-trips as "0.995000"; equality, order and
/// hashing ignore it (1.0 == 1.00).
///
/// The domain: at most 38 significant digits (|coefficient| < 10^38, so it fits an `Int128`) and at
/// most 76 digits after the point. `+`, `-` and `*` are exact or fail with `DecimalError`; nothing is
/// ever rounded silently. Division is exact when the quotient fits, else rounded half to even to 38
/// significant digits (or to 76 places, if that is coarser). Rounding to a currency's precision is
/// done once, from the exact value, by the `…roundedTo:` operations.
public struct FixedDecimal: Sendable, CustomStringConvertible {
    public let coefficient: Int128
    public let scale: Int

    public static let maxDigits = 38
    public static let maxScale = 76
    /// 10^38: every coefficient is smaller than this in magnitude.
    static let coefficientLimit: Int128 = 100_000_000_000_000_000_000_000_000_000_000_000_000

    /// Trusted: callers guarantee the domain.
    init(unchecked coefficient: Int128, scale: Int) {
        self.coefficient = coefficient
        self.scale = scale
    }

    /// A whole number.
    public init(_ whole: Int) {
        self.init(unchecked: Int128(whole), scale: 0)
    }

    /// `coefficient × 10^-scale`, or nil outside the domain.
    public init?(coefficient: Int128, scale: Int) {
        guard FixedDecimal.fits(coefficient), (0...FixedDecimal.maxScale).contains(scale) else { return nil }
        self.init(unchecked: coefficient, scale: scale)
    }

    public static let zero = FixedDecimal(0)

    public var isZero: Bool { coefficient == 0 }
    public var isNegative: Bool { coefficient < 0 }
    public var signum: Int { coefficient == 0 ? 0 : (coefficient < 0 ? -1 : 1) }
    public var negated: FixedDecimal { FixedDecimal(unchecked: -coefficient, scale: scale) }
    public var magnitude: FixedDecimal { isNegative ? negated : self }

    /// True when the value is a whole number.
    public var isWhole: Bool { !isFiner(than: 0) }

    /// The value as an `Int` when it is whole and fits.
    public var wholeValue: Int? {
        guard isWhole else { return nil }
        guard scale <= 38 else { return 0 }
        let whole = coefficient / FixedDecimal.powerOfTen(scale)
        return Int(exactly: whole)
    }

    /// The same value written with no trailing zeros after the point ("2.50" → "2.5", "3.0" → "3").
    public var normalized: FixedDecimal {
        var c = coefficient, s = scale
        while s > 0, c % 10 == 0 { c /= 10; s -= 1 }
        return FixedDecimal(unchecked: c, scale: s)
    }

    /// True when writing the value needs more than `places` fraction digits.
    public func isFiner(than places: Int) -> Bool {
        guard scale > places else { return false }
        let excess = scale - places
        guard excess <= 38 else { return coefficient != 0 }
        return coefficient % FixedDecimal.powerOfTen(excess) != 0
    }

    // MARK: Text

    /// Parses `-?digits(.digits)?` exactly: no exponent, no grouping, no locale. Nil for anything
    /// else, for more than 76 digits after the point, and for values that need more than 38
    /// significant digits. Trailing zeros after the point are kept as the scale, unless keeping
    /// them would take the coefficient past 38 digits.
    public static func parse(_ text: some StringProtocol) -> FixedDecimal? {
        parse(utf8: text.utf8)
    }

    /// `parse` of UTF-8 bytes, as the lexer holds its source.
    public static func parse<Bytes: Collection<UInt8>>(utf8 bytes: Bytes) -> FixedDecimal? {
        // Up to 38 significant digits (every amount a gateway sends, every literal written),
        // the digits go straight into the coefficient; longer ones take the general way.
        var negative = false, seenPoint = false, first = true
        var coefficient: Int128 = 0
        var integerDigits = 0, fractionDigits = 0, significant = 0
        for byte in bytes {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: ".") where !seenPoint && integerDigits > 0: seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
                if coefficient != 0 || byte != UInt8(ascii: "0") { significant += 1 }
                if significant > maxDigits { return parseLong(bytes) }
                coefficient = coefficient * 10 + Int128(byte - UInt8(ascii: "0"))
            default: return nil
            }
        }
        guard integerDigits > 0, !seenPoint || fractionDigits > 0, fractionDigits <= maxScale else { return nil }
        return FixedDecimal(unchecked: negative ? -coefficient : coefficient, scale: fractionDigits)
    }

    /// `parse` for more than 38 significant digits: exact only if the extra ones are trailing
    /// zeros after the point.
    private static func parseLong<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> FixedDecimal? {
        var negative = false, first = true
        var digits: [UInt8] = []
        var fractionDigits = 0, seenPoint = false, integerDigits = 0
        for byte in bytes {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: ".") where !seenPoint && integerDigits > 0: seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
            default: return nil
            }
        }
        guard integerDigits > 0, !seenPoint || fractionDigits > 0, fractionDigits <= maxScale else { return nil }
        // Drop leading zeros, then trailing fraction zeros while there are too many digits.
        var start = 0
        while start < digits.count - 1, digits[start] == 0 { start += 1 }
        var end = digits.count, scale = fractionDigits
        while end - start > maxDigits, scale > 0, digits[end - 1] == 0 { end -= 1; scale -= 1 }
        guard end - start <= maxDigits else { return nil }
        var coefficient: Int128 = 0
        for digit in digits[start..<end] { coefficient = coefficient * 10 + Int128(digit) }
        return FixedDecimal(unchecked: negative ? -coefficient : coefficient, scale: scale)
    }

    public init?(_ text: String) {
        guard let parsed = FixedDecimal.parse(text) else { return nil }
        self = parsed
    }

    /// Written out with exactly `scale` fraction digits.
    public var description: String {
        // Written backwards, last digit first, into one buffer: every amount the sandbox answers
        // with goes through here, and inserting the point into a String was a tenth of encoding.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scale + 42)
        let magnitude = coefficient.magnitude
        if magnitude <= UInt64.max {
            FixedDecimal.writeDigits(UInt64(magnitude), scale: scale, reversedInto: &bytes)
        } else {
            FixedDecimal.writeDigits(magnitude, scale: scale, reversedInto: &bytes)
        }
        if coefficient < 0 { bytes.append(UInt8(ascii: "-")) }
        return String(decoding: bytes.reversed(), as: UTF8.self)
    }

    /// The digits of `value` with a point before the last `scale` of them, and at least one digit
    /// before the point, last digit first.
    private static func writeDigits<Magnitude: FixedWidthInteger & UnsignedInteger>(
        _ value: Magnitude, scale: Int, reversedInto bytes: inout [UInt8]
    ) {
        var rest = value
        var fraction = scale
        repeat {
            let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
            bytes.append(UInt8(ascii: "0") + UInt8(digit))
            rest = quotient
            fraction -= 1
            if fraction == 0 { bytes.append(UInt8(ascii: ".")) }
        } while rest != 0 || fraction >= 0
    }

    // MARK: Arithmetic

    public func adding(_ other: FixedDecimal) throws(DecimalError) -> FixedDecimal {
        let target = max(scale, other.scale)
        // In Int128 when the operand with fewer places can be brought to the other's and the sum
        // fits: amounts of one currency, and a running total that starts at zero, always can.
        // BigInt only for what does not fit (it was half of rendering an order in the sandbox).
        if let left = coefficient.scaledUp(by: target - scale), let right = other.coefficient.scaledUp(by: target - other.scale) {
            let (sum, overflow) = left.addingReportingOverflow(right)
            if !overflow, FixedDecimal.fits(sum) { return FixedDecimal(unchecked: sum, scale: target) }
        }
        return try FixedDecimal.make(wide(at: target) + other.wide(at: target), scale: target)
    }

    public func subtracting(_ other: FixedDecimal) throws(DecimalError) -> FixedDecimal {
        try adding(other.negated)
    }

    /// The exact product.
    public func multiplied(by other: FixedDecimal) throws(DecimalError) -> FixedDecimal {
        let (product, overflow) = coefficient.multipliedReportingOverflow(by: other.coefficient)
        if !overflow, FixedDecimal.fits(product), scale + other.scale <= FixedDecimal.maxScale {
            return FixedDecimal(unchecked: product, scale: scale + other.scale)
        }
        return try FixedDecimal.make(FixedDecimal.wide(coefficient) * FixedDecimal.wide(other.coefficient), scale: scale + other.scale)
    }

    /// The quotient: exact when it fits, else rounded half to even to 38 significant digits
    /// (or to 76 places, if that is coarser). Written without trailing zeros. A quotient that is
    /// not zero and rounds to zero at 76 places is `tooManyPlaces`.
    public func divided(by divisor: FixedDecimal) throws(DecimalError) -> FixedDecimal {
        guard !divisor.isZero else { throw .divisionByZero }
        guard !isZero else { return .zero }
        // |self / divisor| lies in (10^(e-1), 10^(e+1)); 38 - e places give 38 or 39 digits.
        let e = FixedDecimal.digitCount(coefficient) - FixedDecimal.digitCount(divisor.coefficient) + divisor.scale - scale
        var places = min(FixedDecimal.maxDigits - e, FixedDecimal.maxScale)
        var quotient = FixedDecimal.quotient(self, divisor, places: places)
        if quotient.magnitude >= FixedDecimal.wide(FixedDecimal.coefficientLimit) {
            places -= 1
            quotient = FixedDecimal.quotient(self, divisor, places: places)
        }
        // A 38-digit quotient with fewer than no places is at least 10^38.
        guard places >= 0 else { throw .tooManyDigits }
        // Not zero, but finer than 76 places hold: refused, as a product that fine is, never 0.
        guard quotient != 0 else { throw .tooManyPlaces }
        return try FixedDecimal.make(quotient, scale: places).normalized
    }

    /// The exact product rounded half to even to `places` fraction digits, written with exactly that many.
    public func multiplied(by other: FixedDecimal, roundedTo places: Int) throws(DecimalError) -> FixedDecimal {
        let exact = FixedDecimal.wide(coefficient) * FixedDecimal.wide(other.coefficient)
        return try FixedDecimal.exact(FixedDecimal.rescale(exact, from: scale + other.scale, to: places), scale: places)
    }

    /// The exact quotient rounded half to even to `places` fraction digits, written with exactly that many.
    public func divided(by divisor: FixedDecimal, roundedTo places: Int) throws(DecimalError) -> FixedDecimal {
        guard !divisor.isZero else { throw .divisionByZero }
        return try FixedDecimal.exact(FixedDecimal.quotient(self, divisor, places: places), scale: places)
    }

    /// The value rounded half to even to `places` fraction digits, written with exactly that many
    /// (padding with zeros when it has fewer).
    public func rounded(to places: Int) throws(DecimalError) -> FixedDecimal {
        precondition(places >= 0, "a scale is never negative")
        if places == scale { return self }
        if places > scale, places - scale <= 38 {
            let (padded, overflow) = coefficient.multipliedReportingOverflow(by: FixedDecimal.powerOfTen(places - scale))
            if !overflow, FixedDecimal.fits(padded), places <= FixedDecimal.maxScale {
                return FixedDecimal(unchecked: padded, scale: places)
            }
        }
        return try FixedDecimal.exact(FixedDecimal.rescale(FixedDecimal.wide(coefficient), from: scale, to: places), scale: places)
    }

    // MARK: Wide helpers

    /// The coefficient at a larger scale, as a wide integer.
    private func wide(at target: Int) -> BigInt {
        FixedDecimal.wide(coefficient) * BigInt(10).power(target - scale)
    }

    /// `c × 10^-scale`: exact, dropping trailing zeros after the point only as far as it must to fit.
    static func make(_ c: BigInt, scale: Int) throws(DecimalError) -> FixedDecimal {
        var c = c, scale = scale
        let limit = wide(coefficientLimit)
        while scale > 0, c.magnitude >= limit || scale > maxScale {
            let (q, r) = c.quotientAndRemainder(dividingBy: 10)
            guard r == 0 else { break }
            c = q
            scale -= 1
        }
        guard c.magnitude < limit else { throw .tooManyDigits }
        guard scale <= maxScale else { throw .tooManyPlaces }
        return FixedDecimal(unchecked: narrow(c), scale: scale)
    }

    /// `c × 10^-scale` at exactly this scale.
    static func exact(_ c: BigInt, scale: Int) throws(DecimalError) -> FixedDecimal {
        guard c.magnitude < wide(coefficientLimit) else { throw .tooManyDigits }
        guard scale <= maxScale else { throw .tooManyPlaces }
        return FixedDecimal(unchecked: narrow(c), scale: max(0, scale))
    }

    /// `a / b × 10^places`, rounded half to even to a whole number.
    static func quotient(_ a: FixedDecimal, _ b: FixedDecimal, places: Int) -> BigInt {
        let shift = places - a.scale + b.scale
        var numerator = wide(a.coefficient), denominator = wide(b.coefficient)
        if shift >= 0 { numerator *= BigInt(10).power(shift) } else { denominator *= BigInt(10).power(-shift) }
        return roundedHalfEven(numerator, denominator)
    }

    /// A coefficient at scale `from` moved to scale `to`, rounding half to even when it shrinks.
    static func rescale(_ c: BigInt, from: Int, to: Int) -> BigInt {
        if to >= from { return c * BigInt(10).power(to - from) }
        return roundedHalfEven(c, BigInt(10).power(from - to))
    }

    /// n / d rounded to the nearest whole number, ties to even.
    static func roundedHalfEven(_ n: BigInt, _ d: BigInt) -> BigInt {
        var (q, r) = n.quotientAndRemainder(dividingBy: d)
        guard r != 0 else { return q }
        let twice = r.magnitude * 2
        let negative = (n.signum() < 0) != (d.signum() < 0)
        if twice > d.magnitude || (twice == d.magnitude && q % 2 != 0) {
            q += negative ? -1 : 1
        }
        return q
    }

    /// Int128 to BigInt by sign and magnitude (BigInt's generic conversion misreads negative
    /// two-word integers: the decimal oracle caught -X + 7 coming out 2^64 units off).
    static func wide(_ c: Int128) -> BigInt {
        BigInt(sign: c < 0 ? .minus : .plus, magnitude: BigUInt(UInt64(truncatingIfNeeded: c.magnitude >> 64)) << 64
               + BigUInt(UInt64(truncatingIfNeeded: c.magnitude)))
    }

    /// BigInt to Int128; callers have checked that it fits.
    static func narrow(_ b: BigInt) -> Int128 {
        var magnitude: UInt128 = 0
        for word in b.magnitude.words.reversed() { magnitude = magnitude << 64 | UInt128(word) }
        return b.sign == .minus ? -Int128(magnitude) : Int128(magnitude)
    }

    static func fits(_ c: Int128) -> Bool { c > -coefficientLimit && c < coefficientLimit }

    static let powersOfTen: [Int128] = (0...38).map { exponent in
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func powerOfTen(_ exponent: Int) -> Int128 { powersOfTen[exponent] }

    /// Decimal digits of |c| (1 for zero).
    static func digitCount(_ c: Int128) -> Int {
        let m = c.magnitude
        var count = 1
        while count < 39, m >= UInt128(powersOfTen[count]) { count += 1 }
        return count
    }
}

// MARK: Comparison

extension FixedDecimal: Hashable, Comparable {
    public static func == (a: FixedDecimal, b: FixedDecimal) -> Bool { compare(a, b) == 0 }
    public static func < (a: FixedDecimal, b: FixedDecimal) -> Bool { compare(a, b) < 0 }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.coefficient)
        hasher.combine(n.scale)
    }

    /// -1, 0 or 1.
    static func compare(_ a: FixedDecimal, _ b: FixedDecimal) -> Int {
        if a.scale == b.scale { return a.coefficient < b.coefficient ? -1 : (a.coefficient == b.coefficient ? 0 : 1) }
        if a.signum != b.signum { return a.signum < b.signum ? -1 : 1 }
        let target = max(a.scale, b.scale)
        let x = a.wide(at: target), y = b.wide(at: target)
        return x < y ? -1 : (x == y ? 0 : 1)
    }
}

// MARK: Operators for values already known to be in range

extension FixedDecimal {
    /// Exact sum; traps if the result leaves the 38-digit domain, as `Int`'s `+` does. For callers
    /// whose inputs are bounded well inside it (the sandbox's 21-digit amounts); everywhere else,
    /// use `adding(_:)`.
    public static func + (a: FixedDecimal, b: FixedDecimal) -> FixedDecimal {
        do { return try a.adding(b) } catch { preconditionFailure("decimal overflow: \(a) + \(b)") }
    }

    public static func - (a: FixedDecimal, b: FixedDecimal) -> FixedDecimal {
        do { return try a.subtracting(b) } catch { preconditionFailure("decimal overflow: \(a) - \(b)") }
    }

    public static func += (a: inout FixedDecimal, b: FixedDecimal) { a = a + b }
    public static func -= (a: inout FixedDecimal, b: FixedDecimal) { a = a - b }
    public static prefix func - (a: FixedDecimal) -> FixedDecimal { a.negated }
}

extension FixedDecimal: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
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

private extension Int128 {
    /// This × 10^places, or nil when that overflows.
    func scaledUp(by places: Int) -> Int128? {
        guard places > 0 else { return self }
        guard places <= FixedDecimal.maxDigits else { return self == 0 ? 0 : nil }
        let (product, overflow) = multipliedReportingOverflow(by: FixedDecimal.powerOfTen(places))
        return overflow ? nil : product
    }
}
