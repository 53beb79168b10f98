// `pay mcp`: a Model Context Protocol server on standard input and output, on the MCP Swift SDK
// (modelcontextprotocol/swift-sdk). The SDK speaks the protocol (initialize, tools/list,
// tools/call, resources/list, resources/read, ping, cancellation); PayTools answers the tools,
// and the resources are grammar.md and the examples, compiled in (EmbeddedDocuments.swift), so
// an assistant can write scripts that check. Standard output carries the protocol alone: logs,
// traces and the list of calls that moved money go to standard error.
import Foundation
import MCP

public enum PayMCPServer {
    static let instructions = """
        pay drives a crypto payment gateway's REST API. Read tools return the gateway's own records \
        as JSON (amounts are decimal strings, exactly as the gateway gives them). check_script and \
        run_script take .pay scripts: read pay://grammar.md and the pay://examples/ resources \
        before writing one. Tools that move money (refund, withdraw, send) exist only when the \
        server was started with --allow-outgoing and a --max-outgoing cap, which holds across the session.
        """

    /// The resources: the grammar, then each example, by URI.
    static let resources: [(resource: Resource, text: String)] = {
        var all = [(Resource(name: "grammar.md", uri: "pay://grammar.md", title: "The .pay language",
                             description: "Every value, money rule, command and built-in of .pay scripts", mimeType: "text/markdown"),
                    EmbeddedDocuments.grammar)]
        for (path, text) in EmbeddedDocuments.examples {
            all.append((Resource(name: path, uri: "pay://examples/\(path)", description: text.split(separator: "\n").first.map(String.init),
                                 mimeType: "text/plain"), text))
        }
        return all
    }()

    /// Serves until standard input ends.
    public static func serve(_ tools: PayTools, version: String) async throws {
        let server = Server(name: "pay", version: version, title: "pay: a payment gateway's API and its scripts",
                            instructions: instructions,
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: await tools.tools)
        }
        await server.withMethodHandler(CallTool.self) { params in
            await tools.call(params.name, params.arguments)
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: resources.map(\.resource))
        }
        await server.withMethodHandler(ReadResource.self) { params in
            guard let found = resources.first(where: { $0.resource.uri == params.uri }) else {
                throw MCPError.invalidParams("no resource \(params.uri); resources/list names them")
            }
            return ReadResource.Result(contents: [.text(found.text, uri: params.uri, mimeType: found.resource.mimeType)])
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
        await server.stop()
    }
}
