// `pay run FILE` (also `pay FILE`): run one script and exit with what happened.
import PayGateway
import ArgumentParser
import PayClient
import PayScript

struct RunCommand: AsyncParsableCommand {
    /// `_superCommandName` only counts when this is the root of a parse, as in `Pay.main`'s
    /// shortcut for `pay run`: help and errors then still say `pay run`.
    static let configuration = CommandConfiguration(commandName: "run", _superCommandName: "pay", abstract: "Run a .pay script.")

    @Argument(help: "The script to run, or - for standard input.") var file: String
    @Option(name: .customLong("var"), help: ArgumentHelp("Bind a variable before the run (repeatable).", valueName: "name=value"))
    var variables: [String] = []
    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        _ = try VariableBinding.parsed(variables)
    }

    func run() async throws {
        try await RunCommand.run(path: file, gateway: gateway.settings, variables: try VariableBinding.parsed(variables))
    }

    /// Loads and runs the script at `path`: `pay run` parsed, and `pay run FILE` with no options,
    /// which Pay.main runs on the default settings without parsing.
    static func run(path: String, gateway: GatewaySettings, variables: [VariableBinding]) async throws {
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
    static func run(_ script: LoadedScript, gateway: GatewaySettings, variables: [VariableBinding]) async throws {
        Console.redact(gateway.apiKey)
        let files = try ExchangeFiles.openOrExit(gateway)
        // The session (and its probe of the gateway) is opened only once the checks pass.
        var opened: OpenedGateway?
        let outcome = await Pipeline.run(script, variables: gateway.variables(adding: variables)) { (reads: CatalogReads) async throws(ScriptError) -> Interpreter in
            let (session, gatewayOpened) = await gateway.makeSession(files, reads: reads)
            opened = gatewayOpened
            return Interpreter(session: session, file: script.main.file, write: Console.out)
        }
        await opened?.shutdown()
        if let error = outcome.error {
            Console.err(error.rendered)
            throw ExitStatus(error.kind).exitCode
        }
    }
}

extension VariableBinding {
    /// `--var` values as given on the command line; one without `=` is a usage error.
    static func parsed(_ texts: [String]) throws -> [VariableBinding] {
        try texts.map { text in
            guard let binding = VariableBinding(text) else { throw ValidationError("--var needs NAME=VALUE, got '\(text)'") }
            return binding
        }
    }
}
