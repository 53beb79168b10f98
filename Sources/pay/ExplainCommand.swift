// `pay explain CODE`: what a diagnostic's code means, why pay says it and what to do, with an
// example (as `rustc --explain`). `--list` gives every code with its title; `--markdown` writes
// the whole table as docs/diagnostics.md holds it (a test keeps that file current).
import ArgumentParser
import PayScript

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain a diagnostic's code, like P201.")

    @Argument(help: "The code, as shown in brackets after error or warning.") var code: String?
    @Flag(help: "List every code with its title.") var list = false
    @Flag(help: "Every code's explanation as Markdown.") var markdown = false

    func validate() throws {
        if code == nil && !list && !markdown { throw ValidationError("name a code, like 'pay explain P201', or give --list") }
    }

    func run() throws {
        if list {
            for code in DiagnosticCode.all { Console.out("\(code.id)  \(code.severity == .warning ? "warning" : "error  ")  \(code.title)") }
            return
        }
        if markdown { return Console.out(ExplainCommand.markdown) }
        guard let name = code, let code = DiagnosticCode.named(name) else {
            let near = Hints.didYouMean(code?.uppercased() ?? "", among: DiagnosticCode.all.map(\.id))
            Console.err("pay explain: no code \(code ?? "")\(near) ('pay explain --list' lists them)")
            throw ExitStatus.usage.exitCode
        }
        Console.out(code.explained)
    }

    /// docs/diagnostics.md: a heading per code, its explanation and example.
    static var markdown: String {
        var out = """
            # pay's diagnostics

            Every error and warning `pay` gives has a code, shown in brackets (`error[P201]`). \
            This file is written by `pay explain --markdown` from the table in \
            `Sources/PayScriptSyntax/DiagnosticCode.swift`; `pay explain CODE` prints one entry. \
            P1xx are syntax, P2xx the checker, P3xx money and literals, P4xx running, P5xx the \
            gateway, the network and the guards for real money. A warning can be allowed for one \
            statement with `# pay: allow CODE` on the line above it.

            """
        for code in DiagnosticCode.all {
            out += "\n<a id=\"\(code.id.lowercased())\"></a>\n\n## \(code.id): \(code.title)\n\n"
            out += "*\(code.severity.rawValue)*\n\n\(code.explanation)\n"
            if let example = code.example { out += "\n```pay\n\(example)\n```\n" }
        }
        return out
    }
}
