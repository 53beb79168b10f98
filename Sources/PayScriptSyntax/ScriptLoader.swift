// Loads a script and every file it `use`s, before anything runs: all syntax errors of all files
// are reported together, a missing file or a `use` cycle is reported at its `use`, and a file with
// any error runs nothing.
import Foundation

public struct LoadedScript: Sendable {
    public var main: Program
    /// Every file reachable through `use`, by absolute path.
    public var includes: [String: Program]

    public init(main: Program, includes: [String: Program] = [:]) {
        self.main = main
        self.includes = includes
    }
}

public enum ScriptLoader {
    /// A `use` path relative to the directory of the file that says it.
    public static func resolve(_ path: String, from including: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let directory = URL(fileURLWithPath: including).deletingLastPathComponent()
        return directory.appendingPathComponent(path).standardizedFileURL.path
    }

    /// Parses one file, or with `interactive` one entry at a prompt (see Parser.interactive).
    public static func parse(_ file: SourceFile, interactive: Bool = false) -> (Program, [Diagnostic]) {
        var parser = Parser(file.text, interactive: interactive)
        let statements = parser.parseProgram()
        let diagnostics = parser.errors.map {
            Diagnostic(.syntax($0.reason), file: file, range: $0.range, atEndOfInput: $0.atEndOfInput, fix: $0.fix)
        }
        return (Program(file: file, statements: statements, allowances: parser.allowances), diagnostics)
    }

    /// `-` names standard input, read to its end, as `pay fmt -` reads it; it is shown as `<stdin>`
    /// and its `use`s are found from the working directory.
    public static let standardInput = "-"

    public static func load(path: String, displayName: String? = nil) throws(ScriptError) -> LoadedScript {
        if path == standardInput {
            let shown = SourceFile(path: "<stdin>", text: "")
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw ScriptError(.runtime, [.wholeFile(.syntax(.cannotReadScript(reason: "standard input is not UTF-8 text")), shown)])
            }
            return try load(SourceFile(path: "<stdin>", text: text), absolutePath: FileManager.default.currentDirectoryPath + "/<stdin>")
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let text: String
        switch read(absolute) {
        case let .success(read): text = read
        case let .failure(why):
            let file = SourceFile(path: displayName ?? path, text: "")
            throw ScriptError(.runtime, [.wholeFile(.syntax(.cannotReadScript(reason: why.reason)), file)])
        }
        return try load(SourceFile(path: displayName ?? path, text: text), absolutePath: absolute)
    }

    /// Parses `file` and, depth first, each file it uses; `interactive` for an entry at a prompt.
    public static func load(_ file: SourceFile, absolutePath: String, interactive: Bool = false) throws(ScriptError) -> LoadedScript {
        let loaded = collect(file, absolutePath: absolutePath, interactive: interactive)
        if !loaded.diagnostics.isEmpty {
            let onlyMissing = loaded.diagnostics.allSatisfy { $0.code == .P111 }
            throw ScriptError(onlyMissing ? .runtime : .syntax, loaded.diagnostics)
        }
        return loaded.script
    }

    /// What `collect` found: the script as far as it parsed (the parser recovers, so there is
    /// always a tree), every problem, and each file's absolute path.
    public struct Collected {
        public var script: LoadedScript
        public var diagnostics: [Diagnostic]
        /// The absolute path of each file read, by its `SourceFile`.
        public var absolutePaths: [ObjectIdentifier: String]
    }

    /// `load` without throwing: the language server needs the tree of a file with errors too.
    /// `reading` gives a used file's text (an editor's unsaved buffer before the disk's).
    public static func collect(_ file: SourceFile, absolutePath: String, interactive: Bool = false,
                               reading: (String) -> Result<String, Unreadable> = read) -> Collected {
        var includes: [String: Program] = [:]
        var diagnostics: [Diagnostic] = []
        var paths = [ObjectIdentifier(file): absolutePath]
        let (main, mainDiagnostics) = parse(file, interactive: interactive)
        diagnostics += mainDiagnostics

        func visit(_ program: Program, absolute: String, stack: [String]) {
            for (path, range) in uses(in: program.statements) {
                let target = resolve(path, from: absolute)
                if stack.contains(target) || target == absolutePath {
                    let cycle = (stack + [target]).map { URL(fileURLWithPath: $0).lastPathComponent }
                    diagnostics.append(Diagnostic(.syntax(.useCycle(cycle)), file: program.file, range: range))
                    continue
                }
                if includes[target] != nil { continue }
                let shown = relativeName(target, to: program.file.path, absolute: absolute)
                let text: String
                switch reading(target) {
                case let .success(read): text = read
                case let .failure(why):
                    diagnostics.append(Diagnostic(.syntax(.cannotReadUsed(path: path, reason: why.reason, lookedFor: shown)),
                                                  file: program.file, range: range))
                    continue
                }
                let (included, found) = parse(SourceFile(path: shown, text: text))
                includes[target] = included
                paths[ObjectIdentifier(included.file)] = target
                diagnostics += found
                visit(included, absolute: target, stack: stack + [target])
            }
        }
        visit(main, absolute: absolutePath, stack: [absolutePath])
        return Collected(script: LoadedScript(main: main, includes: includes), diagnostics: diagnostics,
                         absolutePaths: paths)
    }

    /// Shows an included file by the path the user would recognise: beside the including file's shown path.
    private static func relativeName(_ target: String, to shownIncluder: String, absolute includer: String) -> String {
        let includerDirectory = URL(fileURLWithPath: includer).deletingLastPathComponent().path
        let shownDirectory = (shownIncluder as NSString).deletingLastPathComponent
        guard target.hasPrefix(includerDirectory + "/") else { return target }
        let rest = String(target.dropFirst(includerDirectory.count + 1))
        return shownDirectory.isEmpty ? rest : shownDirectory + "/" + rest
    }

    private static func uses(in statements: [Stmt]) -> [(String, SourceRange)] {
        statements.flatMap { statement -> [(String, SourceRange)] in
            switch statement.kind {
            case let .use(path): return [(path, statement.range)]
            case let .if(_, then, otherwise): return uses(in: then) + uses(in: otherwise ?? [])
            case let .for(_, _, body), let .cases(_, _, body), let .repeat(_, body), let .def(_, _, body), let .expectRefused(body, _):
                return uses(in: body)
            default: return []
            }
        }
    }

    /// Why a script could not be read.
    public struct Unreadable: Error {
        public var reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// A script's text: a regular file's, as UTF-8. A device, pipe or socket is refused before
    /// it is read (`use "/dev/zero"` would never end).
    public static func read(_ path: String) -> Result<String, Unreadable> {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return .failure(Unreadable(reason: errno == EACCES ? "permission denied" : "no such file"))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(Unreadable(reason: "it is a directory"))
        default: return .failure(Unreadable(reason: "it is not a regular file (a device, pipe or socket)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Unreadable(reason: "permission denied"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Unreadable(reason: "it is not UTF-8 text"))
        }
        return .success(text)
    }
}
