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

    /// The last answer for each order and transaction this run fetched, so the next statement
    /// need not ask again (grammar.md, "Requests"). A card is used only while `fresh` says so.
    var orders: [String: Card] = [:]
    var transactions: [String: Card] = [:]
    /// An order's status as the answer that created or paid it said (a sandbox's
    /// `Pay-Sandbox-Order-Status`): enough for `wait` to know it must move on before it looks.
    var statuses: [String: Card] = [:]
    /// Counts the requests this run sent that may have changed the gateway (every POST, a clock
    /// advance, a poll's wait, a sleep): a card fetched before the last of them is stale.
    private(set) var changes = 0
    /// What the last of them was, for a prompt's card: `a payment`, `the clock moved`.
    private(set) var lastChange = ""

    struct Card {
        var value: Value
        /// `changes` when it was fetched.
        var after: Int
        var fetched: ContinuousClock.Instant
    }

    /// Something that may change the gateway's state is about to be sent (or time to pass):
    /// every card fetched so far is stale from now on, and can never be fresh again, so it goes
    /// (a loop over 100,000 orders keeps none of them).
    func changing(_ what: String = "a request that may change it") {
        changes += 1
        lastChange = what
        orders.removeAll(keepingCapacity: true)
        transactions.removeAll(keepingCapacity: true)
        statuses.removeAll(keepingCapacity: true)
    }

    func card(_ value: Value) -> Card { Card(value: value, after: changes, fetched: .now) }

    /// The card's value if nothing that could change it has happened since it was fetched: no
    /// change this run sent, and, where others can change the gateway too, less than `window`
    /// of real time.
    func fresh(_ card: Card?, window: Duration?) -> Value? {
        guard let card, card.after == changes else { return nil }
        if let window, ContinuousClock.now - card.fetched >= window { return nil }
        return card.value
    }
}
