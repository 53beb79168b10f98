// `pay check FILE…`: parse and check every file (see Checker), report every error and warning,
// exit 2 if there was an error (or, with --warnings-as-errors, a warning). Amount literals are
// checked against the embedded sandbox's currencies, or with --api against that gateway's
// (reading its asset list, never anything that moves money). `--format json|sarif` writes the
// diagnostics for machines on standard output, and the per-file lines on standard error.
import PayGateway
import ArgumentParser
import Foundation
import PayRunner
import PayScript

extension DiagnosticFormat: ExpressibleByArgument {}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check scripts for errors without running them.")

    @Argument(help: "Scripts, or folders (searched for .pay files), or - for standard input.") var files: [String]
    @Flag(help: "Fail on warnings too (an unused variable), for CI.") var warningsAsErrors = false
    @Option(help: ArgumentHelp("How to write diagnostics: text, json (a JSON object per line) or sarif (SARIF 2.1.0).", valueName: "format"))
    var format: DiagnosticFormat = .text
    /// The lexer's tokens and comments, a line each, for the editor grammar's test
    /// (Tests/editors/check_grammar.py); nothing is checked.
    @Flag(help: .hidden) var tokens = false
    @OptionGroup var gateway: CatalogOptions

    func run() async throws {
        if tokens { return try CheckCommand.printTokens(files) }
        Console.redact(gateway.settings.apiKey)
        let exchangeFiles = try ExchangeFiles.openOrExit(gateway.settings)
        let (session, opened) = await gateway.settings.makeSession(exchangeFiles, probe: false)
        defer { Task { await opened.shutdown() } }
        var worst = ExitStatus.success
        var collected: [Diagnostic] = []
        // Text goes where it always went; with a machine format, standard output is the format's alone.
        let say: (String) -> Void = format == .text ? { Console.out($0) } : { Console.err($0) }
        func show(_ diagnostics: [Diagnostic]) {
            guard !diagnostics.isEmpty else { return }
            switch format {
            case .text: Console.err(diagnostics.map(\.rendered).joined(separator: "\n"))
            case .json: Console.out(DiagnosticReports.jsonLines(diagnostics))
            case .sarif: collected += diagnostics
            }
        }
        defer {
            if format == .sarif {
                Console.out(DiagnosticReports.sarif(collected, version: Pay.configuration.version,
                                                    base: FileManager.default.currentDirectoryPath))
            }
        }
        // A folder is its .pay files; anything else is a script, and one that cannot be read is
        // that script's error (P111), as a run says it.
        var scripts: [String] = []
        for path in files {
            var isDirectory: ObjCBool = false
            let folder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            scripts += folder ? try FmtCommand.files(under: path, command: "pay check") : [path]
        }
        for file in scripts {
            do throws(ScriptError) {
                let script = try ScriptLoader.load(path: file)
                ProcessLifetime.keep(script)
                let interpreter = Interpreter(session: session, file: script.main.file) { _ in }
                let outcome = await Pipeline.run(script, on: interpreter, until: .checked)
                if let error = outcome.error, error.kind != .syntax { throw error }
                let report = (errors: outcome.error?.diagnostics ?? [], warnings: outcome.warnings)
                let problems = report.errors + report.warnings
                show(problems.sorted { ($0.file.path, $0.range.start) < ($1.file.path, $1.range.start) })
                if !report.errors.isEmpty || (warningsAsErrors && !report.warnings.isEmpty) {
                    worst = .syntaxError
                } else {
                    say("\(file == ScriptLoader.standardInput ? "<stdin>" : file): ok"
                        + CheckCommand.counts(warnings: report.warnings.count, allowed: outcome.allowed.count))
                }
            } catch {
                if format == .text { Console.err(error.rendered) } else { show(error.diagnostics) }
                let status = ExitStatus(error.kind)
                if worst == .success || status == .syntaxError { worst = status }
            }
        }
        if worst != .success { throw worst.exitCode }
    }
}

extension CheckCommand {
    /// ` (1 warning, 2 allowed)`, or nothing.
    static func counts(warnings: Int, allowed: Int) -> String {
        var parts: [String] = []
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        if allowed > 0 { parts.append("\(allowed) allowed") }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }

    /// `LINE:COLUMN LENGTH KIND` for each token and comment, in source order: columns and lengths
    /// in characters, as the lexer counts them; kinds `number`, `duration`, `percent`, `string`,
    /// `identifier`, `keyword:WORD`, `comment`, and `code` for each `{…}` inside a string (its
    /// opening brace); punctuation and line ends left out.
    static func printTokens(_ files: [String]) throws {
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                Console.err("\(file): cannot read it")
                throw ExitStatus.runtimeError.exitCode
            }
            var lexer = Lexer(text)
            var lines: [(SourceLocation, String)] = []
            for token in lexer.tokenize() {
                let start = token.range.start
                let length = token.range.end.line == start.line ? token.range.end.column - start.column : 1
                let kind: String
                switch token.kind {
                case .number: kind = "number"
                case .duration: kind = "duration"
                case .percent: kind = "percent"
                case let .string(pieces):
                    kind = "string"
                    for case let .code(_, location) in pieces {
                        // The code starts after its `{`.
                        lines.append((SourceLocation(line: location.line, column: location.column - 1), "1 code"))
                    }
                case .identifier: kind = "identifier"
                case let .keyword(word): kind = "keyword:\(word.rawValue)"
                default: continue
                }
                lines.append((start, "\(length) \(kind)"))
            }
            for comment in lexer.comments {
                lines.append((comment.start, "\(comment.end.column - comment.start.column) comment"))
            }
            for (location, rest) in lines.sorted(by: { ($0.0.line, $0.0.column) < ($1.0.line, $1.0.column) }) {
                Console.out("\(location.line):\(location.column) \(rest)")
            }
        }
    }
}
