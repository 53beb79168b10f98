// Money: an exact decimal with its currency, as the API writes it ({"amount": "0.995000", "currency": "TRX"}).
@_exported import PayDecimal

/// Why an arithmetic step on amounts was refused.
public enum AmountError: Error, Equatable, CustomStringConvertible {
    /// The two sides are in different currencies; money never converts silently.
    case currencyMismatch(String, String)
    /// The exact result cannot be held (more than 38 significant digits), or a division by zero.
    case decimal(DecimalError)

    public var description: String {
        switch self {
        case let .currencyMismatch(lhs, rhs): "cannot mix \(lhs) and \(rhs)"
        case .decimal(.divisionByZero): "division of an amount by zero"
        case let .decimal(error): error.description
        }
    }
}

/// An amount of one currency. `number.scale` is the currency's precision: what it prints with and
/// what multiplication and division round to (half to even, once, from the exact result).
/// Equality ignores the scale.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let number: FixedDecimal
    public let currency: String

    public init(_ number: FixedDecimal, _ currency: String) {
        self.number = number
        self.currency = currency
    }

    /// Parses "0.995000" exactly; nil for anything that is not a plain decimal string.
    public init?(_ text: String, _ currency: String) {
        guard let number = FixedDecimal.parse(text) else { return nil }
        self.init(number, currency)
    }

    public var scale: Int { number.scale }
    /// The amount as the API writes it: "0.995000".
    public var decimalString: String { number.description }
    public var description: String { "\(decimalString) \(currency)" }
    public var isZero: Bool { number.isZero }
    public var isPositive: Bool { number.signum > 0 }
    public var negated: Amount { Amount(number.negated, currency) }

    /// Zero written with `scale` fraction digits.
    public static func zero(_ currency: String, scale: Int) -> Amount {
        Amount(FixedDecimal(coefficient: 0, scale: scale) ?? .zero, currency)
    }

    /// The same amount under another name for its currency (an asset id for its code).
    public func named(_ currency: String) -> Amount { Amount(number, currency) }

    public func adding(_ other: Amount) throws(AmountError) -> Amount {
        try checkSameCurrency(other)
        // Written at the finer of the two scales: a sum that needs more digits than that allows is an error.
        do { return Amount(try number.adding(other.number).rounded(to: max(scale, other.scale)), currency) } catch { throw .decimal(error) }
    }

    public func subtracting(_ other: Amount) throws(AmountError) -> Amount {
        try adding(other.negated)
    }

    /// The exact product rounded half to even to the currency's precision.
    public func multiplied(by factor: FixedDecimal) throws(AmountError) -> Amount {
        do { return Amount(try number.multiplied(by: factor, roundedTo: scale), currency) } catch { throw .decimal(error) }
    }

    /// The exact quotient rounded half to even to the currency's precision.
    public func divided(by divisor: FixedDecimal) throws(AmountError) -> Amount {
        do { return Amount(try number.divided(by: divisor, roundedTo: scale), currency) } catch { throw .decimal(error) }
    }

    /// The ratio of two amounts of one currency, as a plain number (the rule of `FixedDecimal.divided(by:)`).
    public func ratio(to other: Amount) throws(AmountError) -> FixedDecimal {
        try checkSameCurrency(other)
        do { return try number.divided(by: other.number) } catch { throw .decimal(error) }
    }

    public func checkSameCurrency(_ other: Amount) throws(AmountError) {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
    }

    public static func == (lhs: Amount, rhs: Amount) -> Bool {
        lhs.currency == rhs.currency && lhs.number == rhs.number
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(currency)
        hasher.combine(number)
    }

    /// Orders amounts of one currency; across currencies it orders by currency name, so callers
    /// that compare money must check the currency first (the language does).
    public static func < (lhs: Amount, rhs: Amount) -> Bool {
        lhs.currency == rhs.currency ? lhs.number < rhs.number : lhs.currency < rhs.currency
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
