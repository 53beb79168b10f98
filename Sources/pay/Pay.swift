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

    /// Logs go to standard error at `PAY_LOG_LEVEL` (default `warning`, so retries and request
    /// timings show only when asked for with `info` or `debug`).
    static func main() async {
        let level = ProcessInfo.processInfo.environment["PAY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label, logLevel: level) }
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
