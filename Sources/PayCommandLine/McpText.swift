// What `pay mcp` and `pay-mcp` both say: its help, and the check of its options.
import PayGateway

public enum PayVersion {
    public static let text = "0.1.0"
}

public enum McpText {
    public static let abstract = "Serve an AI assistant: a Model Context Protocol server on standard input and output."
    public static let discussion = """
        Read tools (integrations, assets, rates, orders, transactions, the sandbox's balances), \
        check_script and run_script, and grammar.md and the examples as resources. refund, withdraw \
        and send are offered only with --allow-outgoing and at least one --max-outgoing cap, which \
        holds across the session; each such call is listed on standard error. Register it with a \
        client that reads an mcpServers JSON: {"command": "pay", "args": ["mcp"]}.
        """

    /// Why these settings cannot serve, if they cannot.
    public static func problem(_ settings: GatewaySettings) -> String? {
        if settings.allowOutgoing, settings.maxOutgoing.isEmpty {
            return "--allow-outgoing needs a --max-outgoing cap for pay mcp: an assistant's session moves money only under one"
        }
        return nil
    }
}
