// The `pay` command: run and check scripts, and serve the sandbox.
import ArgumentParser
import Foundation
import Logging

@main
struct Pay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "Drive a crypto payment gateway with .pay scripts; with no --api, on an embedded sandbox.",
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, TestCommand.self, ReplCommand.self, SandboxCommand.self],
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
        LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label, logLevel: level) }
        // `pay run …`, the command CI runs most, is parsed with `run` as the root. Parsing from
        // `pay` builds the argument sets of every subcommand and of the completion-script
        // commands, each a round of the Swift runtime's conformance lookups over the whole binary:
        // about a third of a script's start-up (BENCHMARKS.md, issue 13). Only a parse that
        // succeeds is taken; help and usage errors go the usual way, so they read as before.
        if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "run",
           let run = try? RunCommand.parseAsRoot(Array(CommandLine.arguments.dropFirst(2))) as? RunCommand {
            do {
                try await run.run()
            } catch {
                exit(withError: error)
            }
            exit()
        }
        do {
            // `pay` alone at a terminal opens the prompt.
            let arguments = CommandLine.arguments.count == 1 && isatty(STDIN_FILENO) != 0 ? ["repl"] : nil
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
