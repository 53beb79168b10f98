// `pay check FILE…`: parse and check every file (see Checker), report every error and warning,
// exit 2 if there was an error (or, with --warnings-as-errors, a warning). Amount literals are
// checked against the embedded sandbox's currencies, or with --api against that gateway's
// (reading its asset list, never anything that moves money).
import ArgumentParser
import PayScript

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check scripts for errors without running them.")

    @Argument(help: "Scripts to check.") var files: [String]
    @Flag(help: "Fail on warnings too (an unused variable), for CI.") var warningsAsErrors = false
    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        Console.redact(gateway.settings.apiKey)
        let exchangeFiles = try ExchangeFiles.openOrExit(gateway.settings)
        let (session, opened) = await gateway.settings.makeSession(exchangeFiles, probe: false)
        defer { Task { await opened.shutdown() } }
        var worst = ExitStatus.success
        for file in files {
            do throws(ScriptError) {
                let script = try ScriptLoader.load(path: file)
                ProcessLifetime.keep(script)
                let interpreter = Interpreter(session: session, file: script.main.file) { _ in }
                let outcome = await Pipeline.run(script, on: interpreter, until: .checked)
                if let error = outcome.error, error.kind != .syntax { throw error }
                let report = (errors: outcome.error?.diagnostics ?? [], warnings: outcome.warnings)
                let problems = report.errors + report.warnings
                if !problems.isEmpty { Console.err(problems.sorted { ($0.file.path, $0.range.start) < ($1.file.path, $1.range.start) }.map(\.rendered).joined(separator: "\n")) }
                if !report.errors.isEmpty || (warningsAsErrors && !report.warnings.isEmpty) {
                    worst = .syntaxError
                } else {
                    Console.out("\(file): ok" + (report.warnings.isEmpty ? "" : " (\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"))"))
                }
            } catch {
                Console.err(error.rendered)
                let status = ExitStatus(error.kind)
                if worst == .success || status == .syntaxError { worst = status }
            }
        }
        if worst != .success { throw worst.exitCode }
    }
}
