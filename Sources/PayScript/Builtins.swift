// Built-in functions: env(), param(), uuid(), now(), time(), len(), str(), sum(), contains().
import Foundation
import PayClient

enum Builtins {
    typealias Builtin = @Sendable (Interpreter, [Value], SourceRange) async throws -> Value

    static let table: [String: Builtin] = [
        "env": { _, args, range in
            let name = try single(args, "env", range)
            guard case let .string(key) = name else { throw Fault.runtime("env() needs a variable name as a string", range) }
            return ProcessInfo.processInfo.environment[key].map { .string($0) } ?? .null
        },
        /// `param("amount", 1 TRX)`: what `--var amount=…` bound, or the default; never a variable
        /// the script made itself.
        "param": { interpreter, args, range in
            try arity(args, 2, "param", range)
            guard case let .string(name) = args[0] else { throw Fault.runtime("param() needs a variable name as a string", range) }
            return interpreter.parameters[name] ?? args[1]
        },
        "contains": { _, args, range in
            try arity(args, 2, "contains", range)
            switch (args[0], args[1]) {
            case let (.string(text), .string(part)): return .bool(text.contains(part))
            case let (.list(items), needle):
                return .bool(items.contains { $0.literal == needle.literal })
            default: throw Fault.runtime("contains() needs a string and a string, or a list and a value", range)
            }
        },
        "uuid": { _, args, range in
            try arity(args, 0, "uuid", range)
            return .string(UUID().uuidString.lowercased())
        },
        "now": { interpreter, args, range in
            try arity(args, 0, "now", range)
            guard interpreter.session.isSandbox else {
                return .timestamp(Instant(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))!)
            }
            let client = interpreter.session.client
            return try Builtins.timestamp(try await interpreter.api(range) { try await client.sandboxClock() }.now, range)
        },
        /// `time("2024-12-16T07:20:23+00:00")`: a timestamp from its ISO 8601 text.
        "time": { _, args, range in
            guard case let .string(text) = try single(args, "time", range) else {
                throw Fault.runtime("time() needs ISO 8601 text, like time(\"2024-12-16T07:20:23+00:00\")", range)
            }
            guard let instant = Instant(text: text) else {
                throw Fault.runtime("time(): \"\(text)\" is not an ISO 8601 time with an offset between 1970 and 9999, like 2024-12-16T07:20:23+00:00", range)
            }
            return .timestamp(instant)
        },
        "len": { _, args, range in
            switch try single(args, "len", range) {
            case let .list(items): return .number(FixedDecimal(items.count))
            case let .string(text): return .number(FixedDecimal(text.count))
            case let .record(record): return .number(FixedDecimal(record.count))
            case let other: throw Fault.runtime("len() needs a list, string or record, got \(other.typeName)", range)
            }
        },
        "str": { _, args, range in try Value.boundedString(try single(args, "str", range).description, range) },
        "sum": { interpreter, args, range in
            guard case let .list(items) = try single(args, "sum", range) else {
                throw Fault.runtime("sum() needs a list", range)
            }
            guard var total = items.first else { return .number(0) }
            for item in items.dropFirst() { total = try interpreter.binary(.add, total, item, range, range, range) }
            return total
        },
    ]

    /// The sandbox clock's time as a value.
    static func timestamp(_ time: Timestamp, _ range: SourceRange) throws -> Value {
        guard let instant = Instant(time) else { throw Fault.runtime("the gateway's time \(time) is outside 1970 to 9999", range) }
        return .timestamp(instant)
    }

    private static func arity(_ args: [Value], _ count: Int, _ name: String, _ range: SourceRange) throws {
        guard args.count == count else { throw Fault.runtime("\(name)() takes \(count) argument(s), got \(args.count)", range) }
    }

    private static func single(_ args: [Value], _ name: String, _ range: SourceRange) throws -> Value {
        try arity(args, 1, name, range)
        return args[0]
    }
}
