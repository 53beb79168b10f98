// A real HTTP server on loopback (127.0.0.1, or another 127.x address) and a free port, scripted per test, stopped when the test ends.
@_exported import Hummingbird
import Logging
import NIOCore

public actor RequestLog {
    public private(set) var requests: [(method: String, path: String, headers: [String: String], body: String)] = []

    func record(_ request: Request, body: String) {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.rawName.lowercased()] = field.value }
        requests.append((request.method.rawValue, request.uri.path, headers, body))
    }

    public var count: Int { requests.count }
}

public final class LoopbackServer: Sendable {
    public let host: String
    public let port: Int
    public let log: RequestLog
    private let task: Task<Void, any Error>

    private init(host: String, port: Int, log: RequestLog, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.log = log
        self.task = task
    }

    public var baseURL: String { "http://\(host):\(port)" }

    /// `respond` gets the request number (1-based) and the request, and answers.
    public static func start(
        host: String = "127.0.0.1",
        _ respond: @escaping @Sendable (_ number: Int, _ request: Request) async throws -> Response
    ) async throws -> LoopbackServer {
        try await start(host: host, reading: { number, request, _ in try await respond(number, request) })
    }

    /// As `start(_:)`, and `respond` also gets the request's body, already read.
    public static func start(
        host: String = "127.0.0.1",
        reading respond: @escaping @Sendable (_ number: Int, _ request: Request, _ body: String) async throws -> Response
    ) async throws -> LoopbackServer {
        let log = RequestLog()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            await log.record(request, body: body)
            return try await respond(await log.count, request, body)
        }
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return LoopbackServer(host: host, port: port, log: log, task: task)
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    public static func json(_ status: Int, _ body: String, contentType: String = "application/json") -> Response {
        Response(status: .init(code: status), headers: [.contentType: contentType],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
