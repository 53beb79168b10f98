// `pay lsp`: a language server for .pay files (LSP 3.17) on standard input and output, for any
// editor. No Swift package on this machine implements LSP (sourcekit-lsp's protocol module is not
// among them), so the base protocol and the few messages used are written here, over PayClient's
// JSON; everything the server knows of the language comes from PayScriptSyntax, as `pay check`'s
// does: the loader and parser (which recover after errors), the checker, the command and built-in
// tables, the formatter. Amount literals are settled against the gateway session the server was
// started with: the embedded sandbox, or `--api`'s gateway, whose asset list is its only request.
//
// Messages are handled one at a time, in order: every answer reflects every change before it.
// Diagnostics are exactly `pay check`'s: syntax errors (of the document and the files it uses),
// else the checker's errors and warnings with the literals' errors, each with its code and, where
// its hint names one replacement, a quick fix. Completion, hover, definition, references,
// highlights and rename all read one index of the document's names (SymbolIndex.swift).
import Foundation
import PayClient
import PayScript
import PayScriptSyntax

public final class LanguageServer {
    private let session: GatewaySession
    private let send: ([UInt8]) -> Void
    private var documents: [String: Document] = [:]
    private var initialized = false
    private var shutdownAsked = false
    private(set) var encoding = PositionEncoding.utf16
    /// What the client said it takes: snippets in completions, Markdown in hovers.
    private(set) var takesSnippets = false
    private(set) var takesMarkdown = false
    /// For each open document, the other files it published diagnostics to (its used files).
    private var publishedTo: [String: Set<String>] = [:]
    /// What was last published for each URI, for the quick fixes their hints name.
    private var published: [String: [Diagnostic]] = [:]

    public init(session: GatewaySession, send: @escaping ([UInt8]) -> Void) {
        self.session = session
        self.send = send
    }

    /// Reads messages from `input` and answers on `output` until `exit` or the end of input;
    /// the process's exit status: 0 after `shutdown` then `exit`, else 1, as LSP says.
    public static func serve(session: GatewaySession, input: Int32, output: Int32) async -> Int32 {
        let writer = MessageWriter(descriptor: output)
        let server = LanguageServer(session: session, send: writer.send)
        let (items, continuation) = AsyncStream.makeStream(of: MessageReader.Item.self, bufferingPolicy: .unbounded)
        // Reading blocks, so it has a thread of its own, off Swift's small pool.
        Thread.detachNewThread {
            var reader = MessageReader(descriptor: input)
            while let item = reader.next() { continuation.yield(item) }
            continuation.finish()
        }
        for await item in items {
            if let status = await server.handle(item) { return status }
        }
        return 1
    }

    /// Handles one message; the exit status once `exit` has come.
    public func handle(_ item: MessageReader.Item) async -> Int32? {
        switch item {
        case let .malformed(why):
            reply(id: .null, error: RequestError(.parseError, "malformed message header: \(why)"))
            return nil
        case let .message(body):
            let message: JSONValue
            do throws(JSONValue.ParseError) {
                message = try JSONValue.parse(body)
            } catch {
                reply(id: .null, error: RequestError(.parseError, "not JSON (at byte \(error.offset): \(error.reason))"))
                return nil
            }
            return await dispatch(message)
        }
    }

    private func dispatch(_ message: JSONValue) async -> Int32? {
        guard case .object = message, let method = message["method"]?.string else {
            // An answer to a request of ours would have no method; this server sends none.
            if message["id"] != nil && message["result"] == nil && message["error"] == nil {
                reply(id: message["id"] ?? .null, error: RequestError(.invalidRequest, "a request needs a method"))
            } else if case .object = message {} else {
                reply(id: .null, error: RequestError(.invalidRequest, "a message is a JSON object"))
            }
            return nil
        }
        let params = message["params"]
        guard let id = message["id"] else {
            return await notify(method, params)
        }
        do throws(RequestError) {
            let result = try await request(method, params)
            reply(id: id, result: result)
        } catch {
            reply(id: id, error: error)
        }
        return nil
    }

    // MARK: Notifications

    private func notify(_ method: String, _ params: JSONValue?) async -> Int32? {
        if method == "exit" { return shutdownAsked ? 0 : 1 }
        guard initialized else { return nil }  // Notifications before `initialize` are dropped.
        switch method {
        case "textDocument/didOpen":
            guard let item = params?["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else {
                return logInvalid(method)
            }
            let document = Document(uri: uri, text: text, version: item["version"]?.int ?? 0)
            documents[uri] = document
            await analyze(document)
            await reanalyzeUsers(of: document.path)
        case "textDocument/didChange":
            guard let uri = params?["textDocument"]?["uri"]?.string, let document = documents[uri],
                  case let .array(changes)? = params?["contentChanges"] else { return logInvalid(method) }
            for change in changes {
                guard let text = change["text"]?.string else { return logInvalid(method) }
                if let range = change["range"] {
                    guard let replaced = document.replacing(range, with: text, encoding: encoding) else { return logInvalid(method) }
                    document.update(replaced)
                } else {
                    document.update(text)
                }
            }
            document.version = params?["textDocument"]?["version"]?.int ?? document.version
            await analyze(document)
            await reanalyzeUsers(of: document.path)
        case "textDocument/didClose":
            guard let uri = params?["textDocument"]?["uri"]?.string else { return logInvalid(method) }
            documents[uri] = nil
            for other in (publishedTo.removeValue(forKey: uri) ?? []) + [uri] { publish(other, []) }
        default:
            break  // `initialized`, `$/cancelRequest`, `didSave` and the rest need nothing.
        }
        return nil
    }

    private func logInvalid(_ method: String) -> Int32? {
        notification("window/logMessage", .object(["type": .int(1), "message": .string("\(method): the parameters are not as LSP describes them; ignored")]))
        return nil
    }

    // MARK: Requests

    private func request(_ method: String, _ params: JSONValue?) async throws(RequestError) -> JSONValue {
        if method == "initialize" {
            initialized = true
            if case let .array(offered)? = params?["capabilities"]?["general"]?["positionEncodings"],
               offered.contains(.string(PositionEncoding.utf32.rawValue)), !offered.contains(.string(PositionEncoding.utf16.rawValue)) {
                encoding = .utf32
            }
            let text = params?["capabilities"]?["textDocument"]
            takesSnippets = text?["completion"]?["completionItem"]?["snippetSupport"] == .bool(true)
            if case let .array(formats)? = text?["hover"]?["contentFormat"] { takesMarkdown = formats.contains(.string("markdown")) }
            return LanguageServer.capabilities(encoding)
        }
        guard initialized else { throw RequestError(.serverNotInitialized, "the first request must be initialize") }
        if shutdownAsked { throw RequestError(.invalidRequest, "the server is shutting down; only exit is taken") }
        switch method {
        case "shutdown":
            shutdownAsked = true
            return .null
        case "textDocument/completion":
            let (document, location) = try place(params)
            return await completion(document, at: location)
        case "textDocument/hover":
            let (document, location) = try place(params)
            return hover(document, at: location)
        case "textDocument/definition":
            let (document, location) = try place(params)
            return definition(document, at: location)
        case "textDocument/documentSymbol":
            return symbols(try self.document(params))
        case "textDocument/formatting":
            return try formatting(try self.document(params))
        case "textDocument/codeAction":
            return try quickFixes(params)
        case "textDocument/references":
            let (document, location) = try place(params)
            return references(document, at: location, includingDeclaration: params?["context"]?["includeDeclaration"] == .bool(true))
        case "textDocument/documentHighlight":
            let (document, location) = try place(params)
            return highlights(document, at: location)
        case "textDocument/prepareRename":
            let (document, location) = try place(params)
            return try prepareRename(document, at: location)
        case "textDocument/rename":
            let (document, location) = try place(params)
            guard let newName = params?["newName"]?.string else { throw RequestError(.invalidParams, "newName is missing") }
            return try rename(document, at: location, to: newName)
        default:
            throw RequestError(.methodNotFound, "\(method) is not served")
        }
    }

    static func capabilities(_ encoding: PositionEncoding) -> JSONValue {
        .object([
            "capabilities": .object([
                "positionEncoding": .string(encoding.rawValue),
                "textDocumentSync": .object(["openClose": .bool(true), "change": .int(2)]),
                "completionProvider": .object(["triggerCharacters": .array([".", "\"", "/"].map(JSONValue.string))]),
                "hoverProvider": .bool(true),
                "definitionProvider": .bool(true),
                "documentSymbolProvider": .bool(true),
                "documentFormattingProvider": .bool(true),
                "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
                "referencesProvider": .bool(true),
                "documentHighlightProvider": .bool(true),
                "renameProvider": .object(["prepareProvider": .bool(true)]),
            ]),
            "serverInfo": .object(["name": .string("pay")]),
        ])
    }

    private func document(_ params: JSONValue?) throws(RequestError) -> Document {
        guard let uri = params?["textDocument"]?["uri"]?.string else {
            throw RequestError(.invalidParams, "textDocument.uri is missing")
        }
        guard let document = documents[uri] else { throw RequestError(.invalidParams, "\(uri) is not open") }
        return document
    }

    private func place(_ params: JSONValue?) throws(RequestError) -> (Document, SourceLocation) {
        let document = try document(params)
        return (document, try Positions(file: document.file, encoding: encoding).location(params?["position"]))
    }

    // MARK: Diagnostics

    private func analyze(_ document: Document) async {
        let collected = ScriptLoader.collect(document.file, absolutePath: document.path) { [documents] path in
            // An open file's unsaved text, before the disk's.
            if let open = documents.values.first(where: { $0.path == path }) { return .success(open.file.text) }
            return ScriptLoader.read(path)
        }
        document.collected = collected
        var problems = collected.diagnostics
        if problems.isEmpty {
            let report = Checker.check(collected.script)
            problems = report.errors + report.warnings
            let interpreter = Interpreter(session: session, file: document.file) { _ in }
            if let literals = await interpreter.checkAmountLiterals(report.amounts) { problems += literals.diagnostics }
            if let files = await interpreter.checkDataFiles(report.loads) { problems += files.diagnostics }
        }
        var byPath: [String: [Diagnostic]] = [document.path: []]
        for problem in problems {
            byPath[collected.absolutePaths[ObjectIdentifier(problem.file)] ?? document.path, default: []].append(problem)
        }
        var others: Set<String> = []
        for (path, found) in byPath {
            let uri = Document.uri(for: path)
            // A used file open in the editor has diagnostics of its own.
            if path != document.path {
                if documents[uri] != nil { continue }
                others.insert(uri)
            }
            publish(uri, found.sorted { $0.range.start < $1.range.start })
        }
        for stale in (publishedTo[document.uri] ?? []).subtracting(others) { publish(stale, []) }
        publishedTo[document.uri] = others
    }

    /// Open documents that use the file at `path` see its new text.
    private func reanalyzeUsers(of path: String) async {
        for other in documents.values where other.path != path {
            if other.collected?.absolutePaths.values.contains(path) == true { await analyze(other) }
        }
    }

    private func publish(_ uri: String, _ diagnostics: [Diagnostic]) {
        published[uri] = diagnostics.isEmpty ? nil : diagnostics
        let items = diagnostics.map(lspDiagnostic)
        var params: [JSONField] = [JSONField("uri", .string(uri))]
        if let version = documents[uri]?.version { params.append(JSONField("version", .int(version))) }
        params.append(JSONField("diagnostics", .array(items)))
        notification("textDocument/publishDiagnostics", .object(params))
    }

    /// A diagnostic as LSP has it: with its code, and where `pay explain`'s text is when the
    /// server can find docs/diagnostics.md.
    private func lspDiagnostic(_ problem: Diagnostic) -> JSONValue {
        let positions = Positions(file: problem.file, encoding: encoding)
        let range = problem.showsSource ? positions.lsp(problem.range)
            : positions.lsp(SourceRange(SourceLocation(line: 1, column: 1), SourceLocation(line: 1, column: 1)))
        var fields: [JSONField] = [
            JSONField("range", range),
            JSONField("severity", .int(problem.isWarning ? 2 : 1)),
            JSONField("code", .string(problem.code.id)),
        ]
        if let explanations = LanguageServer.explanations {
            fields.append(JSONField("codeDescription", .object(["href": .string(explanations + "#" + problem.code.id.lowercased())])))
        }
        fields.append(JSONField("source", .string("pay")))
        fields.append(JSONField("message", .string(([problem.message] + problem.notes).joined(separator: "\n"))))
        return .object(fields)
    }

    /// docs/diagnostics.md of the checkout this server was built from, as a file URL; nil when it
    /// is not there (a binary copied elsewhere): then diagnostics carry their code alone, and
    /// `pay explain CODE` explains it.
    static let explanations: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("docs/diagnostics.md")
        return FileManager.default.fileExists(atPath: file.path) ? file.absoluteString : nil
    }()

    /// `textDocument/codeAction`: for each published diagnostic in the range whose hint names one
    /// exact replacement (a misspelt command or name, `wait (failed) completed`), a quick fix.
    private func quickFixes(_ params: JSONValue?) throws(RequestError) -> JSONValue {
        let document = try document(params)
        let positions = Positions(file: document.file, encoding: encoding)
        let start = try positions.location(params?["range"]?["start"])
        let end = try positions.location(params?["range"]?["end"])
        var actions: [JSONValue] = []
        for problem in published[document.uri] ?? [] {
            guard let fix = problem.fix, problem.file === document.file || problem.file.path == document.file.path,
                  problem.range.start <= end, start <= problem.range.end else { continue }
            let edit = JSONValue.object(["range": positions.lsp(fix.range), "newText": .string(fix.text)])
            actions.append(.object([
                "title": .string("Replace with '\(fix.text)'"),
                "kind": .string("quickfix"),
                "diagnostics": .array([lspDiagnostic(problem)]),
                "isPreferred": .bool(true),
                "edit": .object(["changes": .object([JSONField(document.uri, .array([edit]))])]),
            ]))
        }
        return .array(actions)
    }

    // MARK: Sending

    private func reply(id: JSONValue, result: JSONValue) {
        send(Array(JSONValue.object(["jsonrpc": .string("2.0"), "id": id, "result": result]).compactText.utf8))
    }

    private func reply(id: JSONValue, error: RequestError) {
        let body = JSONValue.object(["code": .int(error.code.rawValue), "message": .string(error.message)])
        send(Array(JSONValue.object(["jsonrpc": .string("2.0"), "id": id, "error": body]).compactText.utf8))
    }

    private func notification(_ method: String, _ params: JSONValue) {
        send(Array(JSONValue.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]).compactText.utf8))
    }

    func units() -> [String] {
        session.catalog.completionUnits
    }

    /// Fetches the gateway's assets if they are not known yet, for currencies after a number.
    func warmUnits() async {
        _ = try? await session.catalog.assets(session.client)
    }
}

/// An open document: its text as the editor has it, and what was found in it.
final class Document {
    let uri: String
    /// Where it is on disk, for `use` paths relative to it (a URI that is not a file's: the
    /// working directory).
    let path: String
    var version: Int
    private(set) var file: SourceFile
    var collected: ScriptLoader.Collected?
    private var cachedIndex: SymbolIndex?
    private var cachedTokens: [Token]?

    init(uri: String, text: String, version: Int) {
        self.uri = uri
        self.version = version
        path = Document.path(for: uri)
        file = SourceFile(path: Document.shownPath(path), text: text)
    }

    func update(_ text: String) {
        file = SourceFile(path: file.path, text: text)
        collected = nil
        cachedIndex = nil
        cachedTokens = nil
    }

    var index: SymbolIndex {
        if let cachedIndex { return cachedIndex }
        let script = collected?.script ?? LoadedScript(main: ScriptLoader.parse(file).0)
        let built = SymbolIndex(script, mainPath: path)
        cachedIndex = built
        return built
    }

    var tokens: [Token] {
        if let cachedTokens { return cachedTokens }
        var lexer = Lexer(file.text)
        let found = lexer.tokenize()
        cachedTokens = found
        return found
    }

    /// The text with an incremental change applied; nil when its range is not in the document.
    func replacing(_ range: JSONValue, with text: String, encoding: PositionEncoding) -> String? {
        let positions = Positions(file: file, encoding: encoding)
        func offset(_ position: JSONValue?) -> String.Index? {
            // The position just past the last line is the end of the text.
            if let line = position?["line"]?.int, line == file.lineCount { return file.text.endIndex }
            guard let location = try? positions.location(position) else { return nil }
            return file.index(of: location)
        }
        guard let start = offset(range["start"]), let end = offset(range["end"]), start <= end else { return nil }
        return String(file.text[..<start]) + text + String(file.text[end...])
    }

    static func path(for uri: String) -> String {
        if uri.hasPrefix("file:"), let url = URL(string: uri), !url.path.isEmpty { return url.standardizedFileURL.path }
        let name = uri.split(separator: ":").last.map(String.init) ?? "untitled"
        return FileManager.default.currentDirectoryPath + "/" + name
    }

    static func uri(for path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }

    /// The path messages show: relative to the working directory when under it, as `pay check`'s.
    static func shownPath(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }
}
