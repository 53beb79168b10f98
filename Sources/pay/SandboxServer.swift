// Hosts the sandbox's router over HTTP on Hummingbird: every path goes to the sandbox, which
// answers 404/405 problems itself for what it does not serve.
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PayClient
import PaySandbox

enum SandboxServer {
    static func responder(for sandbox: Sandbox) -> CallbackResponder<BasicRequestContext> {
        CallbackResponder { request, _ in
            let method: HTTPMethod
            switch request.method {
            case .get: method = .get
            case .post: method = .post
            case .delete: method = .delete
            default:
                return response(Sandbox.unsupportedMethod(request.method.rawValue, path: request.uri.path))
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let apiRequest = APIRequest(
                method: method, path: request.uri.path,
                query: parseQuery(request.uri.query ?? ""),
                headers: request.headers.map { ($0.name.rawName, $0.value) },
                body: Array(buffer: body))
            return response(await sandbox.handle(apiRequest))
        }
    }

    static func parseQuery(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PathEncoding.decode(String(parts[0])) else { return nil }
            let value = parts.count > 1 ? PathEncoding.decode(String(parts[1])) ?? "" : ""
            return (name, value)
        }
    }

    static func response(_ answer: APIResponse) -> Response {
        var fields = HTTPFields()
        for header in answer.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// Serves until SIGINT or SIGTERM; `onReady` gets the bound port (useful with port 0).
    static func serve(sandbox: Sandbox, host: String, port: Int, onReady: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "pay.sandbox")
        logger.logLevel = .warning
        let app = Application(
            responder: responder(for: sandbox),
            configuration: .init(address: .hostname(host, port: port), serverName: "pay-sandbox"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService()
    }
}
