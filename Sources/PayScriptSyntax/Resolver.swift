// The one name resolver, shared by the checker and the language server: a single walk over a
// script's tree and the files it uses, as jlox's Resolver, that finds every scope, what each name
// is declared as and where, and what each use of a name refers to. It follows the interpreter's
// scopes: a block, each loop round and each call get a scope; `let` declares in the current one;
// a `def` declares its function where it stands, and a function's body sees the scope it was
// defined in, completed (so functions may call ones defined after them, and use globals declared
// later, as they can when run). A `use`d file runs in the global scope once, where its `use`
// stands. The places of names come from the tree (`Stmt.names`): nothing is lexed again.
//
// On the way it notes what the checker needs beside names (the amount literals, the data files
// read, whether a command reads the integrations, each `it` where no command can have run yet)
// and what an editor needs (each name's shape, what each command gives, where blocks and
// function bodies are), so both read one walk.

/// Not Sendable: the walk keeps its scopes and the caller's lookups while it runs; what it found
/// is in the Sendable arrays below.
public struct Resolution {
    public struct Definition: Sendable {
        public enum Kind: Sendable, Equatable {
            case variable
            case function(arity: Int)
            case parameter
            case loopVariable
            /// `expect refused { … } as why`.
            case refusal
            /// Bound before the script runs: a `--var`, or a prompt's earlier entry.
            case given
        }

        public var name: String
        public var kind: Kind
        public var file: SourceFile
        /// Where the name is written; nil for a given name.
        public var nameRange: SourceRange?
        /// The whole statement (a `def` with its body); nil for a given name.
        public var statementRange: SourceRange?
        public var shape: ValueShape
        public var scope: Int
        /// In the main file, where it can first be seen: after its statement (a parameter or loop
        /// variable in its whole statement; a used file's names after the `use`).
        public var visibleFrom: SourceLocation
        /// Read, assigned or called somewhere.
        public var used = false
        /// Declared again later in the same scope, which then holds the later one.
        public var superseded = false

        /// A variable never read, assigned or called, that no later `let` in its block replaced;
        /// names starting with `_` are exempt.
        public var isUnused: Bool {
            (kind == .variable || kind == .refusal) && !used && !superseded && statementRange != nil && !name.hasPrefix("_")
        }
    }

    public struct Use: Sendable {
        public enum Kind: Sendable, Equatable {
            case read
            case assignment
            case call(arguments: Int)
        }

        public var name: String
        public var kind: Kind
        public var file: SourceFile
        /// The name as written (a call's name alone).
        public var range: SourceRange
        /// The whole expression or statement it is part of (a call with its arguments).
        public var whole: SourceRange
        public var definition: Int?
        /// Where it stood unresolved (and is no built-in's call): the names it could have meant,
        /// nearest scope first, in the order declared (for "did you mean").
        public var visibleNames: [String] = []
    }

    public struct Scope: Sendable {
        /// The block's statement; a block of a used file gets a range no place in the main file is in.
        public var range: SourceRange
        public var parent: Int?
    }

    public private(set) var definitions: [Definition] = []
    /// Every use with `forEditor`; else those the checker reports on: the unresolved, and calls.
    public private(set) var uses: [Use] = []
    public private(set) var scopes: [Scope] = []
    /// A `let` or `def` that declares a name its block declared before: (the new, the earlier).
    public private(set) var redeclarations: [(definition: Int, earlier: Int)] = []
    /// Each `it` where no command can have run before it.
    public private(set) var itTooEarly: [(file: SourceFile, range: SourceRange)] = []
    public private(set) var amounts: [AmountLiteral] = []
    public private(set) var loads: [DataFileLoad] = []
    public private(set) var readsIntegrations = false
    /// In the main file: each command and what it gives (for `it`'s shape), each `use` with the
    /// file it names, and each `def`'s body with the scope it was declared in.
    public private(set) var commands: [(range: SourceRange, shape: ValueShape)] = []
    public private(set) var useStatements: [(path: String, target: String, range: SourceRange)] = []
    public private(set) var bodies: [(scope: Int, range: SourceRange)] = []

    private let main: SourceFile
    private let programs: [String: Program]
    private let interactive: Bool
    /// Keep what an editor asks about (every use, shapes, commands, bodies); the checker needs
    /// only the uses that are wrong or call a function, and skipping the rest keeps `pay check`
    /// at its speed on large files.
    private let forEditor: Bool
    /// Names bound before the script runs that are looked up only when a use needs one (a prompt's
    /// earlier entries, thousands of them in a long `pay explore` walk): declaring them all for
    /// each entry made every entry cost as much as the whole session so far.
    private let isKnown: ((String) -> Bool)?
    private let knownNames: (() -> [String])?
    /// What `load("path")` gives, for an editor: the path as written, and the file it is in.
    private let loadShape: (@Sendable (String, SourceFile) -> ValueShape)?
    private var usedFiles: Set<String> = []
    /// The global scope, where a known name is declared when first used.
    private var root: Frame?
    /// False while no command can have run before the point reached: then `it` has no value. It
    /// only ever turns true, which is certain in straight-line code and safe in branches and loops.
    private var itMayBeSet: Bool
    /// While walking a used file: the place of its `use` in the main file.
    private var useSite: SourceLocation?

    /// Resolves `script`. `known` are names bound before it runs; `interactive` allows a `let` to
    /// declare a name again, as a prompt must; `itIsSet` says whether `it` already holds a result;
    /// `forEditor` keeps every use, each name's shape, the commands and the function bodies (the
    /// language server's questions), where the checker keeps only what it reports on.
    /// `isKnown` and `knownNames` say the same of names bound before as `known`, for a caller that
    /// has many: a name is looked up only when a use needs it.
    public init(_ script: LoadedScript, known: Set<String> = [], isKnown: ((String) -> Bool)? = nil,
                knownNames: (() -> [String])? = nil, interactive: Bool = false, itIsSet: Bool = false,
                forEditor: Bool = false, loadShape: (@Sendable (String, SourceFile) -> ValueShape)? = nil) {
        main = script.main.file
        programs = script.includes
        self.isKnown = isKnown
        self.knownNames = knownNames
        self.interactive = interactive
        self.forEditor = forEditor
        self.loadShape = loadShape
        itMayBeSet = itIsSet
        let everything = SourceRange(SourceLocation(line: 1, column: 1), SourceLocation(line: Int(Int32.max), column: 1))
        scopes = [Scope(range: everything, parent: nil)]
        let globals = Frame(id: 0, parent: nil)
        root = globals
        let start = SourceLocation(line: 1, column: 1)
        for name in known.sorted() {
            declare(name, .given, file: main, nameRange: nil, statement: nil, shape: .unknown, in: globals, visibleFrom: start)
        }
        block(script.main.statements, main, globals)
        finish(globals)
    }

    // MARK: Frames

    /// One scope while it is walked: its names, and the function bodies declared in it, walked once
    /// it is complete.
    private final class Frame {
        let id: Int
        let parent: Frame?
        var names: [String: Int] = [:]
        /// Declaration order, for "did you mean".
        var order: [String] = []
        var pending: [(body: [Stmt], parameters: [String], names: [SourceRange], file: SourceFile, range: SourceRange)] = []

        init(id: Int, parent: Frame?) {
            self.id = id
            self.parent = parent
        }

        func lookUp(_ name: String) -> Int? {
            // One hash of the name per scope: this is the walk's most frequent call.
            var frame: Frame? = self
            while let current = frame {
                if let found = current.names[name] { return found }
                frame = current.parent
            }
            return nil
        }

        var visibleNames: [String] { order + (parent?.visibleNames ?? []) }
    }

    private mutating func newFrame(_ parent: Frame, range: SourceRange, file: SourceFile) -> Frame {
        let shown = file === main ? range : SourceRange(SourceLocation(line: 0, column: 0), SourceLocation(line: 0, column: 0))
        scopes.append(Scope(range: shown, parent: parent.id))
        return Frame(id: scopes.count - 1, parent: parent)
    }

    @discardableResult
    private mutating func declare(_ name: String, _ kind: Definition.Kind, file: SourceFile, nameRange: SourceRange?,
                                  statement: SourceRange?, shape: ValueShape, in frame: Frame,
                                  visibleFrom: SourceLocation? = nil) -> Int {
        let visible = visibleFrom ?? useSite ?? (kind == .parameter || kind == .loopVariable ? statement?.start : statement?.end)
            ?? SourceLocation(line: 1, column: 1)
        definitions.append(Definition(name: name, kind: kind, file: file, nameRange: nameRange, statementRange: statement,
                                      shape: shape, scope: frame.id, visibleFrom: visible))
        let id = definitions.count - 1
        if let earlier = frame.names.updateValue(id, forKey: name) {
            definitions[earlier].superseded = true
        } else {
            frame.order.append(name)
        }
        return id
    }

    /// Records a use of `name` and marks what it refers to as used.
    @discardableResult
    private mutating func use(_ name: String, _ kind: Use.Kind, range: SourceRange, whole: SourceRange, file: SourceFile,
                              in frame: Frame) -> Int? {
        let found = frame.lookUp(name) ?? knownGlobal(name)
        if let found {
            definitions[found].used = true
            // A resolved read or assignment is no concern of the checker's; a call's arity is.
            guard forEditor || kind != .read && kind != .assignment else { return found }
        }
        var use = Use(name: name, kind: kind, file: file, range: range, whole: whole, definition: found)
        // Only an error needs them (a built-in's call is none): a script calling len() in a file
        // of thousands of functions would otherwise copy every name at every call.
        if found == nil, kind == .read || kind == .assignment || BuiltinFunction.named(name) == nil {
            use.visibleNames = frame.visibleNames + (knownNames?() ?? [])
        }
        uses.append(use)
        return found
    }

    /// The declaration a `let` or `def` of `name` would repeat in its block: never at a prompt, and
    /// never a given name (a `--var` may be declared again).
    private func redeclaring(_ name: String, in frame: Frame) -> Int? {
        guard !interactive, let earlier = frame.names[name], definitions[earlier].statementRange != nil else { return nil }
        return earlier
    }

    /// A name bound before the script, declared in the global scope on its first use.
    private mutating func knownGlobal(_ name: String) -> Int? {
        guard let isKnown, let root, isKnown(name) else { return nil }
        return declare(name, .given, file: main, nameRange: nil, statement: nil, shape: .unknown, in: root,
                       visibleFrom: SourceLocation(line: 1, column: 1))
    }

    private func shape(of name: String, in frame: Frame) -> ValueShape {
        frame.lookUp(name).map { definitions[$0].shape } ?? .unknown
    }

    /// What `value` gives, for an editor; the checker has no use for it.
    private func shape(_ value: Expr, in frame: Frame, file: SourceFile) -> ValueShape {
        guard forEditor else { return .unknown }
        return ValueShape.infer(value, variable: { self.shape(of: $0, in: frame) },
                                loaded: { path in self.loadShape?(path, file) ?? .unknown })
    }

    // MARK: The walk

    private mutating func block(_ statements: [Stmt], _ file: SourceFile, _ frame: Frame) {
        for statement in statements { self.statement(statement, file, frame) }
    }

    /// A block in a scope of its own, with `declaring` (a loop's variable) in it.
    private mutating func inner(_ statements: [Stmt], _ file: SourceFile, _ parent: Frame, range: SourceRange,
                                declaring: (name: String, range: SourceRange?, shape: ValueShape)? = nil, statement: SourceRange) {
        let frame = newFrame(parent, range: range, file: file)
        if let declaring {
            declare(declaring.name, .loopVariable, file: file, nameRange: declaring.range, statement: statement,
                    shape: declaring.shape, in: frame)
        }
        block(statements, file, frame)
        finish(frame)
    }

    private mutating func statement(_ statement: Stmt, _ file: SourceFile, _ frame: Frame) {
        let range = statement.range
        switch statement.kind {
        case let .let(name, value):
            expression(value, file, frame)
            let earlier = redeclaring(name, in: frame)
            let shape = shape(value, in: frame, file: file)
            let id = declare(name, .variable, file: file, nameRange: statement.names.first, statement: range, shape: shape, in: frame)
            if let earlier { redeclarations.append((id, earlier)) }
        case let .assign(name, value):
            expression(value, file, frame)
            use(name, .assignment, range: statement.names.first ?? range, whole: range, file: file, in: frame)
        case let .expression(value), let .print(value), let .show(value), let .sleep(value), let .fail(value):
            expression(value, file, frame)
        case let .if(condition, then, otherwise):
            expression(condition, file, frame)
            // The tree keeps no place for `else`: the branches divide at the end of the first.
            let split = otherwise == nil ? range.end : (then.last?.range.end ?? range.start)
            inner(then, file, frame, range: SourceRange(range.start, split), statement: range)
            if let otherwise { inner(otherwise, file, frame, range: SourceRange(split, range.end), statement: range) }
        case let .for(name, list, body), let .cases(list, name, body):
            expression(list, file, frame)
            // A later round sees what an earlier round's commands left in `it`.
            if body.contains(where: \.mayRunCommand) { itMayBeSet = true }
            var element = ValueShape.unknown
            if case let .list(item) = shape(list, in: frame, file: file) { element = item }
            inner(body, file, frame, range: range, declaring: (name, statement.names.first, element), statement: range)
        case let .repeat(count, body):
            expression(count, file, frame)
            if body.contains(where: \.mayRunCommand) { itMayBeSet = true }
            inner(body, file, frame, range: range, statement: range)
        case let .def(name, parameters, body):
            let earlier = redeclaring(name, in: frame)
            let id = declare(name, .function(arity: parameters.count), file: file, nameRange: statement.names.first, statement: range,
                             shape: .function(parameters: parameters), in: frame)
            if let earlier { redeclarations.append((id, earlier)) }
            frame.pending.append((body, parameters, Array(statement.names.dropFirst()), file, range))
            if forEditor, file === main { bodies.append((frame.id, range)) }
        case let .return(value):
            if let value { expression(value, file, frame) }
        case let .use(written):
            let target = ScriptLoader.resolve(written, from: file.path)
            if forEditor, file === main { useStatements.append((written, target, range)) }
            // Each file once, where it is first used, as when the script runs.
            guard !usedFiles.contains(target), let program = programs[target] else { return }
            usedFiles.insert(target)
            var globals = frame
            while let parent = globals.parent { globals = parent }
            let outer = useSite
            useSite = useSite ?? range.end
            block(program.statements, program.file, globals)
            useSite = outer
        case let .expect(condition, message):
            expression(condition, file, frame)
            if let message { expression(message, file, frame) }
        case let .expectRefused(body, binding):
            inner(body, file, frame, range: range, statement: range)
            if let binding {
                declare(binding, .refusal, file: file, nameRange: statement.names.first, statement: range, shape: .simple("string"), in: frame)
            }
        }
    }

    /// Walks the function bodies declared in `frame`, which see it completed.
    private mutating func finish(_ frame: Frame) {
        // By index, not removeFirst(): a file of thousands of functions made that quadratic.
        var next = 0
        while next < frame.pending.count {
            let (body, parameters, names, file, range) = frame.pending[next]
            next += 1
            // A function runs when called, after whatever its caller ran: `it` may be set in it.
            let outer = itMayBeSet
            itMayBeSet = true
            let inner = newFrame(frame, range: range, file: file)
            for (index, parameter) in parameters.enumerated() {
                declare(parameter, .parameter, file: file, nameRange: index < names.count ? names[index] : nil, statement: range,
                        shape: .unknown, in: inner)
            }
            block(body, file, inner)
            finish(inner)
            itMayBeSet = outer
        }
        frame.pending.removeAll()
    }

    private mutating func expression(_ expr: Expr, _ file: SourceFile, _ frame: Frame) {
        switch expr.kind {
        case .null, .bool, .number, .duration, .percent:
            break
        case let .amount(value, unit):
            amounts.append(AmountLiteral(value: value, unit: unit, file: file, range: expr.range))
        case .it:
            if !itMayBeSet { itTooEarly.append((file, expr.range)) }
        case let .string(parts):
            for case let .expr(inner) in parts { expression(inner, file, frame) }
        case let .list(items):
            for item in items { expression(item, file, frame) }
        case let .record(fields):
            for field in fields { expression(field.value, file, frame) }
        case let .variable(name):
            use(name, .read, range: expr.range, whole: expr.range, file: file, in: frame)
        case let .unary(_, operand):
            expression(operand, file, frame)
        case let .binary(_, left, right):
            expression(left, file, frame)
            expression(right, file, frame)
        case let .field(base, _):
            expression(base, file, frame)
        case let .index(base, index):
            expression(base, file, frame)
            expression(index, file, frame)
        case let .call(name, arguments):
            for argument in arguments { expression(argument, file, frame) }
            let nameRange = SourceRange(expr.range.start, SourceLocation(line: expr.range.start.line,
                                                                         column: expr.range.start.column + name.unicodeScalars.count))
            let defined = use(name, .call(arguments: arguments.count), range: nameRange, whole: expr.range, file: file, in: frame)
            if name == BuiltinFunction.load.rawValue, arguments.count == 1, defined == nil,
               case let .string(parts) = arguments[0].kind, parts.count <= 1 {
                var path = ""
                if case let .text(text)? = parts.first { path = text }
                if parts.allSatisfy({ if case .text = $0 { true } else { false } }) {
                    loads.append(DataFileLoad(path: path, file: file, range: expr.range))
                }
            }
            if BuiltinFunction.named(name) == nil { itMayBeSet = true }
        case let .command(command):
            for operand in command.expressions { expression(operand, file, frame) }
            if command.spec.readsIntegrations { readsIntegrations = true }
            itMayBeSet = true
            if forEditor, file === main { commands.append((expr.range, ValueShape.of(command))) }
        }
    }
}
