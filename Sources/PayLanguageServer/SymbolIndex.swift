// What the editor asks about names: where each is declared, what each use refers to, what is in
// scope at a place, and what a variable holds. One walk over the tree of a document and the files
// it uses, with the checker's scopes (Checker.swift): a block, a loop and a call each get one;
// a function is declared where its `def` stands, and a function body sees its block completed (so
// a call may name a function defined further down only from inside a body); a `use`d
// file declares into the global scope where its `use` stands. Names are found in the tree;
// the exact place of a declared name, which the tree does not keep, comes from the lexer's tokens.
import PayScriptSyntax

struct Definition {
    enum Kind {
        case variable, function, parameter, loopVariable, refusal
    }

    var name: String
    var kind: Kind
    /// The absolute path of its file.
    var path: String
    var file: SourceFile
    var nameRange: SourceRange
    /// The whole statement (a `def` with its body).
    var statementRange: SourceRange
    var shape: ValueShape
    var scope: Int
    /// In the document, where it can first be seen (after its statement; a function everywhere in
    /// its block; a used file's names after the `use`).
    var visibleFrom: SourceLocation
}

struct SymbolIndex {
    /// Every block's range in the document and its enclosing block; 0 is the whole file.
    struct ScopeInfo {
        var range: SourceRange
        var parent: Int?
    }

    let mainPath: String
    private(set) var definitions: [Definition] = []
    /// In the document: each use of a name and the definition it refers to.
    private(set) var references: [(range: SourceRange, definition: Int)] = []
    private(set) var scopes: [ScopeInfo] = []
    /// `use` statements of the document: the path written, the file it names, where it stands.
    private(set) var uses: [(path: String, target: String, range: SourceRange)] = []
    /// Each command written in the document, in order, for `it`'s shape.
    private(set) var commands: [(range: SourceRange, shape: ValueShape)] = []
    /// Each `def` of the document and the scope it is declared in: its body sees that scope
    /// completed, functions defined after it included.
    private(set) var bodies: [(scope: Int, range: SourceRange)] = []

    private var tokens: [String: [Token]] = [:]
    let programs: [String: Program]

    init(_ script: LoadedScript, mainPath: String) {
        self.mainPath = mainPath
        programs = script.includes
        let everything = SourceRange(SourceLocation(line: 1, column: 1), SourceLocation(line: Int(Int32.max), column: 1))
        scopes = [ScopeInfo(range: everything, parent: nil)]
        let globals = Frame(id: 0, parent: nil)
        walkFile(script.main, path: mainPath, in: globals, visibleFrom: nil)
        finish(globals)
    }

    // MARK: Questions

    /// The definition named at `location` in the document: a use of it, or its own name.
    func definition(at location: SourceLocation) -> Int? {
        if let reference = references.last(where: { $0.range.contains(location) }) { return reference.definition }
        return definitions.indices.last { definitions[$0].path == mainPath && definitions[$0].nameRange.contains(location) }
    }

    /// Every definition that can be seen at `location`, nearest first, one per name.
    func visible(at location: SourceLocation) -> [Definition] {
        // Scopes that hold the place nest, and an inner one is made after the one around it.
        var enclosing: Set<Int> = []
        // A block's scope is its statement's range; at the statement's very start (before `for`,
        // `def` or `cases` is written) the place is still outside it.
        let innermost = scopes.indices.last { scopes[$0].range.contains(location) && ($0 == 0 || scopes[$0].range.start < location) } ?? 0
        var next: Int? = innermost
        while let id = next {
            enclosing.insert(id)
            next = scopes[id].parent
        }
        var seen: Set<String> = []
        var found: [Definition] = []
        for definition in definitions.reversed() where enclosing.contains(definition.scope) {
            // As the checker: a function from its `def` on, and from inside a body of its block.
            let inSight = !(location < definition.visibleFrom)
                || (definition.kind == .function && definition.path == mainPath && (definition.statementRange.start < location
                    || bodies.contains { $0.scope == definition.scope && $0.range.start < location && $0.range.contains(location) }))
            guard inSight else { continue }
            if seen.insert(definition.name).inserted { found.append(definition) }
        }
        return found
    }

    /// What `it` holds at `location`: what the last command before it gives.
    func itShape(at location: SourceLocation) -> ValueShape {
        commands.last { $0.range.end < location }?.shape ?? .unknown
    }

    // MARK: The walk

    private final class Frame {
        let id: Int
        let parent: Frame?
        var names: [String: Int] = [:]
        var pending: [(body: [Stmt], parameters: [(String, SourceRange)], file: SourceFile, path: String, scope: SourceRange)] = []

        init(id: Int, parent: Frame?) {
            self.id = id
            self.parent = parent
        }

        func lookUp(_ name: String) -> Int? { names[name] ?? parent?.lookUp(name) }
    }

    /// In the document, where a used file's declarations become visible; nil while walking the
    /// document itself.
    private var useSite: SourceLocation?

    private mutating func walkFile(_ program: Program, path: String, in frame: Frame, visibleFrom: SourceLocation?) {
        let outer = useSite
        useSite = visibleFrom
        defer { useSite = outer }
        block(program.statements, program.file, path, frame)
    }

    private mutating func newFrame(_ parent: Frame, range: SourceRange, path: String) -> Frame {
        // Blocks of used files are not places in the document: they get a scope no cursor is in.
        let shown = path == mainPath ? range : SourceRange(SourceLocation(line: 0, column: 0), SourceLocation(line: 0, column: 0))
        scopes.append(ScopeInfo(range: shown, parent: parent.id))
        return Frame(id: scopes.count - 1, parent: parent)
    }

    private mutating func declare(_ name: String, _ kind: Definition.Kind, at nameRange: SourceRange, statement: SourceRange,
                                  shape: ValueShape, file: SourceFile, path: String, in frame: Frame) {
        let visible = useSite ?? (kind == .parameter || kind == .loopVariable ? statement.start : statement.end)
        definitions.append(Definition(name: name, kind: kind, path: path, file: file, nameRange: nameRange,
                                      statementRange: statement, shape: shape, scope: frame.id, visibleFrom: visible))
        frame.names[name] = definitions.count - 1
    }

    private mutating func refer(_ name: String, _ range: SourceRange, path: String, in frame: Frame) {
        guard path == mainPath, let definition = frame.lookUp(name) else { return }
        references.append((range, definition))
    }

    private func shapeOf(_ name: String, in frame: Frame, at location: SourceLocation, path: String) -> ValueShape {
        if name == "it" { return path == mainPath ? itShape(at: location) : .unknown }
        return frame.lookUp(name).map { definitions[$0].shape } ?? .unknown
    }

    private mutating func block(_ statements: [Stmt], _ file: SourceFile, _ path: String, _ frame: Frame) {
        // Functions are known in their whole block, before the statements that define them.
        for statement in statements {
            guard case let .def(name, parameters, _) = statement.kind else { continue }
            declare(name, .function, at: nameRange(name, in: statement.range, file: file, path: path), statement: statement.range,
                    shape: .function(parameters: parameters), file: file, path: path, in: frame)
        }
        for statement in statements { self.statement(statement, file, path, frame) }
    }

    private mutating func statement(_ statement: Stmt, _ file: SourceFile, _ path: String, _ frame: Frame) {
        let range = statement.range
        switch statement.kind {
        case let .let(name, value):
            expression(value, path, frame)
            let shape = ValueShape.infer(value) { shapeOf($0, in: frame, at: range.start, path: path) }
            declare(name, .variable, at: nameRange(name, in: range, file: file, path: path), statement: range,
                    shape: shape, file: file, path: path, in: frame)
        case let .assign(name, value):
            refer(name, nameRange(name, in: range, file: file, path: path), path: path, in: frame)
            expression(value, path, frame)
        case let .expression(value), let .print(value), let .show(value), let .sleep(value), let .fail(value):
            expression(value, path, frame)
        case let .if(condition, then, otherwise):
            expression(condition, path, frame)
            // The tree keeps no place for `else`: the branches divide at the end of the first.
            let split = otherwise == nil ? range.end : (then.last?.range.end ?? range.start)
            let inner = newFrame(frame, range: SourceRange(range.start, split), path: path)
            block(then, file, path, inner)
            finish(inner)
            if let otherwise {
                let other = newFrame(frame, range: SourceRange(split, range.end), path: path)
                block(otherwise, file, path, other)
                finish(other)
            }
        case let .for(name, list, body), let .cases(list, name, body):
            expression(list, path, frame)
            let inner = newFrame(frame, range: range, path: path)
            let listShape = ValueShape.infer(list) { shapeOf($0, in: frame, at: range.start, path: path) }
            var element = ValueShape.unknown
            if case let .list(item) = listShape { element = item }
            declare(name, .loopVariable, at: nameRange(name, in: range, file: file, path: path), statement: range,
                    shape: element, file: file, path: path, in: inner)
            block(body, file, path, inner)
            finish(inner)
        case let .repeat(count, body):
            expression(count, path, frame)
            let inner = newFrame(frame, range: range, path: path)
            block(body, file, path, inner)
            finish(inner)
        case let .def(name, parameters, body):
            let tokens = identifierTokens(in: range, file: file, path: path)
            // The parameters are the identifiers after the function's name, in order.
            var after = tokens.drop { $0.name != name }.dropFirst()
            let ranges: [(String, SourceRange)] = parameters.map { parameter in
                let found = after.first { $0.name == parameter }
                if let found { after = after.drop { $0.range != found.range }.dropFirst() }
                return (parameter, found?.range ?? range)
            }
            frame.pending.append((body, ranges, file, path, range))
            if path == mainPath { bodies.append((frame.id, range)) }
        case let .return(value):
            if let value { expression(value, path, frame) }
        case let .use(written):
            let target = ScriptLoader.resolve(written, from: path)
            if path == mainPath { uses.append((written, target, range)) }
            // Each file once, where it is first used, as when the script runs.
            if let program = programs[target], !walked.contains(target) {
                walked.insert(target)
                walkFile(program, path: target, in: root(frame), visibleFrom: useSite ?? range.end)
            }
        case let .expect(condition, message):
            expression(condition, path, frame)
            if let message { expression(message, path, frame) }
        case let .expectRefused(body, binding):
            let inner = newFrame(frame, range: range, path: path)
            block(body, file, path, inner)
            finish(inner)
            if let binding {
                // `as why` ends the statement: the binding is the last identifier of that name.
                let found = identifierTokens(in: range, file: file, path: path).last { $0.name == binding }?.range ?? range
                declare(binding, .refusal, at: found, statement: range, shape: .simple("string"), file: file, path: path, in: frame)
            }
        }
    }

    private var walked: Set<String> = []

    private func root(_ frame: Frame) -> Frame {
        var current = frame
        while let parent = current.parent { current = parent }
        return current
    }

    /// Walks the function bodies defined in `frame`, which see it completed.
    private mutating func finish(_ frame: Frame) {
        var next = 0
        while next < frame.pending.count {
            let (body, parameters, file, path, range) = frame.pending[next]
            next += 1
            let inner = newFrame(frame, range: range, path: path)
            for (name, nameRange) in parameters {
                declare(name, .parameter, at: nameRange, statement: range, shape: .unknown, file: file, path: path, in: inner)
            }
            block(body, file, path, inner)
            finish(inner)
        }
    }

    private mutating func expression(_ expr: Expr, _ path: String, _ frame: Frame) {
        switch expr.kind {
        case .null, .bool, .number, .amount, .duration, .percent, .it:
            break
        case let .string(parts):
            for case let .expr(inner) in parts { expression(inner, path, frame) }
        case let .list(items):
            for item in items { expression(item, path, frame) }
        case let .record(fields):
            for field in fields { expression(field.value, path, frame) }
        case let .variable(name):
            refer(name, expr.range, path: path, in: frame)
        case let .unary(_, operand):
            expression(operand, path, frame)
        case let .binary(_, left, right):
            expression(left, path, frame)
            expression(right, path, frame)
        case let .field(base, _):
            expression(base, path, frame)
        case let .index(base, index):
            expression(base, path, frame)
            expression(index, path, frame)
        case let .call(name, arguments):
            var end = expr.range.start
            end.column += name.unicodeScalars.count
            refer(name, SourceRange(expr.range.start, end), path: path, in: frame)
            for argument in arguments { expression(argument, path, frame) }
        case let .command(command):
            for operand in command.expressions { expression(operand, path, frame) }
            if path == mainPath {
                let shape = ValueShape.of(command)
                commands.append((expr.range, shape))
            }
        }
    }

    // MARK: Names' places, from the tokens

    private mutating func identifierTokens(in range: SourceRange, file: SourceFile, path: String) -> [(name: String, range: SourceRange)] {
        if tokens[path] == nil {
            var lexer = Lexer(file.text)
            tokens[path] = lexer.tokenize()
        }
        let all = tokens[path]!
        // The first token at or after the range's start, by binary search.
        var low = 0, high = all.count
        while low < high {
            let middle = (low + high) / 2
            if all[middle].range.start < range.start { low = middle + 1 } else { high = middle }
        }
        var found: [(String, SourceRange)] = []
        var index = low
        while index < all.count, !(range.end < all[index].range.start) {
            if case let .identifier(name) = all[index].kind { found.append((name, all[index].range)) }
            index += 1
        }
        return found
    }

    /// Where `name` is first written in a statement (`let NAME`, `def NAME`, `for NAME`, `NAME =`).
    private mutating func nameRange(_ name: String, in range: SourceRange, file: SourceFile, path: String) -> SourceRange {
        identifierTokens(in: range, file: file, path: path).first { $0.name == name }?.range ?? range
    }
}

extension SymbolIndex {
    /// Where definition `index` is used in the document, in order.
    func uses(of index: Int) -> [SourceRange] {
        references.filter { $0.definition == index }.map(\.range)
    }

    /// The files this document uses (their absolute paths) whose text names `name`: a global of
    /// the document that a used file reads cannot be renamed from the document alone.
    func usedFiles(naming name: String) -> [String] {
        programs.filter { _, program in
            var lexer = Lexer(program.file.text)
            return lexer.tokenize().contains { $0.kind == .identifier(name) }
        }.keys.sorted()
    }

    /// Whether scope `inner` is `outer` or inside it.
    func scope(_ inner: Int, isWithin outer: Int) -> Bool {
        var next: Int? = inner
        while let id = next {
            if id == outer { return true }
            next = scopes[id].parent
        }
        return false
    }
}
