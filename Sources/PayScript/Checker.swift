// The checker: one pass over the tree between parsing and running, as jlox's Resolver, so a typo
// is reported before any request goes out. It follows the interpreter's scopes: a block, each
// loop round and each call get a scope; `let` declares in the current one; a function's body
// sees the scope it was defined in, completed (so functions may call ones defined after them,
// and use globals declared later, as they can when run). A `use`d file runs in the global scope
// once, where its `use` stands.
//
// Errors: a name used or assigned but declared nowhere it could be seen; a call of an unknown
// function, or with the wrong number of arguments; a `let` that declares a name again in the
// same block (allowed at a prompt). Warnings: a variable declared and never used (names starting
// with `_` are exempt).

public struct CheckReport {
    public var errors: [Diagnostic] = []
    public var warnings: [Diagnostic] = []
}

public enum Checker {
    /// Built-in functions and how many arguments each takes.
    static let builtins: [String: Int] = [
        "env": 1, "param": 2, "uuid": 0, "now": 0, "len": 1, "str": 1, "sum": 1, "contains": 2,
    ]

    /// Checks a loaded script and every file it uses. `known` are names bound before it runs
    /// (`--var`, or a prompt's earlier entries); `interactive` allows a `let` to declare a name
    /// again, as a prompt must.
    public static func check(_ script: LoadedScript, known: Set<String> = [], interactive: Bool = false) -> CheckReport {
        var pass = Pass(programs: script.includes, interactive: interactive)
        let globals = Scope(parent: nil, isGlobal: true)
        for name in known { globals.declare(name, Declaration(kind: .given, file: script.main.file, range: nil)) }
        pass.resolveFile(script.main, in: globals)
        pass.finish(globals)
        pass.report.errors.sort(by: Pass.order)
        pass.report.warnings.sort(by: Pass.order)
        return pass.report
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
        if names[name] != nil {
            names[name]!.used = true
            return names[name]
        }
        return parent?.use(name)
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

    init(programs: [String: Program], interactive: Bool) {
        self.programs = programs
        self.interactive = interactive
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file.path, a.range.start) < (b.file.path, b.range.start)
    }

    mutating func error(_ message: String, _ file: SourceFile, _ range: SourceRange) {
        report.errors.append(Diagnostic(file: file, range: range, message: message))
    }

    mutating func resolveFile(_ program: Program, in globals: Scope) {
        resolve(program.statements, program.file, globals)
    }

    /// Resolves the function bodies left in `scope`, then reports its unused variables.
    mutating func finish(_ scope: Scope) {
        while !scope.pending.isEmpty {
            let (body, parameters, file) = scope.pending.removeFirst()
            let inner = Scope(parent: scope)
            for parameter in parameters { inner.declare(parameter, Declaration(kind: .parameter, file: file, range: nil)) }
            resolve(body, file, inner)
            finish(inner)
        }
        for (name, declaration) in scope.unused where !name.hasPrefix("_") {
            guard let range = declaration.range else { continue }
            var warning = Diagnostic(file: declaration.file, range: range, message: "'\(name)' is declared but never used")
            warning.isWarning = true
            report.warnings.append(warning)
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
                error("'\(name)' is already declared in this block (line \(range.start.line)); assign with '\(name) = …' or choose another name",
                      file, statement.range)
            }
            scope.declare(name, Declaration(kind: .variable, file: file, range: statement.range))
        case let .assign(name, expr):
            resolve(expr, file, scope)
            if scope.use(name) == nil {
                error("'\(name)' is not declared; declare it with 'let \(name) = …'", file, statement.range)
            }
        case let .expression(expr), let .print(expr), let .show(expr), let .sleep(expr), let .fail(expr):
            resolve(expr, file, scope)
        case let .if(condition, then, otherwise):
            resolve(condition, file, scope)
            block(then, file, scope)
            if let otherwise { block(otherwise, file, scope) }
        case let .for(name, sequence, body):
            resolve(sequence, file, scope)
            block(body, file, scope, declaring: [name])
        case let .repeat(count, body):
            resolve(count, file, scope)
            block(body, file, scope)
        case let .def(name, parameters, body):
            if !interactive, let earlier = scope.declaredHere(name), let range = earlier.range {
                error("'\(name)' is already declared in this block (line \(range.start.line))", file, statement.range)
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
        case .null, .bool, .number, .amount, .duration, .percent, .it:
            break
        case let .string(parts):
            for case let .expr(inner) in parts { resolve(inner, file, scope) }
        case let .list(items):
            for item in items { resolve(item, file, scope) }
        case let .record(fields):
            for field in fields { resolve(field.value, file, scope) }
        case let .variable(name):
            if scope.use(name) == nil {
                error("'\(name)' is not defined" + Hints.didYouMean(name, among: scope.visibleNames), file, expr.range)
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
        case let .command(command):
            for operand in command.operands { resolve(operand, file, scope) }
        }
    }

    mutating func call(_ name: String, _ count: Int, _ file: SourceFile, _ range: SourceRange, _ scope: Scope) {
        if let declaration = scope.use(name) {
            if case let .function(arity) = declaration.kind, arity != count {
                error("\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(count)", file, range)
            }
            return
        }
        if let arity = Checker.builtins[name] {
            if arity != count { error("\(name)() takes \(arity) argument\(arity == 1 ? "" : "s"), got \(count)", file, range) }
            return
        }
        let known = (Checker.builtins.keys.sorted()).joined(separator: ", ")
        let near = Hints.closest(to: name, among: Array(Checker.builtins.keys) + scope.visibleNames)
        error("'\(name)' is not a function" + (near.map { "; did you mean '\($0)'?" } ?? " (built-ins: \(known); or define it with def)"), file, range)
    }
}

extension Command {
    /// Every expression a command holds, in the order written.
    var operands: [Expr] {
        switch self {
        case .integrations, .assets: []
        case let .integration(name): [name]
        case let .rates(amount): [amount]
        case let .order(amount, integration, external): [amount] + [integration, external].compactMap { $0 }
        case let .getOrder(id), let .getTransaction(id): [id]
        case let .refund(size, order, destination):
            (size.expr.map { [$0] } ?? []) + [order, destination].compactMap { $0 }
        case let .withdraw(amount, destination, integration): [amount, destination] + [integration].compactMap { $0 }
        case let .send(amount, from, to, integration, external): [amount, from, to] + [integration, external].compactMap { $0 }
        case let .wait(order, _, within): [order, within].compactMap { $0 }
        case let .pay(amount, order): [amount, order].compactMap { $0 }
        case let .advance(by): [by]
        case let .balance(asset): [asset].compactMap { $0 }
        }
    }
}

extension RefundSize {
    var expr: Expr? {
        if case let .value(expr) = self { return expr }
        return nil
    }
}
