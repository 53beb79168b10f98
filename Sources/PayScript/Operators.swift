// Arithmetic and comparison, with the money rules: currencies never mix, amounts never meet bare
// numbers in a comparison, and `*` `/` round half to even at the currency's precision.
import Foundation
import PayClient

extension Interpreter {
    static let fiatCurrencies: Set<String> = ["EUR", "USD", "GBP", "CHF"]

    /// Fraction digits of a currency: 2 for fiat, 6 for the gateway's crypto assets.
    func precision(of unit: String) -> Int {
        Interpreter.fiatCurrencies.contains(unit) ? 2 : 6
    }

    func amountLiteral(_ value: Decimal, scale: Int, unit: String, _ range: SourceRange) throws -> Amount {
        let digits = precision(of: unit)
        guard !FixedDecimal(value, scale: scale).isFiner(than: digits) else {
            throw Fault.runtime("\(unit) has \(digits) decimal places; \(FixedDecimal(value, scale: scale)) has \(scale)", range)
        }
        return Amount(value, unit, scale: digits)
    }

    /// The currency code an amount is counted in: an asset id (`USDT_TRC20`) means its code (`USDT`).
    func currencyCode(_ unit: String) async -> String {
        if unit == "TRX" || Interpreter.fiatCurrencies.contains(unit) { return unit }
        guard let assets = try? await assets() else { return unit }
        return assets.first { $0.id == unit }?.currencyCode ?? unit
    }

    /// Two amounts that may meet in `+`, `-` or a comparison; says which currencies clash.
    func checkSameCurrency(_ a: Amount, _ b: Amount, _ range: SourceRange) async throws {
        if a.currency == b.currency { return }
        if await currencyCode(a.currency) == currencyCode(b.currency) { return }
        throw Fault.runtime("cannot mix \(a.currency) and \(b.currency): convert one first", range)
    }

    func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange,
                _ leftRange: SourceRange, _ rightRange: SourceRange) async throws -> Value {
        switch op {
        case .equal, .notEqual:
            let same = try await equal(l, r, range)
            return .bool(op == .equal ? same : !same)
        case .less, .lessEqual, .greater, .greaterEqual:
            let order = try await compare(l, r, range)
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract:
            return try await addOrSubtract(op, l, r, range)
        case .multiply:
            switch (l, r) {
            case let (.number(a), .number(b)): return .number(a * b)
            case let (.amount(a), .number(n)), let (.number(n), .amount(a)): return .amount(a.multiplied(by: n))
            case let (.amount(a), .percent(p)), let (.percent(p), .amount(a)): return .amount(a.multiplied(by: p))
            case let (.number(n), .percent(p)), let (.percent(p), .number(n)): return .number(n * p)
            case let (.duration(d), .number(n)), let (.number(n), .duration(d)):
                return .duration(try duration(Decimal(d) * n, range))
            case (.amount, .amount): throw Fault.runtime("cannot multiply two amounts", range)
            default: throw mismatch("*", l, r, range)
            }
        case .divide:
            switch (l, r) {
            case let (_, .number(n)) where n.isZero: throw Fault.runtime("division by zero", rightRange)
            case let (.number(a), .number(b)): return .number(a / b)
            case let (.amount(a), .number(n)): return .amount(try a.divided(by: n))
            case let (.amount(a), .amount(b)):
                try await checkSameCurrency(a, b, range)
                guard !b.isZero else { throw Fault.runtime("division by a zero amount", rightRange) }
                return .number(a.value / b.value)
            case let (.duration(d), .number(n)): return .duration(try duration(Decimal(d) / n, range))
            default: throw mismatch("/", l, r, range)
            }
        case .and, .or:
            throw Fault.runtime("internal: logical operators are evaluated lazily", range)
        }
    }

    private func addOrSubtract(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange) async throws -> Value {
        let sign: Decimal = op == .add ? 1 : -1
        switch (l, r) {
        case let (.number(a), .number(b)): return .number(a + sign * b)
        case let (.amount(a), .amount(b)):
            try await checkSameCurrency(a, b, range)
            return .amount(Amount(a.value + sign * b.value, a.currency, scale: max(a.scale, b.scale)))
        case (.amount, .number), (.number, .amount):
            throw Fault.runtime("cannot \(op == .add ? "add" : "subtract") a bare number and an amount: write the currency, like 1 TRX", range)
        case let (.duration(a), .duration(b)): return .duration(try duration(Decimal(a) + sign * Decimal(b), range))
        case let (.percent(a), .percent(b)): return .percent(a + sign * b)
        case let (.string(a), .string(b)) where op == .add: return .string(a + b)
        case let (.list(a), .list(b)) where op == .add: return .list(a + b)
        case (.string, _), (_, .string):
            throw Fault.runtime("cannot \(op == .add ? "add" : "subtract") \(l.typeName) and \(r.typeName); use \"{…}\" to build text", range)
        default: throw mismatch(op.rawValue, l, r, range)
        }
    }

    /// A duration result in whole milliseconds, within ±100 years.
    private func duration(_ milliseconds: Decimal, _ range: SourceRange) throws -> Int64 {
        guard abs(milliseconds) <= Decimal(Lexer.maxDurationMilliseconds) else {
            throw Fault.runtime("duration is longer than 100 years", range)
        }
        return NSDecimalNumber(decimal: FixedDecimal.round(milliseconds, scale: 0, .plain)).int64Value
    }

    private func mismatch(_ op: String, _ l: Value, _ r: Value, _ range: SourceRange) -> Fault {
        Fault.runtime("cannot apply '\(op)' to \(l.typeName) and \(r.typeName)", range)
    }

    /// Equality: same type and value; an amount against a bare number is an error, not false.
    func equal(_ l: Value, _ r: Value, _ range: SourceRange) async throws -> Bool {
        switch (l, r) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.amount(a), .amount(b)):
            try await checkSameCurrency(a, b, range)
            return a.value == b.value
        case (.amount, .number), (.number, .amount):
            throw Fault.runtime("cannot compare an amount with a bare number: write the currency, like 0.995 TRX", range)
        case let (.duration(a), .duration(b)): return a == b
        case let (.percent(a), .percent(b)): return a == b
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !(try await equal(x, y, range)) { return false }
            return true
        case let (.record(a), .record(b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            for key in a.keys where !(try await equal(a[key]!, b[key]!, range)) { return false }
            return true
        default:
            return false
        }
    }

    /// Ordering: -1, 0 or 1; only numbers, amounts of one currency, durations, percentages and strings.
    func compare(_ l: Value, _ r: Value, _ range: SourceRange) async throws -> Int {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (l, r) {
        case let (.number(a), .number(b)): return sign(a, b)
        case let (.amount(a), .amount(b)):
            try await checkSameCurrency(a, b, range)
            return sign(a.value, b.value)
        case (.amount, .number), (.number, .amount):
            throw Fault.runtime("cannot compare an amount with a bare number: write the currency, like 0.995 TRX", range)
        case let (.duration(a), .duration(b)): return sign(a, b)
        case let (.percent(a), .percent(b)): return sign(a, b)
        case let (.string(a), .string(b)): return sign(a, b)
        default: throw Fault.runtime("cannot order \(l.typeName) and \(r.typeName)", range)
        }
    }
}
