// `pay-mcp`, which `pay mcp` runs: the MCP server (PayMCP) on the gateway the options name, the
// embedded sandbox by default. A program of its own because the MCP Swift SDK links Foundation's
// networking, and with it libcurl and some twenty libraries every start of `pay` would load;
// `pay mcp` checks the options, then replaces itself with this program, which reads them again.
import ArgumentParser
import Foundation
import PayCommandLine
import PayGateway
import PayMCP
import PayScript

@main
struct PayMCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay mcp",
        abstract: McpText.abstract,
        discussion: McpText.discussion,
        version: PayVersion.text)

    @OptionGroup var gateway: AssistantOptions

    func validate() throws {
        if let problem = McpText.problem(gateway.settings) { throw ValidationError(problem) }
    }

    func run() async throws {
        let settings = gateway.settings
        Console.redact(settings.apiKey)
        let files = try ExchangeFiles.openOrExit(settings, prefix: "pay mcp: ")
        let (session, opened) = await settings.makeSession(files)
        let tools = PayTools(session: session, movesMoney: settings.allowOutgoing && !settings.maxOutgoing.isEmpty,
                             redact: { Console.redacted($0) }, log: { Console.err($0) })
        do {
            try await PayMCPServer.serve(tools, version: PayVersion.text)
        } catch {
            Console.err("pay mcp: \(error)")
            await opened.shutdown()
            throw ExitStatus.runtimeError.exitCode
        }
        await opened.shutdown()
    }
}
