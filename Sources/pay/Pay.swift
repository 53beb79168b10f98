// The `pay` command: run and check scripts, and serve the sandbox.
import ArgumentParser

@main
struct Pay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "Drive a crypto payment gateway with .pay scripts; with no --api, on an embedded sandbox.",
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, SandboxCommand.self],
        defaultSubcommand: RunCommand.self)
}
