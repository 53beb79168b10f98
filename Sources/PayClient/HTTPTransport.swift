// The transport to a gateway over HTTP(S), on one shared AsyncHTTPClient with connection reuse.
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

public final class HTTPTransport: Transport {
    public let baseURL: String
    private let client: HTTPClient
    /// One event-loop thread of its own: each request's deadline timer is then armed and
    /// cancelled on the loop that carries its connection, not woken on a second one (the shared
    /// group has a loop per core, and `any()` alternates between them).
    private let group: MultiThreadedEventLoopGroup
    private let requestTimeout: TimeAmount
    private let logger = Logger(label: "pay.client")
    /// The gateway's host, for messages about its certificate.
    private let host: String
    private let proxy: ProxyURL?
    /// The run says once, not at every request, that a redirect cost the key.
    private let warnedOfDroppedKey = Atomic<Bool>(false)

    /// - Parameters:
    ///   - baseURL: the gateway's root, e.g. `http://127.0.0.1:8080`; request paths are appended.
    ///   - connectTimeout: how long to wait for a connection before the request counts as not sent.
    ///   - requestTimeout: the whole request's deadline, response body included.
    ///   - network: extra CAs, verification for loopback, a proxy (already checked: see
    ///     `NetworkSettings.problem(for:)`).
    ///   - connections: the most connections open to the gateway at once (`pay test --jobs N`);
    ///     more requests than that wait for one. Nil: as many as requests in flight, up to 8.
    public init(baseURL: String, connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30),
                network: NetworkSettings = NetworkSettings(), connections: Int? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        host = URLComponents(string: baseURL)?.host ?? baseURL
        proxy = network.proxy
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: .nanoseconds(requestTimeout.nanoseconds)))
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = network.caFiles.map { .file($0) }
        if network.insecure { tls.certificateVerification = .none }
        configuration.tlsConfiguration = tls
        if let proxy = network.proxy {
            let login = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: login)
        }
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        if let connections { configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connections) }
        // Retrying is RetryPolicy's decision alone; the pool's own reconnect loop would hold a
        // refused connection until the connect timeout, on every attempt.
        configuration.connectionPool.retryConnectionEstablishment = false
        // No tracer: by default every request builds a span and its attributes for the global
        // tracer, a no-op unless one is bootstrapped; that was 3.5% of a client's CPU.
        configuration.tracing.tracer = nil
        // Redirects are followed here, in `send`, not by AsyncHTTPClient, which would carry every
        // header, the API key included, to whatever host a `Location` names.
        configuration.redirectConfiguration = .disallow
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        client = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
        self.requestTimeout = .nanoseconds(requestTimeout.nanoseconds)
    }

    /// Closes pooled connections and stops the event-loop thread; call once when done.
    public func shutdown() async {
        try? await client.shutdown()
        try? await group.shutdownGracefully()
    }

    /// The most redirects one request follows, as curl's and browsers' limits do.
    public static let maxRedirects = 5

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        let started = ContinuousClock.now
        var hop = RedirectHop(url: baseURL + request.target, method: request.method, body: request.body, headers: request.headers)
        var redirects = 0
        while true {
            var timeout = request.timeout.map { min(TimeAmount.nanoseconds($0.nanoseconds), requestTimeout) } ?? requestTimeout
            // A redirect's hops share the request's one deadline.
            timeout = timeout - .nanoseconds((ContinuousClock.now - started).nanoseconds)
            guard timeout > .zero else {
                throw NetworkFailure(kind: .timedOut, message: "no response before the deadline", mayHaveReachedServer: true)
            }
            let response = try await execute(hop, timeout: timeout)
            guard let location = response.header("Location"), RedirectHop.followed.contains(response.status) else {
                return response
            }
            guard redirects < HTTPTransport.maxRedirects else {
                throw NetworkFailure(kind: .other, message: "more than \(HTTPTransport.maxRedirects) redirects (the last to \(location))",
                                     mayHaveReachedServer: request.method != .get)
            }
            guard let next = hop.following(status: response.status, location: location) else { return response }
            if next.droppedKey, !warnedOfDroppedKey.exchange(true, ordering: .relaxed) {
                logger.warning("a redirect leads to another host (\(next.origin)); the API key is not sent there")
            }
            redirects += 1
            hop = next
        }
    }

    private func execute(_ hop: RedirectHop, timeout: TimeAmount) async throws(NetworkFailure) -> APIResponse {
        var outgoing = HTTPClientRequest(url: hop.url)
        switch hop.method {
        case .get: outgoing.method = .GET
        case .post: outgoing.method = .POST
        case .delete: outgoing.method = .DELETE
        }
        for header in hop.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if hop.method == .post { outgoing.body = .bytes(ByteBuffer(bytes: hop.body)) }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
            return APIResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch {
            throw HTTPTransport.classify(error, host: host, proxy: proxy)
        }
    }

    /// Maps the HTTP stack's errors onto what a caller needs to decide: was it sent, may it be retried.
    static func classify(_ error: any Error, host: String = "the gateway", proxy: ProxyURL? = nil) -> NetworkFailure {
        let via = proxy.map { "the proxy at \($0)" } ?? "the proxy"
        // Through a proxy every connection is to the proxy: a refusal is its, not the gateway's.
        let refused = proxy.map { "the proxy at \($0) refused the connection (is it running?)" } ?? "connection refused"
        if let error = error as? NIOSSLError {
            // A certificate that does not verify is never accepted: the request never left.
            return NetworkFailure(kind: .refused, message: "TLS with \(host) failed: \(HTTPTransport.tlsReason(error))",
                                  mayHaveReachedServer: false)
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return NetworkFailure(kind: .refused, message: "TLS with \(host) failed: its certificate is not for \(host)",
                                  mayHaveReachedServer: false)
        }
        if error is BoringSSLError {
            return NetworkFailure(kind: .refused, message: "TLS with \(host) failed: the handshake failed", mayHaveReachedServer: false)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .proxyAuthenticationRequired:
                return NetworkFailure(kind: .refused, message: "\(via) answered 407: it wants a login (user:password@ in the proxy URL)",
                                      mayHaveReachedServer: false)
            case .invalidProxyResponse:
                return NetworkFailure(kind: .refused, message: "\(via) refused to connect to \(host) (its answer to CONNECT was not 200)",
                                      mayHaveReachedServer: false)
            case .httpProxyHandshakeTimeout:
                return NetworkFailure(kind: .connectFailed, message: "\(via) did not answer CONNECT in time", mayHaveReachedServer: false)
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return NetworkFailure(kind: .connectFailed, message: "could not connect in time", mayHaveReachedServer: false)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return NetworkFailure(kind: .timedOut, message: "no response before the deadline", mayHaveReachedServer: true)
            case .remoteConnectionClosed:
                return NetworkFailure(kind: .connectionReset, message: "the connection was closed before the response", mayHaveReachedServer: true)
            case .invalidURL, .emptyHost, .emptyScheme:
                return NetworkFailure(kind: .connectFailed, message: "invalid gateway URL", mayHaveReachedServer: false)
            default:
                return NetworkFailure(kind: .other, message: "\(error)", mayHaveReachedServer: true)
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH:
                return NetworkFailure(kind: .connectFailed, message: refused, mayHaveReachedServer: false)
            case ECONNRESET, EPIPE:
                return NetworkFailure(kind: .connectionReset, message: "the connection was reset", mayHaveReachedServer: true)
            default:
                return NetworkFailure(kind: .other, message: "\(error)", mayHaveReachedServer: true)
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return NetworkFailure(kind: .connectFailed, message: "could not connect in time", mayHaveReachedServer: false)
        }
        // NIOPosix's NIOConnectionError (every address refused) is not visible from here by type.
        if String(reflecting: type(of: error)).contains("NIOConnectionError") {
            return NetworkFailure(kind: .connectFailed, message: refused, mayHaveReachedServer: false)
        }
        return NetworkFailure(kind: .other, message: "\(error)", mayHaveReachedServer: true)
    }
}

extension HTTPTransport {
    /// Why a TLS handshake failed, in a person's words where BoringSSL's are known.
    static func tlsReason(_ error: NIOSSLError) -> String {
        switch error {
        case let .handshakeFailed(underlying):
            let text = "\(underlying)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "its certificate did not verify (not signed by a trusted CA: add the CA with --cacert or SSL_CERT_FILE)"
            }
            return "the handshake failed"
        case .unableToValidateCertificate:
            return "its certificate could not be validated"
        default:
            return "\(error)"
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
