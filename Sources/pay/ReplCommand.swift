// `pay repl` (also `pay` alone at a terminal): the interactive prompt. When standard input is not
// a terminal, it is read as one script and run like `pay run`.
import PayGateway
import ArgumentParser
import Foundation
import PayREPL
import PayScript

struct ReplCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore the gateway at an interactive prompt (a script on standard input when it is not a terminal).")

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let gateway = gateway.settings
        Console.redact(gateway.apiKey)
        guard isatty(STDIN_FILENO) != 0 else { return try await runStandardInput() }
        // Every outgoing payment on a live gateway is asked about at the terminal first.
        let confirm: @Sendable (String) async -> Bool = { question in await ReplCommand.ask("\(question)? [y/N] ") }
        let files = try ExchangeFiles.openOrExit(gateway)
        let (session, opened) = await gateway.makeSession(files, confirm: confirm, remembersLast: true)
        // A wrong --max-outgoing is a usage error before the prompt opens, as for `pay run`.
        let file = SourceFile(path: "<prompt>", text: "")
        if let problem = await Pipeline.bind([], into: Interpreter(session: session, file: file) { _ in }, file: file) {
            await opened.shutdown()
            Console.err(problem.rendered)
            throw ExitStatus.usage.exitCode
        }
        let live = !session.isSandbox
        var options = REPL.Options(
            isSandbox: !live, endpoint: gateway.apiURL ?? "embedded sandbox (seed \(gateway.seed))",
            hasKey: !(gateway.apiKey ?? "").isEmpty, key: gateway.apiKey, allowOutgoing: gateway.allowOutgoing,
            maxOutgoing: gateway.maxOutgoing, historyPath: REPL.defaultHistoryPath(),
            color: Console.colorsStandardOutput, lastExchange: { [last = opened.last] in last.exchange })
        var sources: [String: String] = [:]
        sources["endpoint"] = gateway.apiURLSource?.source
        sources["key"] = (try? gateway.apiKeySource.get())??.source
        if gateway.allowOutgoingSource.source != "default" { sources["allow-outgoing"] = gateway.allowOutgoingSource.source }
        if gateway.maxOutgoingSource.source != "default" { sources["max-outgoing"] = gateway.maxOutgoingSource.source }
        options.sources = sources
        await REPL(session: session, options: options, out: Console.out, err: Console.err).run()
        await opened.shutdown()
    }

    /// Asks on the terminal; anything but y or yes is no.
    private static func ask(_ question: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                FileHandle.standardOutput.write(Data(Console.redacted(question).utf8))
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                continuation.resume(returning: answer == "y" || answer == "yes")
            }
        }
    }

    /// Standard input as one script, with `pay run`'s exit statuses.
    private func runStandardInput() async throws {
        let script: LoadedScript
        do {
            script = try ScriptLoader.load(path: ScriptLoader.standardInput)
        } catch {
            Console.err(error.rendered)
            throw ExitStatus(error.kind).exitCode
        }
        try await RunCommand.run(script, gateway: gateway.settings, variables: [])
    }
}
