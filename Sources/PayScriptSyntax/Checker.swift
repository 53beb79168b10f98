// The checker: one pass over the tree between parsing and running, as jlox's Resolver, so a typo
// is reported before any request goes out. It follows the interpreter's scopes: a block, each
// loop round and each call get a scope; `let` declares in the current one; a function's body
// sees the scope it was defined in, completed (so functions may call ones defined after them,
// and use globals declared later, as they can when run). A `use`d file runs in the global scope
// once, where its `use` stands.
//
// Errors: a name used or assigned but declared nowhere it could be seen; a call of an unknown
// function, or with the wrong number of arguments; a `let` that declares a name again in the
// same block (allowed at a prompt); `it` where no command can have run yet. Warnings: a variable
// declared and never used (names starting with `_` are exempt); a `# pay: allow P210` on the line
// above a statement silences its warnings, and they are counted apart.
//
// The pass also collects every amount literal: whether `0.0000001 TRX` is too fine depends on the
// gateway's assets, so `Interpreter.checkAmountLiterals` (PayScript) settles them once the
// structure is sound.

import PayDecimal

public struct CheckReport {
    public var errors: [Diagnostic] = []
    public var warnings: [Diagnostic] = []
    /// Warnings that a `# pay: allow` comment silenced, for `pay check`'s count.
    public var allowed: [Diagnostic] = []
    /// Every amount literal, in the order written, for `Interpreter.checkAmountLiterals`.
    public var amounts: [AmountLiteral] = []
    /// Every `load("…")` of a literal path, for reading the files before the script runs.
    public var loads: [DataFileLoad] = []
    /// Whether a command anywhere in the script reads the gateway's integrations, so a run
    /// fetches them before its first statement, beside the other reads it needs.
    public var readsIntegrations = false
}

/// `load("amounts.csv")` where it is written, with the path as written.
public struct DataFileLoad: Sendable {
    public var path: String
    public var file: SourceFile
    public var range: SourceRange
}

/// `1.5 TRX` where it is written.
public struct AmountLiteral: Sendable {
    public var value: FixedDecimal
    public var unit: String
    public var file: SourceFile
    public var range: SourceRange
}

public enum Checker {
    /// Checks a loaded script and every file it uses. `known` are names bound before it runs
    /// (`--var`, or a prompt's earlier entries); `interactive` allows a `let` to declare a name
    /// again, as a prompt must; `itIsSet` says whether `it` holds a result already (a prompt's
    /// earlier entry).
    public static func check(_ script: LoadedScript, known: Set<String> = [], interactive: Bool = false,
                             itIsSet: Bool = false) -> CheckReport {
        var pass = Pass(programs: script.includes, interactive: interactive)
        pass.itMayBeSet = itIsSet
        let globals = Scope(parent: nil, isGlobal: true)
        for name in known { globals.declare(name, Declaration(kind: .given, file: script.main.file, range: nil)) }
        pass.resolveFile(script.main, in: globals)
        pass.finish(globals)
        pass.report.errors.sort(by: Pass.order)
        pass.report.warnings.sort(by: Pass.order)
        applyAllowances(in: [script.main] + script.includes.values.sorted { $0.file.path < $1.file.path }, to: &pass.report)
        return pass.report
    }

    /// Moves each warning that a `# pay: allow` on the line above its statement names from
    /// `warnings` to `allowed`, and warns (P211) of an allowance that names no warning.
    static func applyAllowances(in programs: [Program], to report: inout CheckReport) {
        var byLine: [ObjectIdentifier: [Int: Allowance]] = [:]
        for program in programs where !program.allowances.isEmpty {
            for allowance in program.allowances {
                byLine[ObjectIdentifier(program.file), default: [:]][allowance.range.start.line] = allowance
                for code in allowance.codes where DiagnosticCode.named(code)?.severity != .warning {
                    let what = DiagnosticCode.named(code) == nil ? "pay has no code \(code)" : "\(code) is an error, and only warnings can be allowed"
                    report.warnings.append(Diagnostic(.P211, file: program.file, range: allowance.range, message: "'# pay: allow' names no warning: \(what)"))
                }
            }
        }
        guard !byLine.isEmpty else { return }
        report.warnings = report.warnings.filter { warning in
            guard let allowance = byLine[ObjectIdentifier(warning.file)]?[warning.range.start.line - 1],
                  allowance.codes.contains(warning.code.id) else { return true }
            report.allowed.append(warning)
            return false
        }
        report.warnings.sort(by: Pass.order)
    }
}

struct Declaration {
    enum Kind { case variable, function(arity: Int), parameter, given }
    var kind: Kind
    var file: SourceFile
    var range: SourceRange?
    var used = false
}

final class Scope {
    let parent: Scope?
    let isGlobal: Bool
    private(set) var names: [String: Declaration] = [:]
    /// In declaration order, for warnings.
    private(set) var order: [String] = []
    /// Function bodies defined here, resolved once this scope is complete.
    var pending: [(body: [Stmt], parameters: [String], file: SourceFile)] = []

    init(parent: Scope?, isGlobal: Bool = false) {
        self.parent = parent
        self.isGlobal = isGlobal
    }

    func declare(_ name: String, _ declaration: Declaration) {
        if names[name] == nil { order.append(name) }
        names[name] = declaration
    }

    func declaredHere(_ name: String) -> Declaration? { names[name] }

    /// The nearest declaration of `name`, marked used.
    func use(_ name: String) -> Declaration? {
        // One hash of the name per scope: this is the checker's most frequent call.
        guard let index = names.index(forKey: name) else { return parent?.use(name) }
        names.values[index].used = true
        return names.values[index]
    }

    /// Every name this scope and its parents declare, for "did you mean".
    var visibleNames: [String] { order + (parent?.visibleNames ?? []) }

    var unused: [(String, Declaration)] {
        order.compactMap { name in
            guard let declaration = names[name], !declaration.used, case .variable = declaration.kind else { return nil }
            return (name, declaration)
        }
    }
}

struct Pass {
    let programs: [String: Program]
    let interactive: Bool
    var report = CheckReport()
    var usedFiles: Set<String> = []
    /// False while no command can have run before the point reached: then `it` is an error. It
    /// only ever turns true, which is certain in straight-line code and safe in branches and loops.
    var itMayBeSet = false

    init(programs: [String: Program], interactive: Bool) {
        self.programs = programs
        self.interactive = interactive
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file.path, a.range.start) < (b.file.path, b.range.start)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ file: SourceFile, _ range: SourceRange, fix: Replacement? = nil) {
        report.errors.append(Diagnostic(code, file: file, range: range, message: message, fix: fix))
    }

    mutating func resolveFile(_ program: Program, in globals: Scope) {
        resolve(program.statements, program.file, globals)
    }

    /// Resolves the function bodies left in `scope`, then reports its unused variables.
    mutating func finish(_ scope: Scope) {
        // By index, not removeFirst(): a file of thousands of functions made that quadratic (the
        // array moved down once per function; a tenth of `pay check` on 100,000 lines).
        var next = 0
        while next < scope.pending.count {
            let (body, parameters, file) = scope.pending[next]
            next += 1
            // A function runs when called, after whatever its caller ran: `it` is not checked in it.
            let outer = itMayBeSet
            itMayBeSet = true
            defer { itMayBeSet = outer }
            let inner = Scope(parent: scope)
            for parameter in parameters { inner.declare(parameter, Declaration(kind: .parameter, file: file, range: nil)) }
            resolve(body, file, inner)
            finish(inner)
        }
        scope.pending.removeAll()
        for (name, declaration) in scope.unused where !name.hasPrefix("_") {
            guard let range = declaration.range else { continue }
            report.warnings.append(Diagnostic(.P210, file: declaration.file, range: range, message: "'\(name)' is declared but never used"))
        }
    }

    mutating func block(_ statements: [Stmt], _ file: SourceFile, _ parent: Scope, declaring: [String] = []) {
        let scope = Scope(parent: parent)
        for name in declaring { scope.declare(name, Declaration(kind: .parameter, file: file, range: nil)) }
        resolve(statements, file, scope)
        finish(scope)
    }

    mutating func resolve(_ statements: [Stmt], _ file: SourceFile, _ scope: Scope) {
        for statement in statements { resolve(statement, file, scope) }
    }

    mutating func resolve(_ statement: Stmt, _ file: SourceFile, _ scope: Scope) {
        switch statement.kind {
        case let .let(name, expr):
            resolve(expr, file, scope)
            if !interactive, let earlier = scope.declaredHere(name), let range = earlier.range {
                error(.P202, "'\(name)' is already declared in this block (line \(range.start.line)); assign with '\(name) = …' or choose another name",
                      file, statement.range)
            }
            scope.declare(name, Declaration(kind: .variable, file: file, range: statement.range))
        case let .assign(name, expr):
            resolve(expr, file, scope)
            if scope.use(name) == nil {
                error(.P201, "'\(name)' is not declared; declare it with 'let \(name) = …'", file, statement.range)
            }
        case let .expression(expr), let .print(expr), let .show(expr), let .sleep(expr), let .fail(expr):
            resolve(expr, file, scope)
        case let .if(condition, then, otherwise):
            resolve(condition, file, scope)
            block(then, file, scope)
            if let otherwise { block(otherwise, file, scope) }
        case let .for(name, sequence, body):
            resolve(sequence, file, scope)
            // A later round sees what an earlier round's commands left in `it`.
            if body.contains(where: \.mayRunCommand) { itMayBeSet = true }
            block(body, file, scope, declaring: [name])
        case let .cases(rows, name, body):
            resolve(rows, file, scope)
            if body.contains(where: \.mayRunCommand) { itMayBeSet = true }
            block(body, file, scope, declaring: [name])
        case let .repeat(count, body):
            resolve(count, file, scope)
            if body.contains(where: \.mayRunCommand) { itMayBeSet = true }
            block(body, file, scope)
        case let .def(name, parameters, body):
            if !interactive, let earlier = scope.declaredHere(name), let range = earlier.range {
                error(.P202, "'\(name)' is already declared in this block (line \(range.start.line))", file, statement.range)
            }
            scope.declare(name, Declaration(kind: .function(arity: parameters.count), file: file, range: statement.range))
            scope.pending.append((body, parameters, file))
        case let .return(expr):
            if let expr { resolve(expr, file, scope) }
        case let .use(path):
            let target = ScriptLoader.resolve(path, from: file.path)
            guard !usedFiles.contains(target), let program = programs[target] else { return }
            usedFiles.insert(target)
            var globals = scope
            while let parent = globals.parent { globals = parent }
            resolveFile(program, in: globals)
        case let .expect(condition, message):
            resolve(condition, file, scope)
            if let message { resolve(message, file, scope) }
        case let .expectRefused(body, binding):
            block(body, file, scope)
            if let binding { scope.declare(binding, Declaration(kind: .variable, file: file, range: statement.range)) }
        }
    }

    mutating func resolve(_ expr: Expr, _ file: SourceFile, _ scope: Scope) {
        switch expr.kind {
        case .null, .bool, .number, .duration, .percent:
            break
        case let .amount(value, unit):
            report.amounts.append(AmountLiteral(value: value, unit: unit, file: file, range: expr.range))
        case .it:
            if !itMayBeSet {
                error(.P203, "'it' is the last command's result, and no command can have run before this point", file, expr.range)
            }
        case let .string(parts):
            for case let .expr(inner) in parts { resolve(inner, file, scope) }
        case let .list(items):
            for item in items { resolve(item, file, scope) }
        case let .record(fields):
            for field in fields { resolve(field.value, file, scope) }
        case let .variable(name):
            if scope.use(name) == nil {
                let near = Hints.closest(to: name, among: scope.visibleNames)
                error(.P201, "'\(name)' is not defined" + (near.map { "; did you mean '\($0)'?" } ?? ""), file, expr.range,
                      fix: near.map { Replacement(expr.range, with: $0) })
            }
        case let .unary(_, operand):
            resolve(operand, file, scope)
        case let .binary(_, left, right):
            resolve(left, file, scope)
            resolve(right, file, scope)
        case let .field(base, _):
            resolve(base, file, scope)
        case let .index(base, index):
            resolve(base, file, scope)
            resolve(index, file, scope)
        case let .call(name, arguments):
            for argument in arguments { resolve(argument, file, scope) }
            call(name, arguments.count, file, expr.range, scope)
            if name == BuiltinFunction.load.rawValue, arguments.count == 1, scope.use(name) == nil,
               case let .string(parts) = arguments[0].kind, parts.count <= 1 {
                var path = ""
                if case let .text(text)? = parts.first { path = text }
                if parts.allSatisfy({ if case .text = $0 { true } else { false } }) {
                    report.loads.append(DataFileLoad(path: path, file: file, range: expr.range))
                }
            }
            if BuiltinFunction.named(name) == nil { itMayBeSet = true }
        case let .command(command):
            for operand in command.expressions { resolve(operand, file, scope) }
            if command.spec.readsIntegrations { report.readsIntegrations = true }
            itMayBeSet = true
        }
    }

    mutating func call(_ name: String, _ count: Int, _ file: SourceFile, _ range: SourceRange, _ scope: Scope) {
        if let declaration = scope.use(name) {
            if case let .function(arity) = declaration.kind, arity != count {
                error(.P204, "\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(count)", file, range)
            }
            return
        }
        if let arity = BuiltinFunction.named(name)?.arity {
            if arity != count { error(.P204, "\(name)() takes \(arity) argument\(arity == 1 ? "" : "s"), got \(count)", file, range) }
            return
        }
        let known = BuiltinFunction.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        let near = Hints.closest(to: name, among: BuiltinFunction.allCases.map(\.rawValue) + scope.visibleNames)
        let nameRange = SourceRange(range.start, SourceLocation(line: range.start.line, column: range.start.column + name.unicodeScalars.count))
        error(.P205, "'\(name)' is not a function" + (near.map { "; did you mean '\($0)'?" } ?? " (built-ins: \(known); or define it with def)"),
              file, range, fix: near.map { Replacement(nameRange, with: $0) })
    }
}

extension Stmt {
    /// Whether running this statement may run a command (directly, or by calling a function).
    var mayRunCommand: Bool {
        switch kind {
        case let .let(_, expr), let .assign(_, expr), let .expression(expr), let .print(expr), let .show(expr),
             let .sleep(expr), let .fail(expr):
            return expr.mayRunCommand
        case let .if(condition, then, otherwise):
            return condition.mayRunCommand || then.contains(where: \.mayRunCommand)
                || (otherwise?.contains(where: \.mayRunCommand) ?? false)
        case let .for(_, sequence, body), let .cases(sequence, _, body):
            return sequence.mayRunCommand || body.contains(where: \.mayRunCommand)
        case let .repeat(count, body): return count.mayRunCommand || body.contains(where: \.mayRunCommand)
        case .def: return false
        case let .return(expr): return expr?.mayRunCommand ?? false
        case .use: return true
        case let .expect(condition, message): return condition.mayRunCommand || (message?.mayRunCommand ?? false)
        case let .expectRefused(body, _): return body.contains(where: \.mayRunCommand)
        }
    }
}

extension Expr {
    /// Whether evaluating this expression may run a command: it holds one, or calls a function
    /// that is not built in.
    var mayRunCommand: Bool {
        var pending: [Expr] = [self]
        while let expr = pending.popLast() {
            switch expr.kind {
            case .null, .bool, .number, .amount, .duration, .percent, .it, .variable: break
            case .command: return true
            case let .call(name, arguments):
                if BuiltinFunction.named(name) == nil { return true }
                pending += arguments
            case let .string(parts): for case let .expr(inner) in parts { pending.append(inner) }
            case let .list(items): pending += items
            case let .record(fields): pending += fields.map(\.value)
            case let .unary(_, operand): pending.append(operand)
            case let .binary(_, left, right): pending += [left, right]
            case let .field(base, _): pending.append(base)
            case let .index(base, index): pending += [base, index]
            }
        }
        return false
    }
}
