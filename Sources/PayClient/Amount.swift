// Money: an exact decimal with its currency, as the API writes it ({"amount": "0.995000", "currency": "TRX"}).
import Foundation

/// Why an arithmetic step on amounts was refused.
public enum AmountError: Error, Equatable, CustomStringConvertible {
    /// The two sides are in different currencies; money never converts silently.
    case currencyMismatch(String, String)
    /// Division by zero.
    case divisionByZero

    public var description: String {
        switch self {
        case let .currencyMismatch(lhs, rhs): "cannot mix \(lhs) and \(rhs)"
        case .divisionByZero: "division of an amount by zero"
        }
    }
}

/// An amount of one currency. `scale` is the currency's precision: what it prints with and what
/// multiplication and division round to (half to even). Equality ignores the scale.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Decimal
    public let currency: String
    public let scale: Int

    public init(_ value: Decimal, _ currency: String, scale: Int) {
        self.value = value
        self.currency = currency
        self.scale = max(0, scale)
    }

    public init(_ number: FixedDecimal, _ currency: String) {
        self.init(number.value, currency, scale: number.scale)
    }

    /// Parses "0.995000" exactly; nil for anything that is not a plain decimal string.
    public init?(_ text: String, _ currency: String) {
        guard let number = FixedDecimal.parse(text) else { return nil }
        self.init(number, currency)
    }

    public var number: FixedDecimal { FixedDecimal(value, scale: scale) }
    /// The amount as the API writes it: "0.995000".
    public var decimalString: String { number.description }
    public var description: String { "\(decimalString) \(currency)" }
    public var isZero: Bool { value.isZero }

    public static func zero(_ currency: String, scale: Int) -> Amount { Amount(0, currency, scale: scale) }

    public func adding(_ other: Amount) throws(AmountError) -> Amount {
        try checkSameCurrency(other)
        return Amount(value + other.value, currency, scale: max(scale, other.scale))
    }

    public func subtracting(_ other: Amount) throws(AmountError) -> Amount {
        try checkSameCurrency(other)
        return Amount(value - other.value, currency, scale: max(scale, other.scale))
    }

    /// Multiplies and rounds half to even to the currency's precision.
    public func multiplied(by factor: Decimal) -> Amount {
        Amount(FixedDecimal.round(value * factor, scale: scale, .bankers), currency, scale: scale)
    }

    /// Divides and rounds half to even to the currency's precision.
    public func divided(by divisor: Decimal) throws(AmountError) -> Amount {
        guard !divisor.isZero else { throw .divisionByZero }
        return Amount(FixedDecimal.round(value / divisor, scale: scale, .bankers), currency, scale: scale)
    }

    /// The ratio of two amounts of one currency, as a plain number.
    public func ratio(to other: Amount) throws(AmountError) -> Decimal {
        try checkSameCurrency(other)
        guard !other.value.isZero else { throw .divisionByZero }
        return value / other.value
    }

    public func checkSameCurrency(_ other: Amount) throws(AmountError) {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
    }

    public static func == (lhs: Amount, rhs: Amount) -> Bool {
        lhs.currency == rhs.currency && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(currency)
        hasher.combine(value)
    }

    /// Orders amounts of one currency; across currencies it orders by currency name, so callers
    /// that compare money must check the currency first (the language does).
    public static func < (lhs: Amount, rhs: Amount) -> Bool {
        lhs.currency == rhs.currency ? lhs.value < rhs.value : lhs.currency < rhs.currency
    }
}

extension Amount: Codable {
    private enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let number = try container.decode(FixedDecimal.self, forKey: .amount)
        self.init(number, try container.decode(String.self, forKey: .currency))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decimalString, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }
}
