// `pay check FILE…`: parse only, report every syntax error, exit 2 if there was any.
import ArgumentParser
import PayScript

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check scripts for syntax errors without running them.")

    @Argument(help: "Scripts to check.") var files: [String]

    func run() async throws {
        var worst = ExitStatus.success
        for file in files {
            do {
                _ = try ScriptLoader.load(path: file)
                Console.out("\(file): ok")
            } catch {
                Console.err(error.rendered)
                let status = ExitStatus(error.kind)
                if worst == .success || status == .syntaxError { worst = status }
            }
        }
        if worst != .success { throw worst.exitCode }
    }
}
