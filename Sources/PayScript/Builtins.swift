// What the built-in functions do; which there are, their arity and signatures are BuiltinFunction's table.
import Foundation
import PayClient

enum Builtins {
    /// Calls `function` with `args`, already evaluated; its arity is checked here as well as by
    /// the checker, since a prompt's entry may call with a name the checker did not resolve.
    static func call(_ function: BuiltinFunction, _ interpreter: Interpreter, _ args: [Value], _ range: SourceRange) async throws -> Value {
        let name = function.rawValue
        try arity(args, function.arity, name, range)
        switch function {
        case .env:
            guard case let .string(key) = args[0] else { throw Fault(.builtinArgument(function: "env", needs: "a variable name as a string"), range) }
            return ProcessInfo.processInfo.environment[key].map { .string($0) } ?? .null
        case .param:
            // `param("amount", 1 TRX)`: what `--var amount=…` bound, or the default; never a
            // variable the script made itself.
            guard case let .string(name) = args[0] else { throw Fault(.builtinArgument(function: "param", needs: "a variable name as a string"), range) }
            return interpreter.parameters[name] ?? args[1]
        case .contains:
            switch (args[0], args[1]) {
            case let (.string(text), .string(part)): return .bool(text.contains(part))
            case let (.list(items), needle):
                return .bool(items.contains { $0.literal == needle.literal })
            default: throw Fault(.builtinArgument(function: "contains", needs: "a string and a string, or a list and a value"), range)
            }
        case .uuid:
            return .string(interpreter.session.uuids.next())
        case .now:
            guard interpreter.session.isSandbox else {
                return .timestamp(Instant(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))!)
            }
            let client = interpreter.session.client
            return try Builtins.timestamp(try await interpreter.api(range) { try await client.sandboxClock() }.now, range)
        case .time:
            // `time("2024-12-16T07:20:23+00:00")`: a timestamp from its ISO 8601 text.
            guard case let .string(text) = args[0] else {
                throw Fault(.builtinArgument(function: "time", needs: "ISO 8601 text, like time(\"2024-12-16T07:20:23+00:00\")"), range)
            }
            guard let instant = Instant(text: text) else {
                throw Fault(.notISOTime(text), range)
            }
            return .timestamp(instant)
        case .len:
            switch args[0] {
            case let .list(items): return .number(FixedDecimal(items.count))
            case let .string(text): return .number(FixedDecimal(text.count))
            case let .record(record): return .number(FixedDecimal(record.count))
            case let other: throw Fault(.needs(construct: "len()", needs: "a list, string or record", got: other.typeName), range)
            }
        case .str:
            return try Value.boundedString(args[0].description, range)
        case .load:
            guard case let .string(path) = args[0] else { throw Fault(.builtinArgument(function: "load", needs: "a file's path as a string, like load(\"amounts.csv\")"), range) }
            return try await interpreter.load(path, range)
        case .sum:
            guard case let .list(items) = args[0] else { throw Fault(.builtinArgument(function: "sum", needs: "a list"), range) }
            guard var total = items.first else { return .number(0) }
            for item in items.dropFirst() { total = try interpreter.binary(.add, total, item, range, range, range) }
            return total
        }
    }

    /// The sandbox clock's time as a value.
    static func timestamp(_ time: Timestamp, _ range: SourceRange) throws -> Value {
        // The sandbox clock's milliseconds are kept (its text shows them).
        guard let instant = Instant(milliseconds: time.epochMilliseconds) else { throw Fault(.gatewayTimeOutOfRange("\(time)"), range) }
        return .timestamp(instant)
    }

    private static func arity(_ args: [Value], _ count: Int, _ name: String, _ range: SourceRange) throws {
        guard args.count == count else { throw Fault(.argumentCount(function: name, builtin: true, takes: count, given: args.count), range) }
    }
}
