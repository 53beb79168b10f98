// The payer's side of `pay sandbox`, and the team's: on Hummingbird's router and middleware.
//
//   GET  /checkout/{id}[?world=W][&widget=1]   an order's payment page (the widget: compact, for an iframe)
//   GET  /checkout/{id}/status                 the same order as JSON, which the page polls
//   POST /checkout/{id}/pay                    the simulated payer: in full, or an amount
//   POST /checkout/{id}/advance                the world's clock to its next event (not realtime)
//   GET  /dashboard[?world=W]                  behind the key: worlds, orders, balances, clock, requests
//   POST /dashboard/login, /dashboard/logout, /dashboard/advance
//   GET  /metrics                              Prometheus' text format, no key (SandboxMetrics)
//   GET  /assets/checkout.js, /assets/pages.css
//
// The pages need no key, as a payer's page needs none: an order's id is what opens it, and the
// page shows that order alone. Their buttons act through `Sandbox.handle(_:inWorld:)`, the path
// an API request takes, so the gateway's checks, the journal of `--data` and the ledger hold for
// them as for any client. The dashboard's key is asked once in a form and held as a session in an
// HttpOnly, SameSite=Strict cookie that holds a random token, never the key.
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import PayClient
import PaySandbox
import Synchronization

struct Pages: Sendable {
    /// Requests each world keeps for the dashboard.
    static let recentRequests = 50
    /// Orders the dashboard lists, newest first.
    static let ordersShown = 200
    static let cookieName = "pay_sandbox_dashboard"

    let sandbox: Sandbox
    let metrics: SandboxMetrics
    let sessions = DashboardSessions()

    /// Whether a path is the pages' rather than the API's.
    static func serves(_ path: String) -> Bool {
        path.hasPrefix("/checkout/") || path == "/dashboard" || path.hasPrefix("/dashboard/")
            || path == "/metrics" || path.hasPrefix("/assets/")
    }

    typealias Context = SandboxServer.Context

    /// The router, as a function: a route it does not have is the pages' 404.
    func responder() -> @Sendable (Request, Context) async -> Response {
        let router = Router(context: Context.self)
        router.add(middleware: PageMiddleware(metrics: metrics))
        router.get("/checkout/:id") { request, context in try await self.checkoutPage(request, context) }
        router.get("/checkout/:id/status") { request, context in try await self.checkoutStatus(request, context) }
        router.post("/checkout/:id/pay") { request, context in try await self.pay(request, context) }
        router.post("/checkout/:id/advance") { request, context in try await self.advance(request, context) }
        router.get("/dashboard") { request, _ in try await self.dashboard(request) }
        router.post("/dashboard/login") { request, _ in try await self.login(request) }
        router.post("/dashboard/logout") { request, _ in try await self.logout(request) }
        router.post("/dashboard/advance") { request, _ in try await self.dashboardAdvance(request) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: await self.metrics.exposition())))
        }
        router.get("/assets/checkout.js") { _, _ in Pages.asset(PageAssets.checkoutScript, type: "text/javascript; charset=utf-8") }
        router.get("/assets/pages.css") { _, _ in Pages.asset(PageAssets.stylesheet, type: "text/css; charset=utf-8") }
        let responder = router.buildResponder()
        return { request, context in
            do {
                return try await responder.respond(to: request, context: context)
            } catch let error as HTTPError where error.status == .methodNotAllowed {
                return Pages.html(Pages.render("notFound", ["message": "That page does not take \(request.method)."]), status: .methodNotAllowed)
            } catch {
                return Pages.html(Pages.render("notFound", ["message": "There is no such page."]), status: .notFound)
            }
        }
    }

    // MARK: The payment page

    /// The order's world (`?world=`, else the default one) and whether the page is the widget.
    struct Place {
        var world: String
        var widget: Bool
        var query: String {
            var parts: [String] = []
            if world != Sandbox.defaultWorld { parts.append("world=\(PathEncoding.encode(world))") }
            if widget { parts.append("widget=1") }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }

        init(_ request: Request) {
            world = request.uri.queryParameters.get("world") ?? Sandbox.defaultWorld
            widget = request.uri.queryParameters.get("widget") == "1"
        }
    }

    func checkoutPage(_ request: Request, _ context: Context, message: String? = nil, amount: String = "",
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let place = Place(request)
        let id = context.parameters.get("id") ?? ""
        guard let view = await sandbox.checkout(world: place.world, orderId: id) else { return notFound(id, place) }
        var data = Pages.figures(view)
        let base = "/checkout/\(PathEncoding.encode(id))"
        data["widget"] = place.widget
        data["statusURL"] = base + "/status" + Place.statusQuery(place)
        data["payURL"] = base + "/pay" + place.query
        data["advanceURL"] = base + "/advance" + place.query
        data["paymentAddress"] = view.paymentAddress
        data["assetId"] = view.assetId
        data["currency"] = view.requested.currency
        data["externalId"] = view.externalId
        data["open"] = view.status == .inProgress
        data["canAdvance"] = !view.realtime && view.nextEventAt != nil
        data["nextEventAt"] = view.nextEventAt?.text
        data["realtime"] = view.realtime
        data["message"] = message
        data["amountValue"] = amount
        data["placeholder"] = "0." + String(repeating: "0", count: max(0, view.precision - 1)) + "1"
        data["hasTransactions"] = !view.transactions.isEmpty
        data["transactions"] = view.transactions.map { tx in
            ["amount": "\(tx.primaryAmount)", "status": tx.status.rawValue, "createdAt": tx.createdAt.text, "hash": tx.hash]
        }
        return Pages.html(Pages.render("checkout", data), status: status, frameable: true)
    }

    /// What the page shows and its script refreshes; `version` changes whenever the page would.
    static func figures(_ view: CheckoutView) -> [String: Any] {
        let left = max(0, view.expiresAt.epochMilliseconds - view.now.epochMilliseconds)
        return [
            "requested": "\(view.requested)",
            "status": view.status.rawValue,
            "statusText": statusText(view.status),
            "received": "\(view.received)",
            "missing": "\(view.missing)",
            "expiresAt": view.expiresAt.text,
            "timeLeft": duration(milliseconds: view.status == .inProgress ? left : 0),
            "now": view.now.text,
            "version": "\(view.status.rawValue)/\(view.transactions.count)/\(view.confirming)",
        ]
    }

    func checkoutStatus(_ request: Request, _ context: Context) async throws -> Response {
        let place = Place(request)
        let id = context.parameters.get("id") ?? ""
        guard let view = await sandbox.checkout(world: place.world, orderId: id) else {
            return Response(status: .notFound, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error":"no such order"}"#)))
        }
        let figures = Pages.figures(view).compactMapValues { $0 as? String }
        let body = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The simulated payer: `full=1` pays what is missing, else `amount` as typed (the gateway
    /// checks it, as it checks any payment).
    func pay(_ request: Request, _ context: Context) async throws -> Response {
        let place = Place(request)
        let id = context.parameters.get("id") ?? ""
        let form = try await Pages.form(request)
        guard let view = await sandbox.checkout(world: place.world, orderId: id) else { return notFound(id, place) }
        guard view.status == .inProgress else {
            return try await checkoutPage(request, context, message: "This order is \(Pages.statusText(view.status)): it takes no payment.",
                                          status: .conflict)
        }
        let typed = (form["amount"] ?? "").trimmingCharacters(in: .whitespaces)
        let amount: String
        if form["full"] == "1" {
            guard view.missing.number > .zero else {
                return try await checkoutPage(request, context, message: "Nothing is missing: pay an amount to pay more.", status: .conflict)
            }
            amount = view.missing.number.description
        } else {
            guard !typed.isEmpty else {
                return try await checkoutPage(request, context, message: "Enter an amount to pay, like \(view.missing.number).",
                                              status: .unprocessableContent)
            }
            amount = typed
        }
        let body = try JSONEncoder().encode(["amount": amount])
        let answer = await sandbox.handle(APIRequest(method: .post, path: "/sandbox/orders/\(PathEncoding.encode(id))/payments",
                                                     query: [], headers: [("Content-Type", "application/json")], body: Array(body)),
                                          inWorld: place.world)
        guard (200...299).contains(answer.status) else {
            return try await checkoutPage(request, context, message: "Not paid: " + Pages.reason(answer), amount: typed,
                                          status: .unprocessableContent)
        }
        return .redirect(to: "/checkout/\(PathEncoding.encode(id))" + place.query)
    }

    /// Moves the order's world to its next confirmation or expiry.
    func advance(_ request: Request, _ context: Context) async throws -> Response {
        let place = Place(request)
        let id = context.parameters.get("id") ?? ""
        guard let view = await sandbox.checkout(world: place.world, orderId: id) else { return notFound(id, place) }
        if view.realtime {
            return try await checkoutPage(request, context, message: "This sandbox's clock follows real time: it is not advanced by hand.",
                                          status: .conflict)
        }
        if let message = await advanceToNextEvent(in: place.world) {
            return try await checkoutPage(request, context, message: message, status: .conflict)
        }
        return .redirect(to: "/checkout/\(PathEncoding.encode(id))" + place.query)
    }

    /// Advances `world` to its next event; the reason when it could not.
    func advanceToNextEvent(in world: String) async -> String? {
        guard let clock = await sandbox.overview(world: world)?.clock else { return "There is no world \(world)." }
        guard let next = clock.nextEventAt else { return "Nothing is pending in this sandbox: no event to advance to." }
        let ahead = next.epochMilliseconds - clock.now.epochMilliseconds
        return await advance(world, milliseconds: max(1, ahead))
    }

    func advance(_ world: String, milliseconds: Int64) async -> String? {
        let body = Array(#"{"milliseconds":\#(milliseconds)}"#.utf8)
        let answer = await sandbox.handle(APIRequest(method: .post, path: "/sandbox/clock/advance", query: [],
                                                     headers: [("Content-Type", "application/json")], body: body), inWorld: world)
        return (200...299).contains(answer.status) ? nil : "Not advanced: " + Pages.reason(answer)
    }

    func notFound(_ id: String, _ place: Place) -> Response {
        Pages.html(Pages.render("notFound", ["message": "There is no order \(id) here.", "widget": place.widget]),
                   status: .notFound, frameable: true)
    }

    // MARK: The dashboard

    func dashboard(_ request: Request, message: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let session = sessions.session(request.cookies[Pages.cookieName]?.value) else {
            return Pages.html(Pages.render("login", [:]), status: .ok)
        }
        let all = await sandbox.worldIds
        let visible = session.world.map { [$0] } ?? all
        let asked = request.uri.queryParameters.get("world") ?? visible[0]
        guard visible.contains(asked), let overview = await sandbox.overview(world: asked) else {
            return Pages.html(Pages.render("notFound", ["message": "There is no world \(asked) for this key."]), status: .notFound)
        }
        let worldQuery = asked == Sandbox.defaultWorld ? "" : "?world=\(PathEncoding.encode(asked))"
        let shown = overview.orders.prefix(Pages.ordersShown)
        let time = Date.ISO8601FormatStyle(timeZone: .gmt).time(includingFractionalSeconds: false)
        var data: [String: Any] = [
            "world": asked,
            "worlds": visible.map { ["id": $0, "current": $0 == asked] },
            "now": overview.clock.now.text,
            "realtime": overview.clock.realtime,
            "orderCount": overview.orders.count,
            "shown": shown.count,
            "more": overview.orders.count > shown.count,
            "orders": shown.map { line -> [String: Any] in
                [
                    "id": line.id, "kind": line.kind, "status": line.status.rawValue, "amount": "\(line.amount)",
                    "received": line.kind == "incoming" ? "\(line.received)" : "",
                    "externalId": line.externalId ?? "", "createdAt": line.createdAt.text,
                    "link": line.kind == "incoming" ? "/checkout/\(PathEncoding.encode(line.id))" + worldQuery : "",
                ]
            },
            "balances": overview.balances.map { ["integrationId": $0.integrationId, "assetId": $0.assetId, "available": "\($0.available)"] },
            "recent": overview.recent.map {
                ["at": $0.at.formatted(time), "method": $0.method, "path": $0.path, "status": String($0.status)] as [String: Any]
            },
        ]
        // A missing value is no key at all: Mustache would print an optional's `nil`.
        data["message"] = message
        data["nextEventAt"] = overview.clock.nextEventAt?.text
        return Pages.html(Pages.render("dashboard", data), status: status)
    }

    func login(_ request: Request) async throws -> Response {
        let key = try await Pages.form(request)["key"] ?? ""
        guard !key.isEmpty, let world = await sandbox.world(forKey: key) else {
            return Pages.html(Pages.render("login", ["message": "That key opens no world of this sandbox."]), status: .unauthorized)
        }
        // The server's key sees every world; a world's key its own.
        let token = sessions.open(world: world == Sandbox.defaultWorld ? nil : world)
        var response = Response.redirect(to: "/dashboard")
        response.setCookie(Cookie(name: Pages.cookieName, value: token, path: "/dashboard", httpOnly: true, sameSite: .strict))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        sessions.close(request.cookies[Pages.cookieName]?.value)
        var response = Response.redirect(to: "/dashboard")
        response.setCookie(Cookie(name: Pages.cookieName, value: "", maxAge: 0, path: "/dashboard", httpOnly: true, sameSite: .strict))
        return response
    }

    func dashboardAdvance(_ request: Request) async throws -> Response {
        guard let session = sessions.session(request.cookies[Pages.cookieName]?.value) else {
            return Pages.html(Pages.render("login", [:]), status: .unauthorized)
        }
        let form = try await Pages.form(request)
        let world = form["world"] ?? Sandbox.defaultWorld
        guard session.world == nil || session.world == world else {
            return Pages.html(Pages.render("notFound", ["message": "There is no world \(world) for this key."]), status: .notFound)
        }
        let problem: String?
        switch form["by"] {
        case "next": problem = await advanceToNextEvent(in: world)
        case let seconds? where Int64(seconds).map({ $0 > 0 }) == true: problem = await advance(world, milliseconds: Int64(seconds)! * 1000)
        default: problem = "Choose how far to advance."
        }
        let query = world == Sandbox.defaultWorld ? "" : "?world=\(PathEncoding.encode(world))"
        if let problem { return try await dashboard(request, message: problem, status: .conflict) }
        return .redirect(to: "/dashboard" + query)
    }

    // MARK: Helpers

    static func render(_ template: String, _ data: [String: Any]) -> String {
        PageTemplates.library.render(data, withTemplate: template) ?? ""
    }

    /// An HTML page with the headers every page sends: only its own script and style, no
    /// caching, and framing only for the payment page and its widget (a shop embeds it).
    static func html(_ text: String, status: HTTPResponse.Status, frameable: Bool = false) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors " + (frameable ? "*" : "'none'"),
        ]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-cache"]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A form's fields (application/x-www-form-urlencoded), at most 16 KiB of them.
    static func form(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 16 * 1024)
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                (String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? ""
            }
            fields[decoded(parts[0])] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return fields
    }

    /// A refusal's reason in a sentence: the field's complaint when there is one.
    static func reason(_ answer: APIResponse) -> String {
        guard let problem = try? JSONDecoder().decode(Problem.self, from: Data(answer.body)) else { return "the sandbox answered \(answer.status)" }
        if let (field, complaints) = problem.errors?.sorted(by: { $0.key < $1.key }).first, let first = complaints.first {
            return "\(field) \(first)"
        }
        return problem.detail ?? problem.title
    }

    static func statusText(_ status: OrderStatus) -> String {
        switch status {
        case .inProgress: "waiting for payment"
        case .completed: "completed"
        case .expired: "expired"
        case .failed: "failed"
        case .canceled: "canceled"
        case let .other(text): text
        }
    }

    /// `29m 59s`, `1h 2m`, `0s`: what is left, to the second.
    static func duration(milliseconds: Int64) -> String {
        var seconds = milliseconds / 1000
        guard seconds > 0 else { return "0s" }
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60), ("s", 1)] where seconds >= size {
            parts.append("\(seconds / size)\(unit)")
            seconds %= size
        }
        return parts.joined(separator: " ")
    }
}

extension Pages.Place {
    /// The status endpoint needs the world only.
    static func statusQuery(_ place: Pages.Place) -> String {
        place.world == Sandbox.defaultWorld ? "" : "?world=\(PathEncoding.encode(place.world))"
    }
}

/// The dashboard's sessions: a random token each, for a world or (nil) for all of them.
final class DashboardSessions: Sendable {
    struct Session: Sendable {
        var world: String?
        var expires: Date
    }

    /// Sessions held at most; the oldest goes first.
    static let limit = 1000
    static let lifetime: TimeInterval = 12 * 3600
    private let sessions = Mutex<[String: Session]>([:])

    func open(world: String?) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next(), radix: 16).leftPadded(16) }.joined()
        sessions.withLock { sessions in
            let now = Date()
            sessions = sessions.filter { $0.value.expires > now }
            if sessions.count >= DashboardSessions.limit, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                sessions[oldest.key] = nil
            }
            sessions[token] = Session(world: world, expires: now.addingTimeInterval(DashboardSessions.lifetime))
        }
        return token
    }

    func session(_ token: String?) -> Session? {
        guard let token else { return nil }
        return sessions.withLock { sessions in
            guard let session = sessions[token], session.expires > Date() else { return nil }
            return session
        }
    }

    func close(_ token: String?) {
        guard let token else { return }
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }
}

/// Counts every page request in /metrics under its route's pattern (never its id).
struct PageMiddleware: RouterMiddleware {
    typealias Context = SandboxServer.Context
    let metrics: SandboxMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.record(route: context.endpointPath ?? "other", method: request.method.rawValue, status: response.status.code, since: started)
            return response
        } catch {
            let status = (error as? HTTPError)?.status.code ?? 500
            metrics.record(route: context.endpointPath ?? "other", method: request.method.rawValue, status: status, since: started)
            throw error
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
