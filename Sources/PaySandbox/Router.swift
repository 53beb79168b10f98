// Maps each request onto the gateway: path and method, key check, body fields, and the JSON answer.
import Foundation
import PayClient

enum Router {
    /// One request on one world's gateway; the key was checked by `Sandbox`, which chose the world.
    static func route(_ request: APIRequest, _ gateway: inout Gateway) -> APIResponse {
        do {
            gateway.settle()
            return try dispatch(request, &gateway)
        } catch {
            return problem(error.problem)
        }
    }

    private static func dispatch(_ request: APIRequest, _ gateway: inout Gateway) throws(Refusal) -> APIResponse {
        let rawSegments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        var segments: [String] = []
        for raw in rawSegments {
            guard let segment = PathEncoding.decode(String(raw)) else { throw .badRequest("the path is not valid") }
            segments.append(segment)
        }
        guard let route = candidates(for: segments).first(where: { $0.method == request.method.rawValue }),
              let answer = route.answer else {
            return notServed(request.method.rawValue, request.path)
        }
        return try answer(request, &gateway, zip(route.pattern, segments).filter { $0.0 == "*" }.map(\.1))
    }

    /// One endpoint: its path (`*` is one segment, handed to the answer in order), its method, and
    /// how a world's gateway answers it. `Sandbox` answers `GET /sandbox` and the worlds itself:
    /// those are listed with no answer here, for the 405s of their paths.
    struct Route: Sendable {
        typealias Answer = @Sendable (APIRequest, inout Gateway, [String]) throws(Refusal) -> APIResponse
        var method: String
        var pattern: [String]
        var answer: Answer?

        init(_ method: String, _ path: String, _ answer: Answer?) {
            self.method = method
            pattern = path.split(separator: "/").map(String.init)
            self.answer = answer
        }
    }

    /// Every endpoint, once: the dispatch and the 405s' `Allow` read it.
    static let routes: [Route] = [
        Route("GET", "integrations") { request, gateway, _ throws(Refusal) in try listIntegrations(request, gateway) },
        Route("GET", "crypto-assets") { _, _, _ in json(AssetList(assets: SandboxCatalog.assets.map(\.asset))) },
        Route("GET", "exchange-rates") { request, _, _ throws(Refusal) in try exchangeRates(request) },
        Route("POST", "orders/incoming") { request, gateway, _ throws(Refusal) in try createIncomingOrder(request, &gateway) },
        Route("POST", "orders/outgoing/refund") { request, gateway, _ throws(Refusal) in try refund(request, &gateway) },
        Route("POST", "orders/outgoing/withdrawal") { request, gateway, _ throws(Refusal) in try withdraw(request, &gateway) },
        Route("POST", "orders/outgoing/send") { request, gateway, _ throws(Refusal) in try send(request, &gateway) },
        Route("GET", "orders/*") { _, gateway, ids throws(Refusal) in json(gateway.view(of: try gateway.order(ids[0]))) },
        Route("GET", "transactions/*") { _, gateway, ids throws(Refusal) in
            guard let tx = gateway.transactions[ids[0]] else { throw .notFound("no transaction with id \(ids[0])") }
            return json(gateway.view(of: tx, standalone: true))
        },
        Route("POST", "sandbox/orders/*/payments") { request, gateway, ids throws(Refusal) in
            try payerPayment(orderId: ids[0], request, &gateway)
        },
        Route("GET", "sandbox/clock") { _, gateway, _ in json(gateway.clockState) },
        Route("POST", "sandbox/clock/advance") { request, gateway, _ throws(Refusal) in
            // Seconds, or milliseconds for a finer step: one of the two.
            var body = try RequestBody(request.body)
            let seconds = body.optionalInteger("seconds")
            let milliseconds = body.optionalInteger("milliseconds")
            if seconds == nil, milliseconds == nil, body.errors.isEmpty { body.complain("seconds", "is required") }
            try body.check()
            switch (seconds, milliseconds) {
            case let (seconds?, nil): try gateway.advance(seconds: seconds)
            case let (nil, milliseconds?): try gateway.advance(milliseconds: milliseconds)
            default: throw .field("milliseconds", "give seconds or milliseconds, not both")
            }
            return json(gateway.clockState)
        },
        Route("GET", "sandbox/balances") { _, gateway, _ in json(SandboxBalances(balances: gateway.balanceList(), ledger: gateway.ledger())) },
        Route("POST", "sandbox/reset") { request, gateway, _ throws(Refusal) in
            var config = gateway.config
            if !request.body.isEmpty {
                var body = try RequestBody(request.body)
                if let seed = body.optionalInteger("seed") {
                    guard seed >= 0 else { throw .field("seed", "must not be negative") }
                    config.seed = UInt64(seed)
                }
                try body.check()
            }
            gateway = Gateway(config: config)
            return json(gateway.clockState)
        },
        Route("GET", "sandbox", nil),
        Route("POST", "sandbox/worlds", nil),
        Route("DELETE", "sandbox/worlds/*", nil),
    ]

    /// Each route's pattern as a metric's label: `/orders/{id}`.
    static let labels: [String] = routes.map { "/" + $0.pattern.map { $0 == "*" ? "{id}" : $0 }.joined(separator: "/") }

    /// The routes whose path is `segments`: those that name it exactly if any does (so
    /// `/orders/incoming` is never an order's id), else those that match it with a `*`.
    static func candidates(for segments: [String]) -> [Route] {
        let exact = routes.filter { $0.pattern == segments }
        return exact.isEmpty ? routes.filter { matches($0.pattern, segments) } : exact
    }

    /// The methods served on a path (decoded segments); empty when nothing is served there.
    static func allowedMethods(for segments: [String]) -> [String] {
        Array(Set(candidates(for: segments).map(\.method))).sorted()
    }

    /// The answer for a method and path the sandbox does not serve: 405 with `Allow` where the
    /// path exists under another method (RFC 9110), 404 where it does not exist at all.
    static func notServed(_ method: String, _ path: String) -> APIResponse {
        let allowed = allowedMethods(for: path.split(separator: "/").map { PathEncoding.decode(String($0)) ?? String($0) })
        guard !allowed.isEmpty else { return problem(Refusal.notFound("no such endpoint: \(method) \(path)").problem) }
        var response = problem(Refusal(
            status: 405, title: "Method not allowed",
            detail: "\(method) is not allowed on \(path); use \(allowed.joined(separator: " or "))",
            errors: nil, type: "urn:pay:problem:method-not-allowed").problem)
        response.headers.append(("Allow", allowed.joined(separator: ", ")))
        return response
    }

    private static func matches(_ pattern: [String], _ path: [String]) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy { $0 == "*" || $0 == $1 }
    }

    // MARK: Handlers

    private static func query(_ request: APIRequest, _ name: String) -> String? {
        request.query.first { $0.name == name }?.value
    }

    private static func listIntegrations(_ request: APIRequest, _ gateway: Gateway) throws(Refusal) -> APIResponse {
        var errors: [String: [String]] = [:]
        func positive(_ name: String, _ fallback: Int, max: Int) -> Int {
            guard let text = query(request, name) else { return fallback }
            guard let value = Int(text), value >= 1, value <= max else {
                errors[name] = ["must be a whole number from 1 to \(max)"]
                return fallback
            }
            return value
        }
        let page = positive("page", 1, max: 1_000_000)
        let perPage = positive("perPage", 20, max: 100)
        if !errors.isEmpty { throw .validation(errors) }
        let all = gateway.integrations
        let slice = Array(all.dropFirst((page - 1) * perPage).prefix(perPage))
        let pages = max(1, (all.count + perPage - 1) / perPage)
        return json(Page(data: slice, pagination: Pagination(quantity: slice.count, totalQuantity: all.count,
                                                             currentPage: page, pages: pages)))
    }

    private static func exchangeRates(_ request: APIRequest) throws(Refusal) -> APIResponse {
        var errors: [String: [String]] = [:]
        let amount = query(request, "amount").flatMap(FixedDecimal.parse)
        let currency = query(request, "currency")
        if query(request, "amount") == nil { errors["amount"] = ["is required"] }
        else if amount == nil || amount!.signum <= 0 { errors["amount"] = ["must be a positive decimal like 10.50"] }
        else if amount!.isFiner(than: SandboxCatalog.fiatPrecision[currency ?? ""] ?? 2) {
            errors["amount"] = ["has more decimal places than \(currency ?? "the currency") has"]
        } else if !RequestBody.withinLimits(amount!) {
            errors["amount"] = ["has more than \(SandboxCatalog.maxIntegerDigits) integer digits"]
        }
        if currency == nil { errors["currency"] = ["is required"] }
        else if SandboxCatalog.fiatPrecision[currency!] == nil {
            errors["currency"] = ["must be one of \(SandboxCatalog.fiatPrecision.keys.sorted().joined(separator: ", "))"]
        }
        if !errors.isEmpty { throw .validation(errors) }
        var rates: [Rate] = []
        for entry in SandboxCatalog.assets {
            guard let rate = SandboxCatalog.displayRate(entry, fiat: currency!),
                  let crypto = try? SandboxCatalog.cryptoValue(of: amount!, asset: entry, fiat: currency!) else { continue }
            rates.append(Rate(assetId: entry.asset.id, rate: rate, crypto: crypto))
        }
        return json(RateList(rates: rates))
    }

    /// Reads `assetId` and then `amount` at that asset's precision.
    private static func assetAndAmount(_ body: inout RequestBody) -> (SandboxAsset?, FixedDecimal?) {
        let assetId = body.string("assetId")
        let asset = assetId.flatMap(SandboxCatalog.asset)
        if let assetId, asset == nil { body.complain("assetId", "unknown asset \(assetId)") }
        let amount = body.amount("amount", precision: asset?.precision, unit: asset?.asset.id)
        return (asset, amount)
    }

    private static func integration(_ body: inout RequestBody, _ gateway: Gateway) -> Integration? {
        guard let id = body.string("integrationId") else { return nil }
        guard let integration = gateway.integration(id) else {
            body.complain("integrationId", "unknown integration \(id)")
            return nil
        }
        return integration
    }

    private static func createIncomingOrder(_ request: APIRequest, _ gateway: inout Gateway) throws(Refusal) -> APIResponse {
        var body = try RequestBody(request.body)
        let integration = integration(&body, gateway)
        let (asset, amount) = assetAndAmount(&body)
        let externalId = body.optionalString("externalId")
        try body.check()
        let created = gateway.createIncomingOrder(integrationId: integration!.id, amount: amount!,
                                                  assetId: asset!.asset.id, externalId: externalId)
        return noting(json(created, status: 201), order: created.orderId, gateway)
    }

    private static func refund(_ request: APIRequest, _ gateway: inout Gateway) throws(Refusal) -> APIResponse {
        var body = try RequestBody(request.body)
        let (asset, amount) = assetAndAmount(&body)
        let destination = body.address("destinationAddress")
        let orderId = body.string("refundOrderId")
        try body.check()
        let created = try gateway.refund(amount: amount!, assetId: asset!.asset.id, destination: destination!,
                                         refundOrderId: orderId!)
        return noting(json(OutgoingOrderCreated(orderId: created.orderId, transactionId: nil), status: 201), order: created.orderId, gateway)
    }

    private static func withdraw(_ request: APIRequest, _ gateway: inout Gateway) throws(Refusal) -> APIResponse {
        var body = try RequestBody(request.body)
        let (asset, amount) = assetAndAmount(&body)
        let destination = body.address("destinationAddress")
        let integration = integration(&body, gateway)
        try body.check()
        let created = try gateway.withdraw(amount: amount!, assetId: asset!.asset.id, destination: destination!,
                                           integrationId: integration!.id)
        return noting(json(OutgoingOrderCreated(orderId: created.orderId, transactionId: nil), status: 201), order: created.orderId, gateway)
    }

    private static func send(_ request: APIRequest, _ gateway: inout Gateway) throws(Refusal) -> APIResponse {
        var body = try RequestBody(request.body)
        let (asset, amount) = assetAndAmount(&body)
        let transfer = body.address("transferAddress")
        let destination = body.address("destinationAddress")
        let integration = integration(&body, gateway)
        let externalId = body.optionalString("externalId")
        try body.check()
        let created = try gateway.send(amount: amount!, assetId: asset!.asset.id, transferAddress: transfer!,
                                       destination: destination!, integrationId: integration!.id, externalId: externalId)
        return noting(json(created, status: 201), order: created.orderId, gateway)
    }

    private static func payerPayment(orderId: String, _ request: APIRequest,
                                     _ gateway: inout Gateway) throws(Refusal) -> APIResponse {
        _ = try gateway.order(orderId)
        var body = try RequestBody(request.body)
        let amount = body.amount("amount", precision: nil, unit: nil)
        let sender = body.optionalString("senderAddress")
        if let sender, !TronAddress.isValid(sender) { body.complain("senderAddress", "is not a valid Tron address") }
        try body.check()
        let tx = try gateway.pay(orderId: orderId, amount: amount!, senderAddress: sender)
        return noting(json(gateway.view(of: tx, standalone: true), status: 201), order: orderId, gateway)
    }

    /// A sandbox's answer to what creates or pays an order says the order's status after it, in
    /// `Pay-Sandbox-Order-Status`, so a client about to wait on it need not ask first (README,
    /// "Requests"). A sandbox that hides itself sends none, as a real gateway would not.
    static func noting(_ response: APIResponse, order id: String, _ gateway: Gateway) -> APIResponse {
        guard gateway.config.announcesItself, let order = try? gateway.order(id) else { return response }
        var response = response
        response.headers.append((SandboxHeaders.orderStatus, order.status.rawValue))
        return response
    }

    // MARK: Answers

    static func json(_ value: some Encodable, status: Int = 200) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "application/json")], body: JSONCoding.encode(value))
    }

    static func problem(_ problem: Problem) -> APIResponse {
        APIResponse(status: problem.status, headers: [("Content-Type", "application/problem+json")],
                    body: JSONCoding.encode(problem))
    }
}
