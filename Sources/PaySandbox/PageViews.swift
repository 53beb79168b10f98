// What the payer's pages and the dashboard of `pay sandbox` read (PaySandboxServer): an order as
// its payer sees it, a world at a glance, and the last requests a world received. They read the
// worlds' state and change nothing; the pages' buttons act through `handle(_:inWorld:)`, the
// same path an API request takes (its checks, its journal, its ledger).
import Foundation
import PayClient

/// An incoming order as its payment page shows it.
public struct CheckoutView: Sendable {
    public var orderId: String
    public var externalId: String?
    public var status: OrderStatus
    /// What the payer is asked for, at the asset's precision.
    public var requested: Amount
    public var assetId: String
    public var precision: Int
    public var paymentAddress: String
    /// Every payment seen so far, confirmed or not.
    public var received: Amount
    /// What is still missing from the requested amount (zero when paid in full or more).
    public var missing: Amount
    public var confirming: Int
    public var now: Timestamp
    public var expiresAt: Timestamp
    public var realtime: Bool
    /// When the next confirmation or expiry of the world falls due, if any.
    public var nextEventAt: Timestamp?
    public var transactions: [Transaction]
}

/// One order in a world's list.
public struct OrderLine: Sendable {
    public var id: String
    /// incoming, refund, withdrawal or send.
    public var kind: String
    public var status: OrderStatus
    public var amount: Amount
    public var received: Amount
    public var externalId: String?
    public var createdAt: Timestamp
}

/// One request a world received: what the dashboard lists, keys shown as `***`.
public struct RecentRequest: Sendable {
    public var method: String
    public var path: String
    public var status: Int
    public var at: Date
}

/// The last requests of one world as they came, oldest first, at most `limit`.
struct RecentRequests: Sendable {
    struct Entry: Sendable {
        var method: HTTPMethod
        var path: String
        var query: [(name: String, value: String)]
        var status: Int
        var at: Date
    }

    var entries: [Entry] = []
    mutating func append(_ entry: Entry, limit: Int) {
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }
}

/// A world at a glance.
public struct WorldOverview: Sendable {
    public var world: String
    public var clock: ClockState
    /// Newest first.
    public var orders: [OrderLine]
    public var balances: [Balance]
    /// Newest first.
    public var recent: [RecentRequest]
}

extension Sandbox {
    /// Sets where the payer's pages are served: every world's new orders link there. `pay sandbox`
    /// calls it once it knows the port it listens on.
    public func serveCheckout(at base: String) {
        setCheckoutBase(base)
    }

    /// Keeps each world's last `limit` requests for `overview`.
    public func keepRecentRequests(_ limit: Int) {
        setRecentLimit(limit)
    }

    /// The world a key opens, or nil: the dashboard's login.
    public func world(forKey key: String) -> String? {
        worldId(forKey: key)
    }

    /// Answers `request` in `world`, as if sent with that world's key: the pages' buttons.
    public func handle(_ request: APIRequest, inWorld world: String) -> APIResponse {
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "x-api-key" }
        if let key = key(ofWorld: world) { request.headers.append(("X-API-Key", key)) }
        return handle(request)
    }

    /// An incoming order of `world` as its payer sees it; nil for an unknown id, an order of
    /// another world, or one that is not incoming.
    public func checkout(world: String, orderId: String) -> CheckoutView? {
        guard var gateway = gateway(of: world) else { return nil }
        gateway.settle()
        guard let order = gateway.orders[orderId], case let .incoming(address) = order.kind,
              let asset = SandboxCatalog.asset(order.assetId) else { return nil }
        let code = asset.asset.currencyCode
        let payments = order.transactionIds.compactMap { gateway.transactions[$0] }
        let received = payments.reduce(FixedDecimal.zero) { $0 + $1.primary }
        let missing = order.amount > received ? order.amount - received : .zero
        let clock = gateway.clockState
        return CheckoutView(
            orderId: order.id, externalId: order.externalId, status: order.status,
            requested: gateway.money(order.amount, code, asset), assetId: order.assetId, precision: asset.precision,
            paymentAddress: address, received: gateway.money(received, code, asset),
            missing: gateway.money(missing, code, asset),
            confirming: payments.filter { $0.status == .inProgress }.count,
            now: clock.now, expiresAt: Timestamp(epochSeconds: order.expiresAt ?? order.createdAt),
            realtime: clock.realtime, nextEventAt: clock.nextEventAt,
            transactions: payments.map { gateway.view(of: $0, standalone: false) })
    }

    /// One world's orders, balances, clock and last requests; nil for an unknown world.
    public func overview(world: String) -> WorldOverview? {
        guard var gateway = gateway(of: world) else { return nil }
        gateway.settle()
        let lines = gateway.orderIds.reversed().compactMap { id -> OrderLine? in
            guard let order = gateway.orders[id], let asset = SandboxCatalog.asset(order.assetId) else { return nil }
            let code = asset.asset.currencyCode
            let kind: String
            switch order.kind {
            case .incoming: kind = "incoming"
            case .refund: kind = "refund"
            case .withdrawal: kind = "withdrawal"
            case .send: kind = "send"
            }
            let received = order.transactionIds.compactMap { gateway.transactions[$0] }.reduce(FixedDecimal.zero) { $0 + $1.primary }
            return OrderLine(id: id, kind: kind, status: order.status, amount: gateway.money(order.amount, code, asset),
                             received: gateway.money(received, code, asset), externalId: order.externalId,
                             createdAt: Timestamp(epochSeconds: order.createdAt))
        }
        return WorldOverview(world: world, clock: gateway.clockState, orders: Array(lines), balances: gateway.balanceList(),
                             recent: (recentRequests(of: world)).reversed())
    }

    /// How many orders each world holds in each status, every status named (zero included).
    public func orderCounts() -> [(world: String, status: OrderStatus, count: Int)] {
        var counts: [(String, OrderStatus, Int)] = []
        for id in worldIds {
            guard var gateway = gateway(of: id) else { continue }
            gateway.settle()
            var byStatus: [OrderStatus: Int] = [:]
            for order in gateway.orders.values { byStatus[order.status, default: 0] += 1 }
            for status in OrderStatus.known {
                counts.append((id, status, byStatus[status] ?? 0))
            }
        }
        return counts
    }

    /// The route a request's method and path take, as `/orders/{id}`: a metric's label, which
    /// must hold no id. Paths the sandbox does not serve are `other`.
    /// Every request pays for it, so it matches the routes' patterns on the path's segments as
    /// they are (decoding only a segment that holds a `%`), as `Router.candidates` chooses.
    public nonisolated static func routeLabel(method: String, path: String) -> String {
        let segments = path.split(separator: "/").map { $0.contains("%") ? Substring(PathEncoding.decode(String($0)) ?? "") : $0 }
        var exactPath = false
        var exact: Int?
        var wildcard: Int?
        for (index, route) in Router.routes.enumerated() where route.pattern.count == segments.count {
            var literal = true
            var matched = true
            for (part, segment) in zip(route.pattern, segments) {
                if part == "*" { literal = false } else if part != segment { matched = false; break }
            }
            guard matched else { continue }
            if literal { exactPath = true }
            guard route.method == method else { continue }
            if literal { exact = index } else if wildcard == nil { wildcard = index }
        }
        // A path some route names exactly is never an id (`/orders/incoming`).
        guard let found = exactPath ? exact : wildcard else { return "other" }
        return Router.labels[found]
    }
}
