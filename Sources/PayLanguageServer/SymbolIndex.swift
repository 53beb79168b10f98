// What the editor asks about names: where each is declared, what each use refers to, what is in
// scope at a place, and what a variable holds. It reads the one resolution the checker reads
// (PayScriptSyntax's Resolver.swift), so a name completion offers is one `pay check` accepts, and
// keeps what concerns the document itself, with each file's absolute path.
import PayScript
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
    /// In the document, where it can first be seen (after its statement; a parameter or loop
    /// variable in its whole statement; a used file's names after the `use`).
    var visibleFrom: SourceLocation
}

struct SymbolIndex {
    /// Every block's range in the document and its enclosing block; 0 is the whole file.
    typealias ScopeInfo = Resolution.Scope

    let mainPath: String
    /// Each definition of the resolution, in its order (a use refers to one by its index).
    let definitions: [Definition]
    /// In the document: each use of a name and the definition it refers to.
    let references: [(range: SourceRange, definition: Int)]
    let scopes: [ScopeInfo]
    /// `use` statements of the document: the path written, the file it names, where it stands.
    let uses: [(path: String, target: String, range: SourceRange)]
    /// Each command written in the document, in order, for `it`'s shape.
    let commands: [(range: SourceRange, shape: ValueShape)]
    /// Each `def` of the document and the scope it is declared in: its body sees that scope
    /// completed, functions defined after it included.
    let bodies: [(scope: Int, range: SourceRange)]
    /// For each name used in a file the document uses, those files' absolute paths.
    let namedElsewhere: [String: Set<String>]

    init(_ script: LoadedScript, mainPath: String) {
        self.mainPath = mainPath
        var paths: [ObjectIdentifier: String] = [ObjectIdentifier(script.main.file): mainPath]
        for (path, program) in script.includes { paths[ObjectIdentifier(program.file)] = path }
        // `load("x.csv")` is read relative to the file that says it, as when the script runs.
        let known = paths
        let names = Resolution(script, forEditor: true) { path, file in
            let from = known[ObjectIdentifier(file)] ?? mainPath
            return DataFileShape.of(fileAt: ScriptLoader.resolve(path, from: from))
        }
        definitions = names.definitions.map { found in
            let kind: Definition.Kind = switch found.kind {
            case .variable, .given: .variable
            case .function: .function
            case .parameter: .parameter
            case .loopVariable: .loopVariable
            case .refusal: .refusal
            }
            let statement = found.statementRange ?? SourceRange(found.visibleFrom, found.visibleFrom)
            return Definition(name: found.name, kind: kind, path: paths[ObjectIdentifier(found.file)] ?? found.file.path, file: found.file,
                              nameRange: found.nameRange ?? statement, statementRange: statement, shape: found.shape,
                              scope: found.scope, visibleFrom: found.visibleFrom)
        }
        let main = script.main.file
        var elsewhere: [String: Set<String>] = [:]
        for use in names.uses where !(use.file === script.main.file) {
            elsewhere[use.name, default: []].insert(paths[ObjectIdentifier(use.file)] ?? use.file.path)
        }
        namedElsewhere = elsewhere
        references = names.uses.compactMap { use in
            guard use.file === main, let definition = use.definition else { return nil }
            return (use.range, definition)
        }
        scopes = names.scopes
        uses = names.useStatements
        commands = names.commands
        bodies = names.bodies
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
}

extension SymbolIndex {
    /// Where definition `index` is used in the document, in order.
    func uses(of index: Int) -> [SourceRange] {
        references.filter { $0.definition == index }.map(\.range)
    }

    /// The files this document uses (their absolute paths) that read, assign or call `name`: a
    /// global of the document that a used file reads cannot be renamed from the document alone.
    func usedFiles(naming name: String) -> [String] {
        (namedElsewhere[name] ?? []).sorted()
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
