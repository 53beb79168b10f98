// The `pay` command: run and check scripts, and serve the sandbox.
import PayGateway
import ArgumentParser
import Foundation
import Logging
import PayScript

@main
struct Pay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "Drive a crypto payment gateway with .pay scripts; with no --api, on an embedded sandbox.",
        version: PayVersion.text,
        subcommands: [RunCommand.self, CheckCommand.self, ExplainCommand.self, TestCommand.self, ReplCommand.self, SandboxCommand.self, DiffCommand.self, FmtCommand.self, LspCommand.self, ExploreCommand.self, McpCommand.self],
        defaultSubcommand: RunCommand.self)

    /// Logs go to standard error at `PAY_LOG_LEVEL` (default `warning`, so each request's line
    /// and retries show only when asked for with `info` or `debug`). An unknown level is a usage
    /// error, not quietly the default.
    static func main() async {
        var level = Logger.Level.warning
        if let asked = ProcessEnvironment.value("PAY_LOG_LEVEL"), !asked.isEmpty {
            guard let known = Logger.Level(rawValue: asked.lowercased()) else {
                let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                Console.err("pay: PAY_LOG_LEVEL must be one of \(levels); got '\(asked)'")
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            level = known
        }
        LoggingSystem.bootstrap { [level] label in ConsoleLogHandler(label: label, logLevel: level) }
        // `pay run …`, the command CI runs most, skips most of ArgumentParser, whose reflection
        // over the options is a round of the Swift runtime's conformance lookups over the whole
        // binary per option type: about a third of a script's start-up (BENCHMARKS.md, issue 13).
        let arguments = CommandLine.arguments
        if arguments.count > 2, arguments[1] == "run" {
            // `pay run FILE` alone runs on the default settings, with no parsing at all, if they
            // hold (PAY_API_URL and PAY_API_KEY still count).
            let defaults = GatewaySettings()
            if arguments.count == 3, !arguments[2].hasPrefix("-"), defaults.problem == nil {
                await finish { try await RunCommand.run(path: arguments[2], gateway: defaults, variables: []) }
            }
            // With options, `run` is parsed as the root: parsing from `pay` builds the argument
            // sets of every subcommand too. Only a parse that succeeds is taken; help and usage
            // errors go the usual way below, so they read as before.
            if let run = try? RunCommand.parseAsRoot(Array(arguments.dropFirst(2))) as? RunCommand {
                await finish { try await run.run() }
            }
        }
        if let suggestion = misspeltSubcommand(arguments) {
            Console.err(suggestion)
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            // `pay` alone at a terminal opens the prompt.
            var command = try parseAsRoot(arguments.count == 1 && isatty(STDIN_FILENO) != 0 ? ["repl"] : nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// `pay tset examples/` or `pay version`: a first word that is no file, and close to a
    /// subcommand (or a word meant as `--version`, `--help`), is not taken for a script to run.
    static func misspeltSubcommand(_ arguments: [String]) -> String? {
        guard arguments.count >= 2 else { return nil }
        let word = arguments[1]
        guard !word.hasPrefix("-"), word != ScriptLoader.standardInput, !FileManager.default.fileExists(atPath: word) else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(word) else { return nil }
        if word == "version" || word == "help" {
            return "pay: no such file or command: \(word); did you mean 'pay --\(word)'?"
        }
        // Two edits even for a short word: a swapped pair (`tset`) is two.
        let ranked = names.map { ($0, Hints.distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        guard let near = ranked?.0 else { return nil }
        return "pay: no such file or command: \(word); did you mean 'pay \(near)'?"
    }

    /// Runs `body` and exits as ArgumentParser would after a command's `run`.
    private static func finish(_ body: @Sendable () async throws -> Void) async -> Never {
        do {
            try await body()
        } catch {
            exit(withError: error)
        }
        exit()
    }
}
