// Durability as a journal of acknowledged changes: every request that changed a world (a POST or
// DELETE answered 2xx) is handed to the journal before its answer goes out, and a sandbox made
// again from the same journal, entry by entry, is the same sandbox: the gateway is deterministic
// given its seed and the changes made to it (its clock moves only when asked, which is why a
// journal and a realtime clock do not go together). A refused request changed nothing, so it is
// not kept. Reads are not kept either: settling what fell due depends on the clock alone.

import PayClient

/// One acknowledged change, as it can be applied again.
public struct JournalEntry: Sendable, Equatable {
    /// The world the request's key opened.
    public var world: String
    public var method: HTTPMethod
    public var path: String
    public var query: [Pair]
    public var body: [UInt8]
    /// For POST /sandbox/worlds: the key it gave out, so the made world opens with it again.
    public var createdKey: String?

    public struct Pair: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(world: String, method: HTTPMethod, path: String, query: [Pair], body: [UInt8], createdKey: String? = nil) {
        self.world = world
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.createdKey = createdKey
    }
}

/// Where acknowledged changes go. `append` returns once the entry is stored (it survives the
/// process being killed); when it throws, the change is not acknowledged.
public protocol SandboxJournal: Sendable {
    func append(_ entry: JournalEntry) throws
}
