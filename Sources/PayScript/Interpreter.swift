// Evaluates programs: one long-lived interpreter per run (and per REPL session), so bindings
// persist. It keeps scopes, `it`, the call depth and where output goes; the run's order notes
// are in its RunContext, and what the whole invocation shares (client, guards, budget, catalog)
// in its GatewaySession.
import Foundation
import PayClient

public final class Interpreter {
    let session: GatewaySession
    let globals = Environment()
    /// The last order a command created, fetched or waited on.
    public internal(set) var it: Value = .null
    let write: (String) -> Void
    /// Files `use` can load, already parsed, by absolute path.
    var programs: [String: Program] = [:]
    var usedFiles: Set<String> = []
    var file: SourceFile

    /// What this run has learned of its orders; a runner gives each job its own.
    let context = RunContext()
    /// What `--var` bound, which `param()` reads; a global the script itself made is not one.
    var parameters: [String: Value] = [:]
    /// Function calls in progress; bounded so runaway recursion is an error, not exhausted memory.
    var callDepth = 0
    /// Cancellation checks so far; every 1,024th yields.
    private var steps = 0
    static let maxCallDepth = 500
    /// `pay test`'s testcase for one case of the script's `cases`: which item (from 0) the first
    /// `cases` statement to run takes, alone. Nil runs every case.
    public var selectedCase: Int?
    /// Data files `load` has read, by absolute path: each is read once a run, when the checks
    /// read it before the first statement, and that value is the one the script gets.
    var dataFiles: [String: Value] = [:]
    /// The order fetches `wait` has made this run, for `pay test --timing`.
    public internal(set) var pollCount = 0
    /// Entries typed at a prompt: the next one may read anything, so nothing is left unfetched.
    public var atPrompt = false
    /// Inside blocks whose failure does not end the run (`expect refused`, every case of
    /// `cases`): nothing is left unfetched there either.
    var recovering = 0

    public init(session: GatewaySession, file: SourceFile, write: @escaping (String) -> Void) {
        self.session = session
        self.file = file
        self.write = write
    }

    /// The names bound at the top level, variables and functions, for completion and `:vars`.
    public var globalNames: [String] { globals.names }

    /// A top-level binding's value.
    public func global(_ name: String) -> Value? { globals.lookup(name) }

    /// The last order a command created, fetched or waited on, if any.
    public var lastOrder: Value? { if case .null = it { nil } else { it } }

    /// Runs a program's statements in the global scope. Scripts run through `Pipeline.run`,
    /// which checks them and settles their amount literals first; tests call this directly.
    func run(_ program: Program, includes: [String: Program] = [:]) async throws(ScriptError) {
        _ = try await runEntry(program, includes: includes)
    }

    /// Runs one entry typed at a prompt (or a whole program) in the global scope. When its last
    /// statement is a bare expression, returns that expression's value, for the prompt to show.
    func runEntry(_ program: Program, includes: [String: Program] = [:]) async throws(ScriptError) -> Value? {
        programs.merge(includes) { $1 }
        usedFiles.insert(URL(fileURLWithPath: program.file.path).standardizedFileURL.path)
        file = program.file
        do {
            var statements = program.statements
            guard case let .expression(last)? = statements.last?.kind else {
                _ = try await execute(statements, in: globals)
                return nil
            }
            statements.removeLast()
            _ = try await execute(statements, in: globals)
            try await checkCancellation(last.range)
            do {
                return try await evaluate(last, in: globals)
            } catch is CancellationError {
                throw Interpreter.interrupted(last.range)
            }
        } catch let fault as Fault {
            throw ScriptError(fault.kind, [fault.diagnostic(in: program.file)])
        } catch {
            throw ScriptError(.runtime, [Diagnostic(.run(.internalError("internal: \(error)")), file: program.file,
                                                    range: SourceRange(.init(line: 1, column: 1), .init(line: 1, column: 1)))])
        }
    }

    // MARK: Statements

    enum Flow {
        case normal
        case returned(Value)
    }

    func execute(_ statements: [Stmt], in env: Environment) async throws -> Flow {
        for (index, statement) in statements.enumerated() {
            try await checkCancellation(statement.range)
            if createsUnreadOrder(statements, at: index), case let .let(name, expr) = statement.kind, case let .command(command) = expr.kind {
                env.define(name, try await run(command, in: env, expr.range, fetchingCreated: false))
                continue
            }
            if case let .returned(value) = try await execute(statement, in: env) { return .returned(value) }
        }
        return .normal
    }

    /// Stops the run when its task is cancelled (Ctrl-C at a prompt, a runner's --fail-fast):
    /// statements, loop rounds and each poll of `wait` check, so a long wait stops at once. Every
    /// 1,024 checks it also yields its thread, so a busy script cannot keep other runs in the same
    /// process, or the task that would cancel it, from being scheduled.
    func checkCancellation(_ range: SourceRange) async throws {
        steps &+= 1
        if steps & 1023 == 0 { await Task.yield() }
        if Task.isCancelled { throw Interpreter.interrupted(range) }
    }

    static func interrupted(_ range: SourceRange) -> Fault {
        Fault(.interrupted, range)
    }

    func execute(_ statement: Stmt, in env: Environment) async throws -> Flow {
        do {
            return try await perform(statement, in: env)
        } catch is CancellationError {
            // A sleep or a request stopped by cancellation: the innermost statement is where.
            throw Interpreter.interrupted(statement.range)
        }
    }

    private func perform(_ statement: Stmt, in env: Environment) async throws -> Flow {
        switch statement.kind {
        case let .let(name, expr):
            env.define(name, try await evaluate(expr, in: env))
        case let .assign(name, expr):
            let value = try await evaluate(expr, in: env)
            guard env.assign(name, value) else {
                throw Fault(.notDefined(name, assigned: true), statement.range)
            }
        case let .expression(expr):
            _ = try await evaluate(expr, in: env)
        case let .if(condition, then, otherwise):
            let test = try await evaluate(condition, in: env)
            guard case let .bool(flag) = test else {
                throw Fault(.needs(construct: "'if'", needs: "a bool", got: "\(test.typeName) \(test.literal)"), condition.range)
            }
            if flag { return try await execute(then, in: Environment(parent: env)) }
            if let otherwise { return try await execute(otherwise, in: Environment(parent: env)) }
        case let .for(name, sequence, body):
            let items = try await evaluate(sequence, in: env)
            let values: [Value]
            switch items {
            case let .list(list): values = list
            case let .record(record): values = record.keys.map { .string($0) }
            default: throw Fault(.needs(construct: "'for'", needs: "a list", got: items.typeName), sequence.range)
            }
            for item in values {
                try await checkCancellation(statement.range)
                let scope = Environment(parent: env)
                scope.define(name, item)
                if case let .returned(value) = try await execute(body, in: scope) { return .returned(value) }
            }
        case let .cases(rowsExpr, name, body):
            return try await runCases(rowsExpr, name, body, in: env, statement.range)
        case let .repeat(countExpr, body):
            let count = try await evaluate(countExpr, in: env)
            guard case let .number(n) = count, let times = n.wholeValue, (0...1_000_000).contains(times) else {
                throw Fault(.repeatCount(got: count.literal), countExpr.range)
            }
            for _ in 0..<times {
                try await checkCancellation(statement.range)
                if case let .returned(value) = try await execute(body, in: Environment(parent: env)) { return .returned(value) }
            }
        case let .def(name, parameters, body):
            env.define(name, .function(Function(name: name, parameters: parameters, body: body, closure: env, file: file)))
        case let .return(expr):
            guard let expr else { return .returned(.null) }
            return .returned(try await evaluate(expr, in: env))
        case let .use(path):
            try await use(path, statement.range)
        case let .expect(condition, message):
            try await expect(condition, message: message, in: env)
        case let .expectRefused(body, binding):
            // A refusal does not end the run: what the block left in `it` may be read after it.
            recovering += 1
            defer { recovering -= 1 }
            do {
                _ = try await execute(body, in: Environment(parent: env))
            } catch let fault as Fault where fault.kind == .runtime {
                // Only a definite refusal: no answer from the gateway is not one (see Fault.Kind).
                if let binding { env.define(binding, .string(fault.message)) }
                return .normal
            }
            throw Fault(.refusalExpected, statement.range)
        case let .fail(messageExpr):
            let message = try await evaluate(messageExpr, in: env)
            throw Fault(.failed("\(message)"), statement.range)
        case let .print(expr):
            write((try await evaluate(expr, in: env)).description)
        case let .show(expr):
            write(Show.render(try await evaluate(expr, in: env)))
        case let .sleep(expr):
            try await sleep(try await evaluate(expr, in: env), expr.range)
        }
        return .normal
    }

    /// Runs an included file once, in the global scope, with its own name in its messages.
    private func use(_ path: String, _ range: SourceRange) async throws {
        let resolved = ScriptLoader.resolve(path, from: file.path)
        guard !usedFiles.contains(resolved) else { return }
        guard let program = programs[resolved] else {
            throw Fault(.notLoaded(path), range)
        }
        usedFiles.insert(resolved)
        let outer = file
        file = program.file
        defer { file = outer }
        do {
            _ = try await execute(program.statements, in: globals)
        } catch let fault as Fault {
            throw fault.leaving(program.file, through: Frame(.use(program.file.path), callerPath: outer.path, location: range.start))
        }
    }

    /// `expect a == b` shows both sides when it fails; any other condition shows its value.
    private func expect(_ condition: Expr, message: Expr?, in env: Environment) async throws {
        let text = file.text(of: condition.range)
        var notes: [String] = []
        var holds: Bool
        if case let .binary(op, left, right) = condition.kind,
           [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op) {
            let l = try await evaluate(left, in: env)
            let r = try await evaluate(right, in: env)
            let result = try binary(op, l, r, condition.range, left.range, right.range)
            if case let .bool(flag) = result { holds = flag } else { holds = false }
            notes = ["  left:  \(l.literal)", "  right: \(r.literal)"]
        } else {
            let value = try await evaluate(condition, in: env)
            guard case let .bool(result) = value else {
                throw Fault(.needs(construct: "'expect'", needs: "a bool", got: "\(value.typeName) \(value.literal)"), condition.range)
            }
            holds = result
        }
        guard !holds else { return }
        var headline = "expectation failed: \(text)"
        if let message {
            headline = "expectation failed: \(try await evaluate(message, in: env).description)"
            notes.insert("  expected: \(text)", at: 0)
        }
        throw Fault(.expectationFailed(headline), condition.range, notes: notes)
    }

    // MARK: Expressions

    func evaluate(_ expr: Expr, in env: Environment) async throws -> Value {
        switch expr.kind {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .number(n): return .number(n)
        case let .amount(value, unit): return .amount(try await amountLiteral(value, unit: unit, expr.range))
        case let .duration(ms): return .duration(ms)
        case let .percent(p): return .percent(p)
        case let .string(parts):
            var text = ""
            for part in parts {
                switch part {
                case let .text(piece): text += piece
                case let .expr(inner): text += (try await evaluate(inner, in: env)).description
                }
                guard text.utf8.count <= Value.maxTextLength else { return try Value.boundedString(text, expr.range) }
            }
            return .string(text)
        case let .list(items):
            var values: [Value] = []
            for item in items { values.append(try await evaluate(item, in: env)) }
            return try Value.boundedList(values, expr.range)
        case let .record(fields):
            var record = Record()
            for field in fields { record[field.name] = try await evaluate(field.value, in: env) }
            return try Value.boundedRecord(record, expr.range)
        case let .variable(name):
            guard let value = env.lookup(name) else {
                throw Fault(.notDefined(name, assigned: false), expr.range)
            }
            return try await resolved(value, name: name, in: env, expr.range)
        case .it:
            if case .null = it {
                throw Fault(.itUnbound, expr.range)
            }
            return try await resolved(it, name: nil, in: env, expr.range)
        case let .unary(op, operand):
            let value = try await evaluate(operand, in: env)
            switch (op, value) {
            case (.negate, .number(let n)): return .number(n.negated)
            case (.negate, .amount(let a)): return .amount(a.negated)
            case (.negate, .duration(let d)): return .duration(-d)
            case (.negate, .percent(let p)): return .percent(p.negated)
            case (.not, .bool(let b)): return .bool(!b)
            default: throw Fault(.cannotApply(op.rawValue, to: [value.typeName]), expr.range)
            }
        case let .binary(.and, left, right):
            let l = try await evaluate(left, in: env)
            guard case let .bool(lb) = l else { throw Fault(.needs(construct: "'and'", needs: "bools", got: l.typeName), left.range) }
            if !lb { return .bool(false) }
            let r = try await evaluate(right, in: env)
            guard case let .bool(rb) = r else { throw Fault(.needs(construct: "'and'", needs: "bools", got: r.typeName), right.range) }
            return .bool(rb)
        case let .binary(.or, left, right):
            let l = try await evaluate(left, in: env)
            guard case let .bool(lb) = l else { throw Fault(.needs(construct: "'or'", needs: "bools", got: l.typeName), left.range) }
            if lb { return .bool(true) }
            let r = try await evaluate(right, in: env)
            guard case let .bool(rb) = r else { throw Fault(.needs(construct: "'or'", needs: "bools", got: r.typeName), right.range) }
            return .bool(rb)
        case let .binary(op, left, right):
            let l = try await evaluate(left, in: env)
            let r = try await evaluate(right, in: env)
            return try binary(op, l, r, expr.range, left.range, right.range)
        case let .field(base, name):
            let value = try await evaluate(base, in: env)
            guard case let .record(record) = value else {
                throw Fault(.noFields(type: value.typeName, field: name), expr.range)
            }
            guard let field = record[name] else {
                throw Fault(.noField(name, fields: Array(record.keys)), expr.range)
            }
            return field
        case let .index(base, indexExpr):
            let container = try await evaluate(base, in: env)
            let index = try await evaluate(indexExpr, in: env)
            switch (container, index) {
            case let (.list(items), .number(n)):
                guard let position = n.wholeValue, items.indices.contains(position) else {
                    throw Fault(.indexOutOfRange(Value.number(n).literal, count: items.count), indexExpr.range)
                }
                return items[position]
            case let (.record(record), .string(key)):
                guard let value = record[key] else { throw Fault(.noField(key, fields: nil), indexExpr.range) }
                return value
            default:
                throw Fault(.cannotIndex(container.typeName, with: index.typeName), expr.range)
            }
        case let .call(name, arguments):
            var values: [Value] = []
            for argument in arguments { values.append(try await evaluate(argument, in: env)) }
            return try await call(name, values, in: env, expr.range)
        case let .command(command):
            return try await run(command, in: env, expr.range)
        }
    }

    private func call(_ name: String, _ arguments: [Value], in env: Environment, _ range: SourceRange) async throws -> Value {
        if case let .function(function)? = env.lookup(name) {
            guard arguments.count == function.parameters.count else {
                throw Fault(.argumentCount(function: name, builtin: false, takes: function.parameters.count, given: arguments.count), range)
            }
            guard callDepth < Interpreter.maxCallDepth else {
                throw Fault(.callsTooDeep(limit: Interpreter.maxCallDepth, function: name), range)
            }
            callDepth += 1
            defer { callDepth -= 1 }
            let scope = Environment(parent: function.closure)
            for (parameter, argument) in zip(function.parameters, arguments) { scope.define(parameter, argument) }
            let outer = file
            file = function.file
            defer { file = outer }
            do {
                if case let .returned(value) = try await execute(function.body, in: scope) { return value }
            } catch let fault as Fault {
                throw fault.leaving(function.file, through: Frame(.function(name), callerPath: outer.path, location: range.start))
            }
            return .null
        }
        if let builtin = BuiltinFunction.named(name) {
            return try await Builtins.call(builtin, self, arguments, range)
        }
        throw Fault(.notAFunction(name), range)
    }
}

extension Interpreter {
    /// `--var NAME=VALUE`: VALUE is read as a literal when it is one (`5`, `1 TRX`, `30s`, `25%`,
    /// `true`), otherwise taken as text. A literal that is not valid (`0.0000001 TRX`) is an error,
    /// never quietly a string. Returns the problem, or nil when the variable is bound.
    public func defineVariable(_ name: String, literal text: String) async -> String? {
        var nameLexer = Lexer(name)
        guard case .identifier = nameLexer.tokenize().first?.kind, nameLexer.errors.isEmpty,
              !name.contains(where: { $0 == " " }) else { return "--var name '\(name)' is not a valid variable name" }
        let value: Value
        switch await readValue(text) {
        case let .success(read): value = read
        case let .failure(problem): return "--var \(name)=\(text): \(problem.message)"
        }
        globals.define(name, value)
        parameters[name] = value
        return nil
    }

    /// A `--var` value or a data file's cell: a literal when it is one (`5`, `1 TRX`, `30s`,
    /// `25%`, `true`), otherwise text. A literal that is not valid, or a number and a word that do
    /// not make an amount (`5 trx`), fails with the reason.
    func readValue(_ text: String) async -> Result<Value, ValueProblem> {
        var parser = Parser(text)
        let statements = parser.parseProgram()
        if parser.errors.isEmpty, statements.count == 1, case let .expression(expr) = statements[0].kind,
           Interpreter.isLiteral(expr) {
            do {
                return .success(try await evaluate(expr, in: globals))
            } catch let fault as Fault {
                return .failure(ValueProblem(message: fault.message))
            } catch {
                return .failure(ValueProblem(message: "\(error)"))
            }
        } else if let first = parser.errors.first, Interpreter.looksLikeAmount(text) {
            return .failure(ValueProblem(message: first.message))
        }
        return .success(.string(text))
    }

    /// Why a text that looks like a literal is not a valid one.
    struct ValueProblem: Error {
        var message: String
    }

    private static func looksLikeAmount(_ text: String) -> Bool {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        return parts.count == 2 && parts[0].allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
            && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    private static func isLiteral(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .number, .amount, .duration, .percent, .bool, .null: return true
        case let .unary(.negate, inner): return isLiteral(inner)
        default: return false
        }
    }
}

/// Hands an interpreter (or what it runs) to one task while its owner waits for that task: the
/// prompt while an entry runs, the test runner while a scenario runs under its timeout. The
/// compiler cannot see that only one task uses it at a time; the owner guarantees it.
public struct Handoff<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
