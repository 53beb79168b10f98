// The sandbox's journal in one SQLite file (GRDB): a table of acknowledged changes in the order
// they were made, each stored in a transaction of its own before its answer goes out, in WAL
// mode with synchronous=NORMAL, so a stored change survives the process being killed (a power
// cut may lose the last few). Opening a file replays it into a fresh sandbox.
import Foundation
import GRDB
import PayClient
import PaySandbox

public final class SQLiteJournal: SandboxJournal {
    private let database: DatabaseQueue
    /// The file's format; a file of another format is refused rather than misread.
    static let format = "1"

    public enum OpenError: Error, CustomStringConvertible {
        case otherSeed(file: String, stored: UInt64, given: UInt64)
        case otherFormat(file: String, stored: String)
        case unreadable(file: String, reason: String)

        public var description: String {
            switch self {
            case let .otherSeed(file, stored, given):
                "\(file) holds a sandbox made with --seed \(stored), not \(given); give --seed \(stored) or another file"
            case let .otherFormat(file, stored):
                "\(file) is in format \(stored); this pay reads format \(SQLiteJournal.format)"
            case let .unreadable(file, reason):
                "cannot use \(file): \(reason)"
            }
        }
    }

    /// Opens (or makes) the journal at `path` for a sandbox seeded with `seed`.
    public init(path: String, seed: UInt64) throws(OpenError) {
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS change (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        world TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
                        query TEXT NOT NULL, body BLOB NOT NULL, created_key TEXT);
                    INSERT OR IGNORE INTO meta VALUES ('format', '\(SQLiteJournal.format)');
                    INSERT OR IGNORE INTO meta VALUES ('seed', '\(seed)');
                    """)
            }
        } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
        let meta: [String: String]
        do {
            meta = try database.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, value FROM meta").map {
                    ($0["name"] as String, $0["value"] as String)
                })
            }
        } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
        if meta["format"] != SQLiteJournal.format { throw .otherFormat(file: path, stored: meta["format"] ?? "?") }
        if let stored = meta["seed"].flatMap(UInt64.init), stored != seed { throw .otherSeed(file: path, stored: stored, given: seed) }
    }

    public func append(_ entry: JournalEntry) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO change (world, method, path, query, body, created_key) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [entry.world, entry.method.rawValue, entry.path, SQLiteJournal.encode(entry.query),
                            Data(entry.body), entry.createdKey])
        }
    }

    /// How many changes the file holds.
    public func count() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change") ?? 0 }
    }

    /// Applies every stored change to `sandbox`, in order, a page at a time; returns how many.
    public func replay(into sandbox: Sandbox) async throws -> Int {
        var last: Int64 = 0
        var applied = 0
        while true {
            let after = last
            let page: [(Int64, JournalEntry)] = try await database.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM change WHERE seq > ? ORDER BY seq LIMIT 10000", arguments: [after]).map { row in
                    let method = HTTPMethod(rawValue: row["method"]) ?? .post
                    let body: Data = row["body"]
                    return (row["seq"], JournalEntry(world: row["world"], method: method, path: row["path"],
                                                     query: SQLiteJournal.decode(row["query"]), body: Array(body),
                                                     createdKey: row["created_key"]))
                }
            }
            guard let end = page.last?.0 else { return applied }
            for (_, entry) in page { await sandbox.restore(entry) }
            applied += page.count
            last = end
        }
    }

    /// Query pairs as lines of `name=value`, each percent-encoded.
    static func encode(_ query: [JournalEntry.Pair]) -> String {
        query.map { PathEncoding.encode($0.name) + "=" + PathEncoding.encode($0.value) }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [JournalEntry.Pair] {
        text.split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return JournalEntry.Pair(PathEncoding.decode(String(parts[0])) ?? "", PathEncoding.decode(String(parts.count > 1 ? parts[1] : "")) ?? "")
        }
    }
}
