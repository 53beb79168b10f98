// order, get order, get transaction: incoming orders and what the run knows of them.
import PayClient

extension Interpreter {
    /// POST /orders/incoming, then GET the new order, unless `fetch` is false (Deferred.swift).
    func createOrder(_ amountExpr: Expr, _ integrationExpr: Expr?, _ externalExpr: Expr?,
                     in env: Environment, _ range: SourceRange, fetch: Bool = true) async throws -> Value {
        let amount = try await amountValue(amountExpr, in: env, what: "an amount like 1 TRX")
        let integrationId = try await integrationId(integrationExpr, in: env, range)
        var externalId: String?
        if let externalExpr { externalId = try await identifier(externalExpr, in: env, what: "external id") }
        let assetId = try await assetId(for: amount, amountExpr.range)
        let client = session.client
        let answer: Documented<IncomingOrderCreated>
        context.changing("an order was created")
        do {
            answer = try await client.createIncomingOrderDocument(IncomingOrderRequest(
                integrationId: integrationId, amount: amount.number, assetId: assetId, externalId: externalId))
        } catch where !error.isDefinite && error.mayHaveTakenEffect {
            let find = externalId.map { "search the gateway's orders for externalId \($0)" }
                ?? "it had no external id, so look for it in the gateway's order list by time"
            throw Fault(.orderOutcomeUnknown(amount: "\(amount)", error: "\(error)", lookUp: find), range)
        } catch {
            throw Fault.from(error, range)
        }
        let created = answer.value
        noteStatus(answer, of: created.orderId)
        context.orderNotes[created.orderId] = [
            ("paymentAddress", .string(created.paymentAddress)), ("paymentLink", .string(created.paymentLink)),
            ("widgetCode", .string(created.widgetCode)), ("requestedAmount", .amount(amount)),
            ("assetId", .string(assetId)), ("integrationId", .string(integrationId)), ("kind", .string("incoming")),
        ]
        it = fetch ? try await fetchOrder(created.orderId, range) : unfetchedOrder(created.orderId)
        return it
    }

    /// GET /orders/{id}, in the gateway's field order, with what the run knows of the order
    /// beyond the API's answer; kept as the order's card.
    func fetchOrder(_ id: String, _ range: SourceRange) async throws -> Value {
        let client = session.client
        // At a prompt on a sandbox, the sandbox's clock is read beside it, for the card's age.
        let wanted = cardsReadTheClock
        async let clock = Interpreter.sandboxTime(client, wanted: wanted)
        let order = try await api(range) { try await client.orderDocument(id: id) }
        guard case var .record(record) = Value(json: order.document) else { return .null }
        for (key, value) in context.orderNotes[id] ?? [] where record[key] == nil { record[key] = value }
        let value = noted(.record(record), .order, id: id, sandboxTime: await clock)
        context.orders[id] = context.card(value)
        return value
    }

    /// The order as the run last fetched it while that is still fresh, else fetched again.
    func currentOrder(_ id: String, _ range: SourceRange) async throws -> Value {
        if let known = context.fresh(context.orders[id], window: freshnessWindow) { return known }
        return try await fetchOrder(id, range)
    }

    /// How long a card stays fresh by the clock: forever (until the run changes something) on a
    /// gateway only this run changes.
    var freshnessWindow: Duration? { session.shared ? session.freshFor : nil }

    func getTransaction(_ idExpr: Expr, in env: Environment, _ range: SourceRange) async throws -> Value {
        let id = try await identifier(idExpr, in: env, what: "transaction id")
        if let known = context.fresh(context.transactions[id], window: freshnessWindow) { return known }
        return try await fetchTransaction(id, range)
    }

    /// GET /transactions/{id}, kept as the transaction's card.
    func fetchTransaction(_ id: String, _ range: SourceRange) async throws -> Value {
        let client = session.client
        let wanted = cardsReadTheClock
        async let clock = Interpreter.sandboxTime(client, wanted: wanted)
        let transaction = try await api(range) { try await client.transactionDocument(id: id) }
        let value = noted(Value(json: transaction.document), .transaction, id: id, sandboxTime: await clock)
        context.transactions[id] = context.card(value)
        return value
    }
}
