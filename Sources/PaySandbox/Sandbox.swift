// The embedded gateway: one actor, so requests apply one at a time and each is all or nothing.
// It holds worlds: the default one (the server's own key, or no key when embedded) and any a
// client creates with POST /sandbox/worlds. Each world has its own clock, ledger and seed world,
// and a key whose requests see only it, so parallel CI jobs on one server never meet.
import Foundation
import PayClient

public actor Sandbox {
    private struct World {
        var key: String?
        var gateway: Gateway
    }

    public static let defaultWorld = "default"
    /// Worlds a server holds at most, the default one included: each costs memory.
    public static let maxWorlds = 1000

    public nonisolated let config: SandboxConfig
    /// Where the payer's pages are, for the links of orders made from now on (`serveCheckout`).
    private var checkoutBase: String
    /// The last requests each world received, for the dashboard; kept only when asked for.
    private var recent: [String: RecentRequests] = [:]
    private var recentLimit = 0
    private var worlds: [String: World]
    /// API key → world id.
    private var worldOfKey: [String: String] = [:]
    private var worldsCreated = 0
    private var keys = SystemRandomNumberGenerator()
    /// Where acknowledged changes are kept, if anywhere (`pay sandbox --data`).
    private let journal: (any SandboxJournal)?
    /// Set when the journal could not store a change: from then on every request is refused,
    /// so no one sees a change that a restart would not have.
    private var journalFailure: String?

    public init(config: SandboxConfig = SandboxConfig(), journal: (any SandboxJournal)? = nil) {
        self.config = config
        self.journal = journal
        self.checkoutBase = config.checkoutBase
        worlds = [Sandbox.defaultWorld: World(key: config.apiKey, gateway: Gateway(config: config))]
        if let key = config.apiKey { worldOfKey[key] = Sandbox.defaultWorld }
    }

    /// Answers one request exactly as the HTTP gateway would. With a journal, a change is
    /// stored before its answer goes out.
    public func handle(_ request: APIRequest) -> APIResponse {
        if let journalFailure {
            return Router.problem(Refusal(status: 503, title: "Data file not writable",
                                          detail: "the sandbox could not store a change (\(journalFailure)); restart it",
                                          errors: nil, type: "urn:pay:problem:data-file").problem)
        }
        let (world, response, createdKey) = apply(request, createdKey: nil)
        if recentLimit > 0, let world { remember(request, status: response.status, in: world) }
        guard let journal, let world, request.method != .get, (200...299).contains(response.status) else { return response }
        let entry = JournalEntry(world: world, method: request.method, path: request.path,
                                 query: request.query.map { JournalEntry.Pair($0.name, $0.value) },
                                 body: request.body, createdKey: createdKey)
        do {
            try journal.append(entry)
            return response
        } catch {
            journalFailure = "\(error)"
            return handle(request)
        }
    }

    /// Applies a journal's entry again, as it was applied when it was acknowledged.
    public func restore(_ entry: JournalEntry) {
        var request = APIRequest(method: entry.method, path: entry.path, query: entry.query.map { ($0.name, $0.value) },
                                 headers: [("Content-Type", "application/json")], body: entry.body)
        if let key = worlds[entry.world]?.key { request.headers.append(("X-API-Key", key)) }
        _ = apply(request, createdKey: entry.createdKey)
    }

    /// The world the request opened (nil when its key opened none), the answer, and the key of a
    /// world it made.
    private func apply(_ request: APIRequest, createdKey: String?) -> (String?, APIResponse, String?) {
        var world: String?
        do throws(Refusal) {
            let id = try self.world(for: request)
            world = id
            if !request.body.isEmpty {
                let type = request.header("Content-Type")?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
                guard type == "application/json" else {
                    throw Refusal(status: 415, title: "Unsupported media type",
                                  detail: "a request body must be JSON sent with Content-Type: application/json, not \(type ?? "no Content-Type")",
                                  errors: nil, type: "urn:pay:problem:unsupported-media-type")
                }
            }
            let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
            switch (request.method, segments.count, segments.first, segments.dropFirst().first) {
            case (.get, 1, "sandbox", _) where config.announcesItself:
                return (id, Router.json(info(id)), nil)
            case (_, 1, "sandbox", _) where !config.announcesItself:
                // Hidden (`--hide-sandbox`): answered as a real gateway would, which has no such path.
                throw Refusal.notFound("no such endpoint: \(request.method.rawValue) \(request.path)")
            case (.post, 2, "sandbox", "worlds"):
                let (response, key) = try createWorld(request, by: id, key: createdKey)
                return (id, response, key)
            case (.delete, 3, "sandbox", "worlds"):
                return (id, try deleteWorld(PathEncoding.decode(String(segments[2])) ?? "", by: id), nil)
            default:
                return (id, Router.route(request, &worlds[id]!.gateway), nil)
            }
        } catch {
            return (world, Router.problem(error.problem), nil)
        }
    }

    /// The refusal for a request's key, if it opens no world: asked before the server reads the
    /// body, so an unauthenticated client cannot make it read megabytes.
    public func refusal(forKey key: String?) -> APIResponse? {
        var request = APIRequest(method: .get, path: "/", query: [], headers: [], body: [])
        if let key { request.headers.append(("X-API-Key", key)) }
        do {
            _ = try world(for: request)
            return nil
        } catch {
            return Router.problem(error.problem)
        }
    }

    // MARK: For the pages (PageViews.swift)

    func setCheckoutBase(_ base: String) {
        checkoutBase = base
        for id in worlds.keys { worlds[id]!.gateway.config.checkoutBase = base }
    }

    func setRecentLimit(_ limit: Int) { recentLimit = max(0, limit) }

    func worldId(forKey key: String) -> String? { worldOfKey[key] }

    func key(ofWorld id: String) -> String? { worlds[id]?.key }

    func gateway(of id: String) -> Gateway? { worlds[id]?.gateway }

    /// The world's last requests, any key in a path or query shown as `***`: hidden here, when
    /// the dashboard reads them, rather than on every request.
    func recentRequests(of id: String) -> [RecentRequest] {
        let keys = Set(worlds.values.compactMap(\.key)).filter { $0.count >= 4 }
        return (recent[id]?.entries ?? []).map { entry in
            var path = entry.path
            if !entry.query.isEmpty { path += "?" + entry.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&") }
            for key in keys where path.contains(key) { path = path.replacingOccurrences(of: key, with: "***") }
            return RecentRequest(method: entry.method.rawValue, path: path, status: entry.status, at: entry.at)
        }
    }

    /// Keeps a request for the dashboard, as it came.
    private func remember(_ request: APIRequest, status: Int, in world: String) {
        recent[world, default: RecentRequests()].append(
            .init(method: request.method, path: request.path, query: request.query, status: status, at: Date()), limit: recentLimit)
    }

    /// Which world the request's key opens. Without a server key (embedded), a request with no
    /// key, or an unknown one, sees the default world; a created world's key still opens its world.
    private func world(for request: APIRequest) throws(Refusal) -> String {
        let given = request.header("X-API-Key")
        if let given, let id = worldOfKey[given] { return id }
        guard config.apiKey != nil else { return Sandbox.defaultWorld }
        guard given != nil else {
            throw Refusal(status: 401, title: "Unauthorized", detail: "the X-API-Key header is missing",
                          errors: nil, type: "urn:pay:problem:unauthorized")
        }
        throw Refusal(status: 401, title: "Unauthorized", detail: "the X-API-Key is not valid",
                      errors: nil, type: "urn:pay:problem:unauthorized")
    }

    private func info(_ id: String) -> SandboxInfo {
        let gateway = worlds[id]!.gateway
        return SandboxInfo(world: id, now: Timestamp(epochSeconds: gateway.now), realtime: gateway.config.realtime)
    }

    /// Only the default world's key creates worlds: a world's key cannot make more. `key` is the
    /// one a journal recorded, when made again.
    private func createWorld(_ request: APIRequest, by creator: String, key given: String?) throws(Refusal) -> (APIResponse, String) {
        guard creator == Sandbox.defaultWorld else {
            throw Refusal(status: 403, title: "Forbidden", detail: "only the server's own key creates worlds",
                          errors: nil, type: "urn:pay:problem:forbidden")
        }
        var config = self.config
        if !request.body.isEmpty {
            var body = try RequestBody(request.body)
            if let seed = body.optionalInteger("seed") {
                if seed < 0 { body.complain("seed", "must not be negative") } else { config.seed = UInt64(seed) }
            }
            try body.check()
        }
        guard worlds.count < Sandbox.maxWorlds else {
            throw Refusal(status: 429, title: "Too many worlds",
                          detail: "this sandbox holds \(Sandbox.maxWorlds) worlds already; delete some with DELETE /sandbox/worlds/{id}",
                          errors: nil, type: "urn:pay:problem:too-many-worlds")
        }
        worldsCreated += 1
        let id = "w\(worldsCreated)"
        config.world = id
        config.checkoutBase = checkoutBase
        let key = given ?? "sbx_" + (0..<4).map { _ in String(keys.next(), radix: 16).leftPadded(to: 16) }.joined()
        config.apiKey = key
        worlds[id] = World(key: key, gateway: Gateway(config: config))
        worldOfKey[key] = id
        return (Router.json(WorldCreated(world: id, key: key, now: Timestamp(epochSeconds: worlds[id]!.gateway.now)), status: 201), key)
    }

    /// The server's key may end any created world; a world's key only its own.
    private func deleteWorld(_ id: String, by caller: String) throws(Refusal) -> APIResponse {
        guard id != Sandbox.defaultWorld else {
            throw .conflict("the default world lasts as long as the server; POST /sandbox/reset starts it afresh")
        }
        guard let world = worlds[id], caller == Sandbox.defaultWorld || caller == id else {
            throw .notFound("no world \(id) for this key")
        }
        worlds[id] = nil
        recent[id] = nil
        if let key = world.key { worldOfKey[key] = nil }
        return Router.json(WorldDeleted(world: id))
    }

    /// Per-asset totals of the default world, or of `world`; `received == held + sent + fees`
    /// must hold after every request.
    public func ledger(world: String = Sandbox.defaultWorld) -> [LedgerTotals] {
        worlds[world]?.gateway.ledger() ?? []
    }

    /// The same totals walked from every transaction, for tests to compare with the running ones.
    public func recomputedLedger(world: String = Sandbox.defaultWorld) -> [LedgerTotals] {
        worlds[world]?.gateway.recomputedLedger() ?? []
    }

    /// The ids of the worlds held now, default first.
    public var worldIds: [String] {
        [Sandbox.defaultWorld] + worlds.keys.filter { $0 != Sandbox.defaultWorld }.sorted()
    }

    /// The answer for a method the sandbox serves nowhere (PUT, DELETE, TRACE…): 405 with `Allow`
    /// where the path exists, 404 where it does not.
    public nonisolated static func unsupportedMethod(_ method: String, path: String) -> APIResponse {
        Router.notServed(method, path)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Hands the client's request bytes straight to a sandbox: no socket, but the same encoding and
/// decoding as HTTP.
public struct InProcessTransport: Transport {
    public let sandbox: Sandbox

    public init(sandbox: Sandbox) { self.sandbox = sandbox }

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        await sandbox.handle(request)
    }
}
