// The typed client: one async method per gateway operation, plus the sandbox's extensions.
import Logging

public enum PayVersion {
    public static let current = "0.1.0"
}

public struct PaymentClient: Sendable {
    public let transport: any Transport
    public var apiKey: String?
    public var retry: RetryPolicy
    /// Retries shared with other calls (the start of a run's reads); nil: this call's own.
    public var retryPool: RetryPool?
    public var logger: Logger
    /// How the client waits between retries; tests may shorten it.
    public var sleep: @Sendable (Duration) async -> Void
    /// Where waits for rate limits (429) are counted, if anywhere.
    public var rateLimits: RateLimitLedger?
    /// Where a traced run's notes go, between its exchanges (how many polls a `wait` made); nil
    /// when nothing is traced.
    public var traceNote: (@Sendable (String) -> Void)?

    public static let userAgent = "pay/\(PayVersion.current)"

    public init(transport: any Transport, apiKey: String?, retry: RetryPolicy = RetryPolicy(),
                logger: Logger = Logger(label: "pay.client"),
                sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.transport = transport
        self.apiKey = apiKey
        self.retry = retry
        self.logger = logger
        self.sleep = sleep
    }

    // MARK: Gateway operations

    // The typed calls: each is its document's call (below) without the document, so every path
    // is written once.

    public func integrations(page: Int = 1, perPage: Int = 20) async throws(PaymentError) -> Page<Integration> {
        try await integrationsDocument(page: page, perPage: perPage).value
    }

    public func cryptoAssets() async throws(PaymentError) -> [Asset] {
        try await cryptoAssetsDocument().value.assets
    }

    public func exchangeRates(amount: FixedDecimal, currency: String) async throws(PaymentError) -> [Rate] {
        try await exchangeRatesDocument(amount: amount, currency: currency).value.rates
    }

    public func createIncomingOrder(_ request: IncomingOrderRequest) async throws(PaymentError) -> IncomingOrderCreated {
        try await createIncomingOrderDocument(request).value
    }

    public func order(id: String) async throws(PaymentError) -> Order {
        try await orderDocument(id: id).value
    }

    public func transaction(id: String) async throws(PaymentError) -> Transaction {
        try await transactionDocument(id: id).value
    }

    public func refund(_ request: RefundRequest) async throws(PaymentError) -> OutgoingOrderCreated {
        try await refundDocument(request).value
    }

    public func withdraw(_ request: WithdrawalRequest) async throws(PaymentError) -> OutgoingOrderCreated {
        try await withdrawDocument(request).value
    }

    public func send(_ request: SendRequest) async throws(PaymentError) -> OutgoingOrderCreated {
        try await sendDocument(request).value
    }

    // MARK: Documents

    // The reads a script sees as records: the decoded model, which checks the answer's shape and
    // types, with the document it came from, which keeps the gateway's field order and any
    // field the model does not declare.

    public func orderDocument(id: String) async throws(PaymentError) -> Documented<Order> {
        try await documented(.get, "/orders/\(PathEncoding.encode(id))")
    }

    public func transactionDocument(id: String) async throws(PaymentError) -> Documented<Transaction> {
        try await documented(.get, "/transactions/\(PathEncoding.encode(id))")
    }

    public func cryptoAssetsDocument() async throws(PaymentError) -> Documented<AssetList> {
        try await documented(.get, "/crypto-assets")
    }

    public func integrationsDocument(page: Int = 1, perPage: Int = 20) async throws(PaymentError) -> Documented<Page<Integration>> {
        try await documented(.get, "/integrations", query: [("page", "\(page)"), ("perPage", "\(perPage)")])
    }

    /// The most pages `allIntegrationsDocument` reads: 50 pages of 100 integrations.
    public static let maxIntegrationPages = 50

    /// Every integration, one request a page, following the answers' `pagination` (`currentPage`
    /// of `pages`) up to `maxIntegrationPages`; past that the rest is left unread, and said so in
    /// the log. The document is the first page's with every page's `data` in it, in order.
    public func allIntegrationsDocument(perPage: Int = 100) async throws(PaymentError) -> Documented<Page<Integration>> {
        var first = try await integrationsDocument(page: 1, perPage: perPage)
        var items = first.value.data
        var documents: [JSONValue] = []
        if case let .array(list)? = first.document["data"] { documents = list }
        var page = first.value.pagination
        while page.currentPage < page.pages {
            guard page.currentPage < PaymentClient.maxIntegrationPages else {
                logger.warning("the gateway has \(page.pages) pages of integrations; pay reads the first \(PaymentClient.maxIntegrationPages)")
                break
            }
            let next = try await integrationsDocument(page: page.currentPage + 1, perPage: perPage)
            // A gateway that answers the same page again, or an empty one, has nothing more to give.
            guard next.value.pagination.currentPage > page.currentPage, !next.value.data.isEmpty else { break }
            items += next.value.data
            if case let .array(list)? = next.document["data"] { documents += list }
            page = next.value.pagination
        }
        first.value.data = items
        first.value.pagination.quantity = items.count
        if case var .object(fields) = first.document, let index = fields.firstIndex(where: { $0.name == "data" }) {
            fields[index].value = .array(documents)
            first.document = .object(fields)
        }
        return first
    }

    public func exchangeRatesDocument(amount: FixedDecimal, currency: String) async throws(PaymentError) -> Documented<RateList> {
        try await documented(.get, "/exchange-rates", query: [("amount", amount.description), ("currency", currency)])
    }

    // What creates an order, with its answer's headers (a sandbox's `Pay-Sandbox-Order-Status`).

    public func createIncomingOrderDocument(_ request: IncomingOrderRequest) async throws(PaymentError) -> Documented<IncomingOrderCreated> {
        try await documented(.post, "/orders/incoming", body: request)
    }

    public func refundDocument(_ request: RefundRequest) async throws(PaymentError) -> Documented<OutgoingOrderCreated> {
        try await documented(.post, "/orders/outgoing/refund", body: request)
    }

    public func withdrawDocument(_ request: WithdrawalRequest) async throws(PaymentError) -> Documented<OutgoingOrderCreated> {
        try await documented(.post, "/orders/outgoing/withdrawal", body: request)
    }

    public func sendDocument(_ request: SendRequest) async throws(PaymentError) -> Documented<OutgoingOrderCreated> {
        try await documented(.post, "/orders/outgoing/send", body: request)
    }

    public func sandboxPayDocument(orderId: String, _ request: PayerPaymentRequest) async throws(PaymentError) -> Documented<Transaction> {
        try await documented(.post, "/sandbox/orders/\(PathEncoding.encode(orderId))/payments", body: request)
    }

    // MARK: Sandbox extensions

    /// The simulated payer sends money to an incoming order's address.
    public func sandboxPay(orderId: String, _ request: PayerPaymentRequest) async throws(PaymentError) -> Transaction {
        try await sandboxPayDocument(orderId: orderId, request).value
    }

    public func sandboxClock() async throws(PaymentError) -> ClockState {
        try await call(.get, "/sandbox/clock")
    }

    public func sandboxAdvanceClock(seconds: Int) async throws(PaymentError) -> ClockState {
        try await sandboxAdvanceClock(ClockAdvanceRequest(seconds: seconds))
    }

    public func sandboxAdvanceClock(milliseconds: Int64) async throws(PaymentError) -> ClockState {
        try await sandboxAdvanceClock(ClockAdvanceRequest(milliseconds: milliseconds))
    }

    public func sandboxAdvanceClock(_ request: ClockAdvanceRequest) async throws(PaymentError) -> ClockState {
        try await call(.post, "/sandbox/clock/advance", body: request)
    }

    public func sandboxBalances() async throws(PaymentError) -> SandboxBalances {
        try await sandboxBalancesDocument().value
    }

    public func sandboxBalancesDocument() async throws(PaymentError) -> Documented<SandboxBalances> {
        try await documented(.get, "/sandbox/balances")
    }

    public func sandboxReset(seed: UInt64? = nil) async throws(PaymentError) -> ClockState {
        try await call(.post, "/sandbox/reset", body: SandboxResetRequest(seed: seed))
    }

    /// What the gateway says of itself as a sandbox; nil when it is not one (it has no
    /// `/sandbox`, or answers something else there). Retried as every GET is (a 503 or a reset
    /// says nothing either way); a gateway still unreachable after that throws.
    public func sandboxInfo() async throws(PaymentError) -> SandboxInfo? {
        do throws(PaymentError) {
            let info: SandboxInfo = try await call(.get, "/sandbox")
            return info.sandbox ? info : nil
        } catch let .api(_, _, problem) where problem.status == 404 || problem.status == 405 {
            return nil
        } catch .decoding {
            return nil
        }
    }

    public func sandboxCreateWorld(seed: UInt64? = nil) async throws(PaymentError) -> WorldCreated {
        try await call(.post, "/sandbox/worlds", body: WorldRequest(seed: seed))
    }

    public func sandboxDeleteWorld(_ id: String) async throws(PaymentError) {
        let _: WorldDeleted = try await call(.delete, "/sandbox/worlds/\(PathEncoding.encode(id))")
    }

    // MARK: Plumbing

    private struct NoBody: Encodable {}

    func call<Response: Decodable>(_ method: HTTPMethod, _ path: String,
                                   query: [(String, String)] = []) async throws(PaymentError) -> Response {
        try await call(method, path, query: query, body: Optional<NoBody>.none)
    }

    func call<Response: Decodable, Body: Encodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Body?
    ) async throws(PaymentError) -> Response {
        try await exchange(method, path, query: query, body: body).value
    }

    func documented<Response: Decodable & Sendable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = []
    ) async throws(PaymentError) -> Documented<Response> {
        try await documented(method, path, query: query, body: Optional<NoBody>.none)
    }

    func documented<Response: Decodable & Sendable, Body: Encodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Body?
    ) async throws(PaymentError) -> Documented<Response> {
        let (value, document, headers): (Response, JSONValue, [(name: String, value: String)]) = try await exchange(method, path, query: query, body: body)
        return Documented(value: value, document: document, headers: headers)
    }

    /// Sends one request and decodes a 2xx answer; returns the model with the document it came from.
    private func exchange<Response: Decodable, Body: Encodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: Body?
    ) async throws(PaymentError) -> (value: Response, document: JSONValue, headers: [(name: String, value: String)]) {
        var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", Self.userAgent)]
        if let apiKey { headers.append(("X-API-Key", apiKey)) }
        var bytes: [UInt8] = []
        if let body {
            headers.append(("Content-Type", "application/json"))
            bytes = JSONCoding.encode(body)
        }
        let request = APIRequest(method: method, path: path, query: query.map { ($0.0, $0.1) },
                                 headers: headers, body: bytes)
        // A GET whose 2xx answer is not the JSON promised (cut short, or a proxy's error page) is
        // asked again, as a dropped connection would be, within the same attempts and budget. A
        // POST's answer is never asked again: the request was applied.
        let deadline = ContinuousClock.now + retry.budget
        var attempts = 0
        while true {
            let response = try await perform(request, until: deadline)
            attempts += 1
            guard (200...299).contains(response.status) else {
                throw .api(method: method.rawValue, path: path, problem: problem(from: response))
            }
            do {
                let (value, document) = try JSONCoding.decodeDocument(Response.self, from: response.body)
                return (value, document, response.headers.map { (name: $0.name, value: $0.value) })
            } catch {
                let wait = retry.delay(afterFailures: attempts)
                if method == .get, attempts < retry.maxAttempts, ContinuousClock.now + wait < deadline, retryPool?.take() ?? true {
                    logger.info("\(method.rawValue) \(path) answered \(response.status) with a body that does not decode; retrying")
                    await sleep(wait)
                    continue
                }
                throw .decoding(method: method.rawValue, path: path, jsonPath: error.jsonPath, found: error.found,
                                reason: error.reason)
            }
        }
    }

    /// Sends, retrying what the policy allows; returns the last response, or throws the last failure.
    func perform(_ request: APIRequest, until end: ContinuousClock.Instant? = nil) async throws(PaymentError) -> APIResponse {
        var failures = 0
        var rateLimitedPosts = 0
        let deadline = end ?? ContinuousClock.now + retry.budget
        var request = request
        while true {
            let started = ContinuousClock.now
            // Each attempt gets what is left of the call's budget.
            request.timeout = deadline - started
            do throws(NetworkFailure) {
                guard request.timeout! > .zero else {
                    throw NetworkFailure(kind: .timedOut, message: "no answer within the \(retry.budget) budget (--api-timeout)",
                                         mayHaveReachedServer: failures > 0 || request.method != .get)
                }
                let response = try await transport.send(request)
                logger.info("\(request.method.rawValue) \(request.path) -> \(response.status) in \(ContinuousClock.now - started)")
                failures += 1
                if response.status == 429 {
                    // Not applied, so it may be asked again, a POST once: after what the gateway names.
                    let wait: Duration
                    let reason: String
                    switch response.header("Retry-After").map({ RetryAfter.read($0) }) {
                    case let .wait(named)?:
                        (wait, reason) = (named, "Retry-After")
                    case .unreadable?:
                        return response  // refused, and said so (see `problem(from:)`)
                    case nil:
                        (wait, reason) = (retry.delay(afterFailures: failures), "no Retry-After; backing off")
                    }
                    rateLimitedPosts += request.method == .get ? 0 : 1
                    let allowed = request.method == .get ? failures < retry.maxAttempts : rateLimitedPosts <= 1
                    if allowed, ContinuousClock.now + wait < deadline {
                        rateLimits?.record(wait, request, because: reason)
                        logger.info("\(request.method.rawValue) \(request.path) answered 429; asking again in \(wait)")
                        await sleep(wait)
                        continue
                    }
                    return response
                }
                let wait = retry.delay(afterFailures: failures)
                if failures < retry.maxAttempts, retry.shouldRetry(request.method, status: response.status),
                   ContinuousClock.now + wait < deadline, retryPool?.take() ?? true {
                    logger.info("\(request.method.rawValue) \(request.path) answered \(response.status); retrying")
                    await sleep(wait)
                    continue
                }
                return response
            } catch var error {
                if error.kind == .timedOut, ContinuousClock.now >= deadline {
                    error.message = "no answer within the \(retry.budget) budget (--api-timeout)"
                }
                logger.info("\(request.method.rawValue) \(request.path) failed: \(error.message)")
                failures += 1
                let wait = retry.delay(afterFailures: failures)
                if failures < retry.maxAttempts, retry.shouldRetry(request.method, failure: error),
                   ContinuousClock.now + wait < deadline, retryPool?.take() ?? true {
                    logger.info("\(request.method.rawValue) \(request.path) failed (\(error.message)); retrying")
                    await sleep(wait)
                    continue
                }
                throw .network(method: request.method.rawValue, path: request.path, failure: error)
            }
        }
    }

    private func problem(from response: APIResponse) -> Problem {
        if response.status == 429, let value = response.header("Retry-After"), case let .unreadable(text) = RetryAfter.read(value) {
            return Problem(title: "Too Many Requests", status: 429,
                           detail: "Retry-After \"\(text)\" is neither a number of seconds nor an HTTP date, so it was not asked again")
        }
        if (300...399).contains(response.status), let location = response.header("Location") {
            return Problem(title: "HTTP \(response.status)", status: response.status,
                           detail: "to \(location), where pay does not resend this request (another host, or not an http(s) URL)")
        }
        if var problem = try? JSONCoding.decode(Problem.self, from: response.body) {
            if problem.status == 0 {
                problem.status = response.status
                if problem.title == "HTTP 0" { problem.title = "HTTP \(response.status)" }
            }
            return problem
        }
        return Problem.fromBody(response.body, status: response.status)
    }
}
