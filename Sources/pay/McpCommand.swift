// `pay mcp`: an MCP server on standard input and output for an assistant (PayMCP), on the
// gateway the options name: the embedded sandbox by default. Tools that move money exist only
// with --allow-outgoing and a --max-outgoing cap, which then holds for the whole session.
import ArgumentParser
import Foundation
import PayGateway
import PayMCP
import PayScript

struct McpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve an AI assistant: a Model Context Protocol server on standard input and output.",
        discussion: """
            Read tools (integrations, assets, rates, orders, transactions, the sandbox's balances), \
            check_script and run_script, and grammar.md and the examples as resources. refund, withdraw \
            and send are offered only with --allow-outgoing and at least one --max-outgoing cap, which \
            holds across the session; each such call is listed on standard error. Register it with a \
            client that reads an mcpServers JSON: {"command": "pay", "args": ["mcp"]}.
            """)

    @OptionGroup var gateway: WalkOptions

    func validate() throws {
        let settings = gateway.settings
        if settings.allowOutgoing, settings.maxOutgoing.isEmpty {
            throw ValidationError("--allow-outgoing needs a --max-outgoing cap for pay mcp: an assistant's session moves money only under one")
        }
    }

    func run() async throws {
        let settings = gateway.settings
        Console.redact(settings.apiKey)
        let files = try ExchangeFiles.openOrExit(settings, prefix: "pay mcp: ")
        let (session, opened) = await settings.makeSession(files)
        let tools = PayTools(session: session, movesMoney: settings.allowOutgoing && !settings.maxOutgoing.isEmpty,
                             redact: { Console.redacted($0) }, log: { Console.err($0) })
        do {
            try await PayMCPServer.serve(tools, version: Pay.configuration.version)
        } catch {
            Console.err("pay mcp: \(error)")
            await opened.shutdown()
            throw ExitStatus.runtimeError.exitCode
        }
        await opened.shutdown()
    }
}
