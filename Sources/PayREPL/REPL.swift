// The interactive prompt: one interpreter for the whole session, so bindings, functions and `it`
// persist from entry to entry. An entry that ends inside a statement continues at a second
// prompt (the parser's end-of-input errors decide); a bare expression shows its value; errors
// are shown with a caret under what was typed and never end the session; Ctrl-C drops the line
// being typed, or stops the entry running and returns to the prompt with bindings intact.
import Foundation
import PayClient
import PayScript

public final class REPL {
    public struct Options {
        /// `pay sandbox` or `pay live`, in the prompt.
        public var isSandbox: Bool
        /// What `:env` shows: "embedded sandbox" or the gateway's URL.
        public var endpoint: String
        public var hasKey: Bool
        /// Kept out of the history file.
        public var key: String?
        public var allowOutgoing: Bool
        public var maxOutgoing: [String]
        /// `$XDG_STATE_HOME/pay/history`; nil keeps no file.
        public var historyPath: String?
        /// Colour statuses (stdout is a terminal and NO_COLOR is unset).
        public var color: Bool
        /// The session's last HTTP exchange, for `:last` and `:curl`.
        public var lastExchange: @Sendable () -> Exchange?
        /// Where the endpoint, key, allow-outgoing and max-outgoing came from (`--api`,
        /// `PAY_API_KEY`, `.env:3`), for `:env`; a setting not here was left at its default.
        public var sources: [String: String] = [:]

        public init(isSandbox: Bool, endpoint: String, hasKey: Bool, key: String?, allowOutgoing: Bool,
                    maxOutgoing: [String], historyPath: String?, color: Bool,
                    lastExchange: @escaping @Sendable () -> Exchange? = { nil }) {
            self.lastExchange = lastExchange
            self.isSandbox = isSandbox
            self.endpoint = endpoint
            self.hasKey = hasKey
            self.key = key
            self.allowOutgoing = allowOutgoing
            self.maxOutgoing = maxOutgoing
            self.historyPath = historyPath
            self.color = color
        }
    }

    let session: GatewaySession
    let options: Options
    let out: @Sendable (String) -> Void
    let err: @Sendable (String) -> Void
    var interpreter: Interpreter
    /// Entries that ran without error, for `:save`.
    private var saved: [String] = []
    /// Entries parsed so far, to name them in messages.
    private var entries = 0
    var reader: LineReader!
    let directory = FileManager.default.currentDirectoryPath

    public init(session: GatewaySession, options: Options, out: @escaping @Sendable (String) -> Void,
                err: @escaping @Sendable (String) -> Void) {
        self.session = session
        self.options = options
        self.out = out
        self.err = err
        interpreter = REPL.freshInterpreter(session, out)
    }

    private static func freshInterpreter(_ session: GatewaySession, _ out: @escaping @Sendable (String) -> Void) -> Interpreter {
        Interpreter(session: session, file: SourceFile(path: "<prompt>", text: ""), write: out)
    }

    public var prompt: String { options.isSandbox ? "pay sandbox> " : "pay live> " }
    private var continuation: String { String(repeating: " ", count: prompt.count - 5) + "...> " }

    /// The history file's default place: `$XDG_STATE_HOME/pay/history`, else `~/.local/state/pay/history`.
    public static func defaultHistoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/pay/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/pay/history"
    }

    /// Runs the prompt until Ctrl-D or `:quit`.
    public func run() async {
        Interrupts.install()
        reader = LineReader(historyPath: options.historyPath, secret: options.key) { [unowned self] line, word in
            self.completer.complete(line: line, word: word)
        }
        warmCatalog()
        let place = !options.endpoint.hasPrefix("http") ? "the embedded sandbox"
            : options.isSandbox ? "the sandbox at \(options.endpoint)" : options.endpoint
        out("pay on \(place): :help for commands, Ctrl-D to leave")
        var buffer = ""
        while true {
            switch reader.read(prompt: buffer.isEmpty ? prompt : continuation) {
            case .endOfInput:
                return
            case .interrupted:
                buffer = ""
            case let .line(line):
                if buffer.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                    reader.remember(line)
                    if await meta(line.trimmingCharacters(in: .whitespaces)) == .quit { return }
                    continue
                }
                if buffer.isEmpty, let watch = Watch(line) {
                    reader.remember(line)
                    await self.watch(watch)
                    continue
                }
                buffer += buffer.isEmpty ? line : "\n" + line
                if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { buffer = ""; continue }
                if await enter(buffer) == .incomplete { continue }
                reader.remember(buffer)
                buffer = ""
            }
        }
    }

    /// Parses and runs what was typed as one entry; `.incomplete` when the parser says the input
    /// ended inside a statement and another line is needed. Errors are shown, never thrown.
    func enter(_ entry: String) async -> Outcome {
        // Each entry is a file of its own in messages (`<entry 3>:2:14`), so an error in a
        // function typed earlier names the entry it was typed in.
        let name = "<entry \(entries + 1)>"
        let script: LoadedScript
        do {
            script = try ScriptLoader.load(SourceFile(path: name, text: entry),
                                           absolutePath: directory + "/" + name, interactive: true)
        } catch {
            if error.isIncomplete { return .incomplete }
            err(error.rendered)
            return .failed(error)
        }
        entries += 1
        let outcome = await execute(script, interactive: true)
        guard case let .finished(value) = outcome else { return outcome }
        saved.append(entry)
        if let value, value.isShown {
            out(Show.render(value, color: options.color))
            // A card of the gateway's ends with its age, dim on a terminal: when it was fetched,
            // and whether anything since could have changed it (`refresh NAME`).
            var name: String?
            if case let .expression(expr)? = script.main.statements.last?.kind, case let .variable(shown) = expr.kind { name = shown }
            if let age = await interpreter.cardAge(of: value, name: name) {
                out(options.color ? "\u{1B}[2m\(age)\u{1B}[0m" : age)
            }
        }
        return outcome
    }

    enum Outcome: Equatable {
        /// It ran; the value of its last statement when that was a bare expression.
        case finished(Value?)
        /// It stopped with this error, already shown.
        case failed(ScriptError)
        /// The input ended inside a statement: read another line.
        case incomplete

        static func == (a: Outcome, b: Outcome) -> Bool {
            switch (a, b) {
            case (.finished, .finished), (.incomplete, .incomplete): true
            case let (.failed(x), .failed(y)): x.kind == y.kind && x.rendered == y.rendered
            default: false
            }
        }
    }

    /// Runs a loaded entry (or a `:load`ed file) through the pipeline `pay run` uses; Ctrl-C
    /// cancels it and the prompt comes back with bindings intact.
    func execute(_ script: LoadedScript, interactive: Bool) async -> Outcome {
        _ = Interrupts.take()
        let runner = Handoff(interpreter)
        // The value comes back in a Handoff, as the interpreter went: the prompt awaits the task,
        // so only one side ever holds either.
        let task = Task.detached { () async -> Result<Handoff<Value?>, ScriptError> in
            let outcome = await Pipeline.run(script, on: runner.value, interactive: interactive)
            if let error = outcome.error { return .failure(error) }
            return .success(Handoff(outcome.value))
        }
        let watcher = Task.detached {
            while !Task.isCancelled {
                if Interrupts.take() { task.cancel() }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let result = await task.value
        watcher.cancel()
        switch result {
        case let .success(value):
            return .finished(value.value)
        case let .failure(error):
            // The terminal echoed ^C where the cursor was; the error starts on a line of its own.
            if error.kind == .interrupted { out("") }
            err(error.rendered)
            return .failed(error)
        }
    }

    // MARK: Meta commands

    enum MetaResult { case `continue`, quit }

    func meta(_ line: String) async -> MetaResult {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        guard let command = MetaCommand.named(parts[0]) else {
            err("unknown command \(parts[0]); :help lists them")
            return .continue
        }
        switch command {
        case .quit:
            return .quit
        case .help:
            out(Help.text(for: argument))
        case .vars:
            let names = interpreter.globalNames
            if names.isEmpty { out("no variables yet") }
            for name in names {
                guard let value = interpreter.global(name) else { continue }
                let text = value.literal
                out("\(name) = \(text.count > 100 ? String(text.prefix(99)) + "…" : text)")
            }
            if let order = interpreter.lastOrder, case let .record(record) = order, let id = record["id"] {
                out("it = order \(id.description)")
            }
        case .env:
            func from(_ setting: String) -> String { options.sources[setting].map { "  (from \($0))" } ?? "" }
            out("""
                endpoint        \(options.endpoint)\(from("endpoint"))
                mode            \(options.isSandbox ? "sandbox" : "live")
                key             \(options.hasKey ? "***" : "(none)")\(from("key"))
                allow-outgoing  \(options.isSandbox ? "not needed on the sandbox" : options.allowOutgoing ? "yes" : "asks y/N at the prompt")\(from("allow-outgoing"))
                max-outgoing    \(options.maxOutgoing.isEmpty ? "(no cap)" : options.maxOutgoing.joined(separator: ", "))\(from("max-outgoing"))
                history         \(options.historyPath ?? "(not kept)")
                """)
        case .save:
            guard let argument, !argument.isEmpty else { err(":save needs a file name, like :save flow.pay"); break }
            let text = saved.joined(separator: "\n") + (saved.isEmpty ? "" : "\n")
            do {
                try text.write(toFile: argument, atomically: true, encoding: .utf8)
                out("saved \(saved.count) entr\(saved.count == 1 ? "y" : "ies") to \(argument)")
            } catch {
                err(":save: cannot write \(argument): \(error.localizedDescription)")
            }
        case .load:
            guard let argument, !argument.isEmpty else { err(":load needs a file name, like :load flow.pay"); break }
            do {
                let script = try ScriptLoader.load(path: argument)
                if case .finished = await execute(script, interactive: false) { saved.append(script.main.file.text.trimmingCharacters(in: .newlines)) }
            } catch {
                err(error.rendered)
            }
        case .last:
            guard let exchange = options.lastExchange() else { out("no request yet"); break }
            out(TraceObserver.text(of: exchange, redaction: Redaction(secrets: [options.key])))
        case .curl:
            guard let exchange = options.lastExchange() else { out("no request yet"); break }
            out(CurlObserver.command(for: exchange, redaction: Redaction(secrets: [options.key])))
        case .reset:
            interpreter = REPL.freshInterpreter(session, out)
            saved = []
            session.catalog.refresh()
            warmCatalog()
            out("bindings cleared; the gateway's catalog will be fetched afresh")
        }
        return .continue
    }

    // MARK: Completion

    private var completer: Completer {
        let interpreter = self.interpreter
        let catalog = session.catalog
        return Completer(names: { interpreter.globalNames }, value: { interpreter.global($0) },
                         lastOrder: { interpreter.lastOrder },
                         units: { catalog.completionUnits }, directory: directory)
    }

    /// Fetches the assets in the background, so completion after a number can offer them.
    private func warmCatalog() {
        let (catalog, client) = (session.catalog, session.client)
        Task.detached { _ = try? await catalog.assets(client) }
    }
}

extension Value {
    /// A function's value is not worth a line; everything else a bare expression gives is shown.
    var isShown: Bool {
        if case .function = self { return false }
        return true
    }
}

