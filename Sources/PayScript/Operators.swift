// Arithmetic and comparison, with the money rules: currencies never mix, amounts never meet bare
// numbers in a comparison, `+ - *` are exact, and amount results round half to even, once, to
// the currency's precision. A result that needs more than 38 significant digits is an error.
import PayClient

extension Interpreter {
    /// `1 TRX`: the number at the currency's precision; finer digits are an error, never rounded.
    func amountLiteral(_ value: FixedDecimal, unit name: String, _ range: SourceRange) async throws -> Amount {
        do {
            return try await settledAmountLiteral(value, unit: name, range)
        } catch let unstated as UnstatedPrecision {
            throw Fault(.unstatedPrecision(unstated.message), range)
        }
    }

    /// As `amountLiteral`, letting `UnstatedPrecision` through for the literal check to tell apart.
    func settledAmountLiteral(_ value: FixedDecimal, unit name: String, _ range: SourceRange) async throws -> Amount {
        let unit = try await currencyUnit(name, range)
        guard !value.isFiner(than: unit.precision) else {
            throw Fault(.finerThanCurrency(currency: name, places: unit.precision, value: "\(value)", scale: value.scale), range)
        }
        guard let number = try? value.rounded(to: unit.precision) else {
            throw Fault(.tooManyDigitsForCurrency(value: "\(value)", currency: name, places: unit.precision, limit: FixedDecimal.maxDigits), range)
        }
        return Amount(number, name)
    }

    /// Two amounts that may meet in `+`, `-` or a comparison; says which currencies clash. Units
    /// are settled when their literals are evaluated, so this asks the catalog snapshot only.
    func checkSameCurrency(_ a: Amount, _ b: Amount, _ range: SourceRange) throws {
        if a.currency == b.currency { return }
        let catalog = session.catalog
        if let code = catalog.code(of: a.currency), code == catalog.code(of: b.currency) { return }
        throw Fault(.currenciesMix(a.currency, b.currency), range)
    }

    /// Runs exact arithmetic, turning a result outside the decimal domain into an error here.
    func exact<T>(_ range: SourceRange, _ body: () throws(DecimalError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Interpreter.fault(error, range)
        }
    }

    private static func fault(_ error: DecimalError, _ range: SourceRange) -> Fault {
        error == .divisionByZero ? Fault(.divisionByZero, range)
            : Fault(.inexact("\(error)"), range)
    }

    func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange,
                _ leftRange: SourceRange, _ rightRange: SourceRange) throws -> Value {
        switch op {
        case .equal, .notEqual:
            let same = try equal(l, r, range)
            return .bool(op == .equal ? same : !same)
        case .less, .lessEqual, .greater, .greaterEqual:
            let order = try compare(l, r, range)
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract:
            return try addOrSubtract(op, l, r, range)
        case .multiply:
            return try multiply(l, r, range)
        case .divide:
            return try divide(l, r, range, rightRange)
        case .and, .or:
            throw Fault(.internalError("internal: logical operators are evaluated lazily"), range)
        }
    }

    private func multiply(_ l: Value, _ r: Value, _ range: SourceRange) throws -> Value {
        switch (l, r) {
        case let (.number(a), .number(b)):
            return .number(try exact(range) { () throws(DecimalError) in try a.multiplied(by: b) })
        case let (.amount(a), .number(n)), let (.number(n), .amount(a)),
             let (.amount(a), .percent(n)), let (.percent(n), .amount(a)):
            return .amount(try money(range) { () throws(AmountError) in try a.multiplied(by: n) })
        case let (.number(n), .percent(p)), let (.percent(p), .number(n)):
            return .number(try exact(range) { () throws(DecimalError) in try n.multiplied(by: p) })
        case let (.duration(d), .number(n)), let (.number(n), .duration(d)):
            let product = try exact(range) { () throws(DecimalError) in try FixedDecimal(Int(d)).multiplied(by: n, roundedTo: 0) }
            return .duration(try duration(product, range))
        case (.amount, .amount): throw Fault(.cannotMultiplyAmounts, range)
        default: throw mismatch("*", l, r, range)
        }
    }

    private func divide(_ l: Value, _ r: Value, _ range: SourceRange, _ rightRange: SourceRange) throws -> Value {
        switch (l, r) {
        case let (_, .number(n)) where n.isZero: throw Fault(.divisionByZero, rightRange)
        case let (.number(a), .number(b)):
            return .number(try exact(range) { () throws(DecimalError) in try a.divided(by: b) })
        case let (.amount(a), .number(n)):
            return .amount(try money(range) { () throws(AmountError) in try a.divided(by: n) })
        case let (.amount(a), .amount(b)):
            try checkSameCurrency(a, b, range)
            guard !b.isZero else { throw Fault(.divisionByZeroAmount, rightRange) }
            return .number(try exact(range) { () throws(DecimalError) in try a.number.divided(by: b.number) })
        case let (.duration(d), .number(n)):
            let quotient = try exact(range) { () throws(DecimalError) in try FixedDecimal(Int(d)).divided(by: n, roundedTo: 0) }
            return .duration(try duration(quotient, range))
        default: throw mismatch("/", l, r, range)
        }
    }

    private func addOrSubtract(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange) throws -> Value {
        let adding = op == .add
        func sum(_ a: FixedDecimal, _ b: FixedDecimal) throws -> FixedDecimal {
            try exact(range) { () throws(DecimalError) in adding ? try a.adding(b) : try a.subtracting(b) }
        }
        switch (l, r) {
        case let (.number(a), .number(b)): return .number(try sum(a, b))
        case let (.amount(a), .amount(b)):
            try checkSameCurrency(a, b, range)
            return .amount(try money(range) { () throws(AmountError) in
                adding ? try a.adding(b.named(a.currency)) : try a.subtracting(b.named(a.currency)) })
        case (.amount, .number), (.number, .amount):
            throw Fault(.bareNumberAndAmount(adding: adding), range)
        case let (.duration(a), .duration(b)):
            return .duration(try duration(try sum(FixedDecimal(Int(a)), FixedDecimal(Int(b))), range))
        case let (.percent(a), .percent(b)): return .percent(try sum(a, b))
        case let (.timestamp(a), .timestamp(b)) where !adding:
            return .duration(try duration(FixedDecimal(Int(a.milliseconds - b.milliseconds)), range))
        case let (.timestamp(t), .duration(d)):
            return .timestamp(try shifted(t, adding ? d : -d, range))
        case let (.duration(d), .timestamp(t)) where adding:
            return .timestamp(try shifted(t, d, range))
        case (.timestamp, .timestamp):
            throw Fault(.cannotAddTimestamps, range)
        case let (.string(a), .string(b)) where adding: return try Value.boundedString(a + b, range)
        case let (.list(a), .list(b)) where adding: return try Value.boundedList(a + b, range)
        case (.string, _), (_, .string):
            throw Fault(.cannotJoin(adding: adding, l.typeName, r.typeName), range)
        default: throw mismatch(op.rawValue, l, r, range)
        }
    }

    /// Runs amount arithmetic, with the same errors as `exact`, and a currency clash said as such.
    func money<T>(_ range: SourceRange, _ body: () throws(AmountError) -> T) throws -> T {
        do {
            return try body()
        } catch let .decimal(error) {
            throw Interpreter.fault(error, range)
        } catch {
            throw Fault(.amountArithmetic(error.description), range)
        }
    }

    /// A timestamp moved by a duration, within the years timestamps can hold.
    private func shifted(_ instant: Instant, _ milliseconds: Int64, _ range: SourceRange) throws -> Instant {
        guard let moved = Instant(milliseconds: instant.milliseconds + milliseconds) else {
            throw Fault(.timestampOutOfRange, range)
        }
        return moved
    }

    /// A duration result in whole milliseconds, within ±100 years.
    private func duration(_ milliseconds: FixedDecimal, _ range: SourceRange) throws -> Int64 {
        guard milliseconds.magnitude <= FixedDecimal(Int(Lexer.maxDurationMilliseconds)),
              let whole = milliseconds.wholeValue else {
            throw Fault(.durationTooLong, range)
        }
        return Int64(whole)
    }

    private func mismatch(_ op: String, _ l: Value, _ r: Value, _ range: SourceRange) -> Fault {
        Fault(.cannotApply("\(op)", to: [l.typeName, r.typeName]), range)
    }

    /// Equality: same type and value; an amount against a bare number is an error, not false.
    /// Lists and records compare element by element without recursion, so any depth is safe.
    func equal(_ l: Value, _ r: Value, _ range: SourceRange) throws -> Bool {
        var pending: [(Value, Value)] = [(l, r)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case let (.list(x), .list(y)):
                guard x.count == y.count else { return false }
                pending.append(contentsOf: zip(x, y))
            case let (.record(x), .record(y)):
                guard Set(x.keys) == Set(y.keys) else { return false }
                for key in x.keys { pending.append((x[key]!, y[key]!)) }
            default:
                guard try equalScalars(a, b, range) else { return false }
            }
        }
        return true
    }

    private func equalScalars(_ l: Value, _ r: Value, _ range: SourceRange) throws -> Bool {
        switch (l, r) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.amount(a), .amount(b)):
            try checkSameCurrency(a, b, range)
            return a.number == b.number
        case (.amount, .number), (.number, .amount):
            throw Fault(.bareNumberComparedWithAmount, range)
        case let (.duration(a), .duration(b)): return a == b
        case let (.percent(a), .percent(b)): return a == b
        case let (.timestamp(a), .timestamp(b)): return a == b
        case (.timestamp, .string), (.string, .timestamp):
            throw Fault(.timestampAndString, range)
        default:
            return false
        }
    }

    /// Ordering: -1, 0 or 1; only numbers, amounts of one currency, durations, timestamps,
    /// percentages and strings.
    func compare(_ l: Value, _ r: Value, _ range: SourceRange) throws -> Int {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (l, r) {
        case let (.number(a), .number(b)): return sign(a, b)
        case let (.amount(a), .amount(b)):
            try checkSameCurrency(a, b, range)
            return sign(a.number, b.number)
        case (.amount, .number), (.number, .amount):
            throw Fault(.bareNumberComparedWithAmount, range)
        case let (.duration(a), .duration(b)): return sign(a, b)
        case let (.percent(a), .percent(b)): return sign(a, b)
        case let (.timestamp(a), .timestamp(b)): return sign(a, b)
        case (.timestamp, .string), (.string, .timestamp):
            throw Fault(.timestampAndString, range)
        case let (.string(a), .string(b)): return sign(a, b)
        default: throw Fault(.cannotOrder(l.typeName, r.typeName), range)
        }
    }
}
