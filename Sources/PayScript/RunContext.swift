// What one run of a script learns as it goes, beyond its variables: kept apart from the
// interpreter's scopes so a runner can give every job its own, and from the session, which all
// jobs of one invocation share.
import PayClient

final class RunContext {
    /// Fields the API does not repeat on fetch (payment address, requested amount…), by order id,
    /// for orders this run created.
    var orderNotes: [String: [(String, Value)]] = [:]
    /// What this run has refunded of each order.
    var refunded: [String: Amount] = [:]
}
