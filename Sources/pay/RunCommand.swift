// `pay run FILE` (also `pay FILE`): run one script and exit with what happened.
import ArgumentParser
import PayScript

struct RunCommand: AsyncParsableCommand {
    /// `_superCommandName` only counts when this is the root of a parse, as in `Pay.main`'s
    /// shortcut for `pay run`: help and errors then still say `pay run`.
    static let configuration = CommandConfiguration(commandName: "run", _superCommandName: "pay", abstract: "Run a .pay script.")

    @Argument(help: "The script to run.") var file: String
    @Option(name: .customLong("var"), help: ArgumentHelp("Bind a variable before the run (repeatable).", valueName: "name=value"))
    var variables: [String] = []
    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        for binding in variables where !binding.contains("=") {
            throw ValidationError("--var needs NAME=VALUE, got '\(binding)'")
        }
    }

    func run() async throws {
        try await RunCommand.run(path: file, gateway: gateway.settings, variables: variables)
    }

    /// Loads and runs the script at `path`: `pay run` parsed, and `pay run FILE` with no options,
    /// which Pay.main runs on the default settings without parsing.
    static func run(path: String, gateway: GatewaySettings, variables: [String]) async throws {
        let script: LoadedScript
        do {
            script = try ScriptLoader.load(path: path)
        } catch {
            Console.err(error.rendered)
            throw ExitStatus(error.kind).exitCode
        }
        try await RunCommand.run(script, gateway: gateway, variables: variables)
    }

    /// Runs a loaded script on the gateway the options name, with `--var` bindings, and exits
    /// with what happened; `pay repl` uses it for a script on standard input.
    static func run(_ script: LoadedScript, gateway: GatewaySettings, variables: [String]) async throws {
        Console.redact(gateway.apiKey)
        // The checker runs before anything can reach the gateway: a typo costs no request.
        let given = Set(variables.map { String($0.split(separator: "=", maxSplits: 1)[0]) })
        let report = Checker.check(script, known: given)
        if !report.errors.isEmpty {
            Console.err(report.errors.map(\.rendered).joined(separator: "\n"))
            throw ExitStatus.syntaxError.exitCode
        }
        let (session, transport) = await gateway.makeSession()
        let interpreter = Interpreter(session: session, file: script.main.file, write: Console.out)
        for binding in variables {
            let parts = binding.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if let problem = await interpreter.defineVariable(String(parts[0]), literal: String(parts[1])) {
                await transport?.shutdown()
                Console.err("error: \(problem)")
                throw ExitStatus.usage.exitCode
            }
        }
        var status = ExitStatus.success
        do {
            try await interpreter.run(script.main, includes: script.includes, amounts: report.amounts)
        } catch {
            Console.err(error.rendered)
            status = ExitStatus(error.kind)
        }
        await transport?.shutdown()
        if status != .success { throw status.exitCode }
    }
}
