// Hosts the sandbox's router over HTTP on Hummingbird: the payer's pages, the dashboard and
// /metrics go to their Hummingbird router (Pages.swift); every other path goes to the sandbox,
// which answers 404/405 problems itself for what it does not serve.
//
// Hygiene, so a held or hostile connection costs little: the key is checked before the body is
// read; a body over 1 MiB is a 413 problem that closes the connection (a refusal that leaves a
// body unread closes it 0.5 s after its answer, however much body was promised); a body that
// takes longer than `bodyTimeout` to arrive has its connection closed with no answer, since the
// HTTP server writes nothing before it has read the body (the 408 that `collect` returns then
// goes nowhere); a connection with no request in progress (one that opened
// and sent nothing, or only part of its header) is closed after `idleTimeout`; a header section
// over 80 KiB is refused by the HTTP decoder.
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PayClient
import PaySandbox
import Synchronization

public enum SandboxServer {
    static let bodyLimit = 1 << 20
    /// How long a body may take to arrive, and a connection may sit with no request in progress.
    public struct Timeouts: Sendable {
        public var body: Duration = .seconds(10)
        public var idle: Duration = .seconds(30)
        public init(body: Duration = .seconds(10), idle: Duration = .seconds(30)) {
            self.body = body
            self.idle = idle
        }
    }

    /// A request's context, with its connection: a body too slow to arrive closes it.
    public struct Context: RequestContext {
        public var coreContext: CoreRequestContextStorage
        let channel: any Channel

        public init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            channel = source.channel
        }
    }

    static func responder(for sandbox: Sandbox, timeouts: Timeouts, faults: FaultInjector?,
                          pages: Pages, metrics: SandboxMetrics) -> CallbackResponder<Context> {
        let pagesResponder = pages.responder()
        return CallbackResponder { request, context in
            if Pages.serves(request.uri.path) { return await pagesResponder(request, context) }
            let started = ContinuousClock.now
            let response = await api(request, context, sandbox, timeouts, faults, metrics)
            metrics.record(route: Sandbox.routeLabel(method: request.method.rawValue, path: request.uri.path),
                           method: request.method.rawValue, status: response.status.code, since: started)
            return response
        }
    }

    /// One request to the gateway's API.
    static func api(_ request: Request, _ context: Context, _ sandbox: Sandbox, _ timeouts: Timeouts, _ faults: FaultInjector?,
                    _ metrics: SandboxMetrics) async -> Response {
        let method: HTTPMethod
        switch request.method {
        case .get: method = .get
        case .post: method = .post
        case .delete: method = .delete
        default:
            return response(Sandbox.unsupportedMethod(request.method.rawValue, path: request.uri.path))
        }
        if let refused = await sandbox.refusal(forKey: request.headers[.init("X-API-Key")!]) {
            return closing(response(refused), unreadBodyOn: context.channel)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
            return closing(response(tooLarge.response), unreadBodyOn: context.channel)
        }
        let body: ByteBuffer
        let channel = context.channel
        switch await collect(request.body, within: timeouts.body, close: { channel.close(promise: nil) }) {
        case let .success(bytes): body = bytes
        case let .failure(refusal):
            return closing(response(refusal.response), unreadBodyOn: channel)
        }
        let apiRequest = APIRequest(
            method: method, path: request.uri.path,
            query: parseQuery(request.uri.query ?? ""),
            headers: request.headers.map { ($0.name.rawName, $0.value) },
            body: Array(buffer: body))
        guard let fault = faults?.fault(for: apiRequest.path) else { return response(await sandbox.handle(apiRequest)) }
        metrics.faultInjected(fault.kind.rawValue)
        return await injected(fault, apiRequest, sandbox, context.channel)
    }

    /// One request under an injected fault (see PaySandbox/Faults.swift). A dropped connection is
    /// closed with no answer; the response returned then is never written.
    static func injected(_ fault: FaultSpec.Entry, _ request: APIRequest, _ sandbox: Sandbox, _ channel: any Channel) async -> Response {
        switch fault.kind {
        case .serverError:
            return closing(response(FaultInjector.altered(APIResponse(status: 503, headers: [], body: []), by: fault)!))
        case .dropBefore:
            channel.close(promise: nil)
            return response(APIResponse(status: 503, headers: [], body: []))
        case .dropAfter:
            _ = await sandbox.handle(request)
            channel.close(promise: nil)
            return response(APIResponse(status: 503, headers: [], body: []))
        case .latency:
            try? await Task.sleep(for: fault.delay)
            return response(await sandbox.handle(request))
        case .slow:
            let answer = await sandbox.handle(request)
            try? await Task.sleep(for: fault.delay)
            return response(answer)
        case .truncate, .malformed:
            return closing(response(FaultInjector.altered(await sandbox.handle(request), by: fault)!))
        }
    }

    /// The body, or the problem answer for one too large or too slow to arrive. A body too slow
    /// to arrive has its connection closed (`close`), which ends the read; the responder returns
    /// only once the read has ended, since the HTTP server reads on from the same stream after.
    static func collect(_ body: RequestBody, within bodyTimeout: Duration,
                        close: @escaping @Sendable () -> Void) async -> Result<ByteBuffer, APIResponseError> {
        let timedOut = Mutex(false)
        let timer = Task {
            try await Task.sleep(for: bodyTimeout)
            timedOut.withLock { $0 = true }
            close()
        }
        defer { timer.cancel() }
        do {
            return .success(try await body.collect(upTo: bodyLimit))
        } catch is NIOTooManyBytesError {
            return .failure(tooLarge)
        } catch {
            if timedOut.withLock({ $0 }) {
                return .failure(APIResponseError(status: 408, title: "Request timeout", detail: "the body did not arrive within \(bodyTimeout)"))
            }
            return .failure(APIResponseError(status: 400, title: "Malformed request", detail: "the body could not be read"))
        }
    }

    static let tooLarge = APIResponseError(status: 413, title: "Content too large",
                                           detail: "a request body may hold at most \(bodyLimit) bytes")

    /// A problem answer the server makes itself, before the sandbox sees the request.
    struct APIResponseError: Error {
        var status: Int
        var title: String
        var detail: String

        var response: APIResponse {
            let problem = Problem(type: "urn:pay:problem:http", title: title, status: status, detail: detail)
            return APIResponse(status: status, headers: [("Content-Type", "application/problem+json")], body: JSONCoding.encode(problem))
        }
    }

    /// After a refusal the rest of the request may still be arriving: close, rather than read it.
    static func closing(_ response: Response) -> Response {
        var response = response
        response.headers[.connection] = "close"
        return response
    }

    /// A refusal that leaves the rest of the body unread: the HTTP server would wait for that body
    /// (it drains a request before the next, whatever the answer says), so a client that promised
    /// 10 MB and sends nothing would hold the connection for good. It is closed once the answer
    /// has had `closeGrace` to go out.
    static func closing(_ response: Response, unreadBodyOn channel: any Channel) -> Response {
        channel.eventLoop.scheduleTask(in: closeGrace) { channel.close(promise: nil) }
        return closing(response)
    }

    static let closeGrace = TimeAmount.milliseconds(500)

    /// The pages' address when none is given: the one listened on, where a browser on this
    /// machine reaches it (a wildcard address is no place to browse to).
    public static func publicURL(host: String, port: Int) -> String {
        switch host {
        case "0.0.0.0", "": return "http://127.0.0.1:\(port)"
        case "::": return "http://[::1]:\(port)"
        default: return host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
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
    /// `publicURL` is where payers reach the pages (nil: the address it listens on).
    public static func serve(sandbox: Sandbox, host: String, port: Int, publicURL: String? = nil, timeouts: Timeouts = Timeouts(),
                             faults: FaultInjector? = nil, onReady: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "pay.sandbox")
        logger.logLevel = .warning
        let metrics = SandboxMetrics(sandbox: sandbox)
        let pages = Pages(sandbox: sandbox, metrics: metrics)
        await sandbox.keepRecentRequests(Pages.recentRequests)
        let app = Application(
            responder: responder(for: sandbox, timeouts: timeouts, faults: faults, pages: pages, metrics: metrics),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(timeouts.idle.components.seconds) * 1_000_000_000
                                                                           + timeouts.idle.components.attoseconds / 1_000_000_000))),
            configuration: .init(address: .hostname(host, port: port), serverName: "pay-sandbox"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                await sandbox.serveCheckout(at: publicURL ?? SandboxServer.publicURL(host: host, port: bound))
                onReady(bound)
            },
            logger: logger)
        try await app.runService()
    }
}
