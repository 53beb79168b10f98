// The journal: a sandbox made again from the changes another acknowledged is the same sandbox,
// worlds and all; a change the journal could not store is not acknowledged, and nothing after it.
import Foundation
import PayClient
import PaySandbox
@testable import PaySandboxStore
import Testing

/// Keeps entries in memory; fails from the `failAt`-th append on.
final class MemoryJournal: SandboxJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [JournalEntry] = []
    let failAt: Int?
    init(failAt: Int? = nil) { self.failAt = failAt }

    struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }

    func append(_ entry: JournalEntry) throws {
        try lock.withLock {
            if let failAt, stored.count + 1 >= failAt { throw Full() }
            stored.append(entry)
        }
    }

    var entries: [JournalEntry] { lock.withLock { stored } }
}

struct JournalTests {
    static func request(_ method: HTTPMethod, _ path: String, key: String = "k", _ body: String = "") -> APIRequest {
        APIRequest(method: method, path: path, query: [],
                   headers: [("X-API-Key", key), ("Content-Type", "application/json")], body: Array(body.utf8))
    }

    static let order = #"{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"3","assetId":"TRX"}"#

    @Test func aSandboxMadeAgainFromItsJournalIsTheSame() async throws {
        let journal = MemoryJournal()
        let config = SandboxConfig(seed: 4, apiKey: "k")
        let first = Sandbox(config: config, journal: journal)
        let created = try JSONSerialization.jsonObject(with: Data(await first.handle(Self.request(.post, "/orders/incoming", Self.order)).body)) as! [String: Any]
        let id = created["orderId"] as! String
        _ = await first.handle(Self.request(.post, "/sandbox/orders/\(id)/payments", #"{"amount":"3"}"#))
        _ = await first.handle(Self.request(.post, "/sandbox/clock/advance", #"{"seconds":120}"#))
        let world = try JSONSerialization.jsonObject(with: Data(await first.handle(Self.request(.post, "/sandbox/worlds", "")).body)) as! [String: Any]
        let worldKey = world["key"] as! String
        _ = await first.handle(Self.request(.post, "/sandbox/clock/advance", key: worldKey, #"{"seconds":600}"#))
        // Refused requests and reads are not kept.
        _ = await first.handle(Self.request(.post, "/sandbox/clock/advance", #"{"seconds":-1}"#))
        _ = await first.handle(Self.request(.get, "/orders/\(id)"))
        #expect(journal.entries.map { "\($0.method.rawValue) \($0.path) \($0.world)" } == [
            "POST /orders/incoming default", "POST /sandbox/orders/\(id)/payments default",
            "POST /sandbox/clock/advance default", "POST /sandbox/worlds default", "POST /sandbox/clock/advance w1",
        ])
        #expect(journal.entries[3].createdKey == worldKey)

        let second = Sandbox(config: config)
        for entry in journal.entries { await second.restore(entry) }
        for (path, key) in [("/orders/\(id)", "k"), ("/sandbox/balances", "k"), ("/sandbox/clock", worldKey), ("/sandbox", worldKey)] {
            let before = await first.handle(Self.request(.get, path, key: key))
            let after = await second.handle(Self.request(.get, path, key: key))
            #expect(after.status == 200)
            #expect(String(decoding: after.body, as: UTF8.self) == String(decoding: before.body, as: UTF8.self))
        }
    }

    @Test func aChangeTheJournalCannotStoreIsRefusedAndSoIsEverythingAfter() async throws {
        let journal = MemoryJournal(failAt: 2)
        let sandbox = Sandbox(config: SandboxConfig(seed: 4, apiKey: "k"), journal: journal)
        #expect(await sandbox.handle(Self.request(.post, "/orders/incoming", Self.order)).status == 201)
        let refused = await sandbox.handle(Self.request(.post, "/orders/incoming", Self.order))
        #expect(refused.status == 503)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("the sandbox could not store a change (disk full); restart it"))
        #expect(await sandbox.handle(Self.request(.get, "/sandbox/clock")).status == 503)
        #expect(journal.entries.count == 1)
    }

    @Test func theSQLiteJournalKeepsEntriesAcrossOpens() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let entry = JournalEntry(world: "default", method: .post, path: "/orders/incoming",
                                 query: [.init("a b", "c=d&e")], body: Array(Self.order.utf8), createdKey: nil)
        do {
            let journal = try SQLiteJournal(path: path, seed: 4)
            try journal.append(entry)
            try journal.append(entry)
        }
        let reopened = try SQLiteJournal(path: path, seed: 4)
        #expect(try reopened.count() == 2)
        let sandbox = Sandbox(config: SandboxConfig(seed: 4, apiKey: "k"))
        #expect(try await reopened.replay(into: sandbox) == 2)
        #expect(SQLiteJournal.decode(SQLiteJournal.encode(entry.query)) == entry.query)
        #expect(throws: SQLiteJournal.OpenError.self) { _ = try SQLiteJournal(path: path, seed: 5) }
    }
}

struct WorldLimitTests {
    /// A server holds at most 1,000 worlds, the default one included; ending one makes room.
    @Test func theThousandAndFirstWorldIsRefusedUntilOneEnds() async throws {
        let sandbox = Sandbox(config: SandboxConfig(seed: 2, apiKey: "k", seedWorld: false))
        for _ in 1..<Sandbox.maxWorlds {
            #expect(await sandbox.handle(JournalTests.request(.post, "/sandbox/worlds")).status == 201)
        }
        let refused = await sandbox.handle(JournalTests.request(.post, "/sandbox/worlds"))
        #expect(refused.status == 429)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("this sandbox holds 1000 worlds already"))
        #expect(await sandbox.worldIds.count == 1000)
        #expect(await sandbox.handle(JournalTests.request(.delete, "/sandbox/worlds/w500")).status == 200)
        let made = try JSONSerialization.jsonObject(with: Data(await sandbox.handle(JournalTests.request(.post, "/sandbox/worlds")).body)) as! [String: Any]
        #expect(made["world"] as? String == "w1000")
    }
}
