// Runtime values of the language, how they print, and how API JSON becomes them.
import PayClient

public indirect enum Value {
    case null
    case bool(Bool)
    case number(FixedDecimal)
    case string(String)
    case amount(Amount)
    /// Milliseconds.
    case duration(Int64)
    case timestamp(Instant)
    /// A fraction: 25% is 0.25.
    case percent(FixedDecimal)
    case list([Value])
    case record(Record)
    case function(Function)

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .amount: "amount"
        case .duration: "duration"
        case .timestamp: "timestamp"
        case .percent: "percentage"
        case .list: "list"
        case .record: "record"
        case .function: "function"
        }
    }

    /// True for a number, amount or percentage above zero.
    var isPositive: Bool {
        switch self {
        case let .number(n), let .percent(n): n.signum > 0
        case let .amount(a): a.isPositive
        default: false
        }
    }
}

/// Fields in the order they were given: API objects keep the API's field order.
public struct Record {
    public private(set) var keys: [String] = []
    private var values: [String: Value] = [:]
    /// An order created and not fetched yet (Commands/Deferred.swift): only its id and what the
    /// run noted are here, and reading it fetches it.
    var awaitsFetch = false
    /// When and how a prompt's command fetched it, for the card's age line (Cards.swift); nil in
    /// scripts, whose output never shows it. Not part of the record's value.
    public internal(set) var fetched: Fetched?

    public init(_ pairs: [(String, Value)] = []) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> Value? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }

    public var fields: [(String, Value)] { keys.map { ($0, values[$0]!) } }
    public var count: Int { keys.count }

    /// A string field, if present.
    func string(_ key: String) -> String? {
        if case let .string(text)? = values[key] { return text }
        return nil
    }
}

/// A function made by `def`, closing over the scope it was defined in.
public final class Function {
    let name: String
    let parameters: [String]
    let body: [Stmt]
    let closure: Environment
    let file: SourceFile

    init(name: String, parameters: [String], body: [Stmt], closure: Environment, file: SourceFile) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.closure = closure
        self.file = file
    }
}

// MARK: Printing

extension Value: CustomStringConvertible {
    /// How `print` and interpolation show a value: strings bare, everything else as a literal.
    public var description: String {
        switch self {
        case let .string(text): text
        default: literal
        }
    }

    /// The value written as it would be in a script: strings quoted.
    public var literal: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n.normalized.description
        case let .string(text): return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case let .amount(a): return a.description
        case let .duration(ms): return Value.formatDuration(ms)
        case let .timestamp(instant): return instant.description
        case let .percent(p): return (FixedDecimal(coefficient: p.coefficient, scale: p.scale - 2)
                                          ?? (try? p.multiplied(by: 100)) ?? p).normalized.description + "%"
        case let .list(items): return "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case let .record(r): return "{" + r.fields.map { "\($0.0): \($0.1.literal)" }.joined(separator: ", ") + "}"
        case let .function(f): return "<def \(f.name)(\(f.parameters.joined(separator: ", ")))>"
        }
    }

    /// `2m 30s`: each unit from days to milliseconds that is not zero, largest first.
    static func formatDuration(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var rest = abs(ms)
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size { parts.append("\(rest / size)\(unit)"); rest %= size }
        }
        return (ms < 0 ? "-" : "") + parts.joined(separator: " ")
    }
}

// MARK: From API answers

extension Value {
    /// An API answer as a value, field by field in the order the gateway sent them, fields no
    /// model declares included. Objects are records, except that an object of exactly an amount
    /// string and a currency is an amount; numbers are exact when they can be; a string field
    /// named in `decimals` (the model's decimal strings, like a rate's `rate`) is a number; one
    /// the API declares a timestamp (`createdAt`, `updatedAt`) is a timestamp.
    init(json: JSONValue, decimals: Set<String> = []) {
        switch json {
        case .null: self = .null
        case let .bool(flag): self = .bool(flag)
        case let .number(text): self = FixedDecimal.parse(text).map(Value.number) ?? .string(text)
        case let .string(text): self = .string(text)
        case let .array(items): self = .list(items.map { Value(json: $0, decimals: decimals) })
        case let .object(fields):
            if fields.count == 2, case let .string(number)? = json["amount"], case let .string(currency)? = json["currency"],
               let exact = FixedDecimal.parse(number) {
                self = .amount(Amount(exact, currency))
                return
            }
            self = .record(Record(fields.map { field in
                if case let .string(text) = field.value {
                    if decimals.contains(field.name), let number = FixedDecimal.parse(text) { return (field.name, .number(number)) }
                    if Value.timestampFields.contains(field.name), let instant = Instant(text: text) { return (field.name, .timestamp(instant)) }
                }
                return (field.name, Value(json: field.value, decimals: decimals))
            }))
        }
    }
}

extension Value {
    /// Fields openapi.yaml declares as a Timestamp.
    static let timestampFields: Set<String> = ["createdAt", "updatedAt"]
}

// MARK: Bounds

extension Value {
    /// How deep lists may nest: as deep as the parser lets brackets nest.
    static let maxDepth = 100
    /// Values in one list, nested ones included (a list shared twice counts twice, as it prints twice).
    static let maxWeight = 1_000_000
    /// Bytes of UTF-8 in one string.
    static let maxTextLength = 10_000_000

    /// A list of `items`, if it stays within the bounds. Counting stops at the limit, so a list
    /// that holds one shared list many times costs no more than `maxWeight` steps.
    static func boundedList(_ items: [Value], _ range: SourceRange) throws -> Value {
        try checkBounds(items, range)
        return .list(items)
    }

    /// A record literal's value, within the same bounds as lists: records and lists nest at most
    /// `maxDepth` deep together, so printing or comparing one cannot exhaust the stack.
    static func boundedRecord(_ record: Record, _ range: SourceRange) throws -> Value {
        try checkBounds(record.fields.map(\.1), range)
        return .record(record)
    }

    private static func checkBounds(_ items: [Value], _ range: SourceRange) throws {
        var stack: [(items: [Value], depth: Int)] = [(items, 1)]
        var weight = 0
        while let (level, depth) = stack.popLast() {
            weight += level.count
            guard weight <= maxWeight else {
                throw Fault(.listTooLarge(limit: maxWeight), range)
            }
            for item in level {
                let inner: [Value]
                switch item {
                case let .list(items): inner = items
                case let .record(record): inner = record.fields.map(\.1)
                default: continue
                }
                guard depth < maxDepth else {
                    throw Fault(.nestedTooDeep(limit: maxDepth), range)
                }
                stack.append((inner, depth + 1))
            }
        }
    }

    /// A string, if it stays within the bound.
    static func boundedString(_ text: String, _ range: SourceRange) throws -> Value {
        guard text.utf8.count <= maxTextLength else {
            throw Fault(.stringTooLong(limit: maxTextLength), range)
        }
        return .string(text)
    }
}
