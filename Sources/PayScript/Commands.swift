// The commands: each turns its operands into one typed client call and its answer into a value.
import Foundation
import PayClient

extension Interpreter {
    func run(_ command: Command, in env: Environment, _ range: SourceRange) async throws -> Value {
        switch command {
        case .integrations:
            return .list(try await integrations(range).map { Value.from($0) })
        case let .integration(nameExpr):
            return .from(try await integration(try await evaluate(nameExpr, in: env), nameExpr.range))
        case .assets:
            return .list(try await api(range) { try await self.assets() }.map { Value.from($0) })
        case let .rates(amountExpr):
            let amount = try await amountValue(amountExpr, in: env, what: "a fiat amount like 10 EUR")
            let client = session.client
            let rates = try await api(range) { try await client.exchangeRates(amount: amount.number, currency: amount.currency) }
            return .list(rates.map { Value.from($0) })
        case let .order(amountExpr, integrationExpr, externalExpr):
            return try await createOrder(amountExpr, integrationExpr, externalExpr, in: env, range)
        case let .getOrder(idExpr):
            let id = try await identifier(idExpr, in: env, what: "order id")
            it = try await fetchOrder(id, range)
            return it
        case let .getTransaction(idExpr):
            let id = try await identifier(idExpr, in: env, what: "transaction id")
            let client = session.client
            return .from(try await api(range) { try await client.transaction(id: id) })
        case let .refund(size, orderExpr, destinationExpr):
            return try await refund(size, orderExpr, destinationExpr, in: env, range)
        case let .withdraw(amountExpr, destinationExpr, integrationExpr):
            let amount = try await amountValue(amountExpr, in: env, what: "an amount like 1 TRX")
            let destination = try await text(destinationExpr, in: env, what: "destination address")
            let integrationId = try await integrationId(integrationExpr, in: env, range)
            let assetId = try await assetId(for: amount, amountExpr.range)
            let client = session.client
            let created = try await outgoing("withdrawal", amount, assetId: assetId, to: destination, range,
                                             lookUp: "look for a withdrawal of \(amount) in the gateway's order list") { () async throws(PaymentError) in
                try await client.withdraw(WithdrawalRequest(amount: amount.number, assetId: assetId,
                                                            destinationAddress: destination, integrationId: integrationId))
            }
            orderExtras[created.orderId] = [("kind", .string("withdrawal")), ("assetId", .string(assetId))]
            it = try await fetchOrder(created.orderId, range)
            return it
        case let .send(amountExpr, fromExpr, toExpr, integrationExpr, externalExpr):
            let amount = try await amountValue(amountExpr, in: env, what: "an amount like 1 TRX")
            let from = try await text(fromExpr, in: env, what: "address to send from")
            let to = try await text(toExpr, in: env, what: "destination address")
            let integrationId = try await integrationId(integrationExpr, in: env, range)
            var externalId: String?
            if let externalExpr { externalId = try await identifier(externalExpr, in: env, what: "external id") }
            let assetId = try await assetId(for: amount, amountExpr.range)
            let client = session.client
            let created = try await outgoing("send", amount, assetId: assetId, to: to, range,
                                             lookUp: externalId.map { "search the gateway's orders for externalId \($0)" }
                                                 ?? "look for a send of \(amount) from \(from) in the gateway's order list") { () async throws(PaymentError) in
                try await client.send(SendRequest(amount: amount.number, assetId: assetId, transferAddress: from,
                                                  destinationAddress: to, integrationId: integrationId, externalId: externalId))
            }
            orderExtras[created.orderId] = [("kind", .string("send")), ("assetId", .string(assetId))]
            it = try await fetchOrder(created.orderId, range)
            return it
        case let .wait(orderExpr, statuses, withinExpr):
            return try await wait(orderExpr, statuses, withinExpr, in: env, range)
        case let .pay(firstExpr, orderExpr):
            return try await payerPays(firstExpr, orderExpr, in: env, range)
        case let .advance(byExpr):
            try requireSandbox("advance", range)
            let duration = try await evaluate(byExpr, in: env)
            guard case let .duration(ms) = duration, ms > 0 else {
                throw Fault.runtime("'advance' needs a positive duration like 5m, got \(duration.literal)", byExpr.range)
            }
            let client = session.client
            let clock = try await api(range) { try await client.sandboxAdvanceClock(seconds: Int((ms + 999) / 1000)) }
            return .string(clock.now.text)
        case let .balance(assetExpr):
            return try await balance(assetExpr, in: env, range)
        }
    }

    // MARK: Orders

    private func createOrder(_ amountExpr: Expr, _ integrationExpr: Expr?, _ externalExpr: Expr?,
                             in env: Environment, _ range: SourceRange) async throws -> Value {
        let amount = try await amountValue(amountExpr, in: env, what: "an amount like 1 TRX")
        let integrationId = try await integrationId(integrationExpr, in: env, range)
        var externalId: String?
        if let externalExpr { externalId = try await identifier(externalExpr, in: env, what: "external id") }
        let assetId = try await assetId(for: amount, amountExpr.range)
        let client = session.client
        let created: IncomingOrderCreated
        do {
            created = try await client.createIncomingOrder(IncomingOrderRequest(
                integrationId: integrationId, amount: amount.number, assetId: assetId, externalId: externalId))
        } catch where !error.isDefinite && error.mayHaveTakenEffect {
            let find = externalId.map { "search the gateway's orders for externalId \($0)" }
                ?? "it had no external id, so look for it in the gateway's order list by time"
            throw Fault(kind: .unanswered, message: "order of \(amount): outcome unknown (\(error)); an order may have been created: \(find)", range: range)
        } catch {
            throw Fault(kind: error.isDefinite ? .runtime : .unanswered, message: error.description, range: range)
        }
        orderExtras[created.orderId] = [
            ("paymentAddress", .string(created.paymentAddress)), ("paymentLink", .string(created.paymentLink)),
            ("widgetCode", .string(created.widgetCode)), ("requestedAmount", .amount(amount)),
            ("assetId", .string(assetId)), ("integrationId", .string(integrationId)), ("kind", .string("incoming")),
        ]
        it = try await fetchOrder(created.orderId, range)
        return it
    }

    /// GET /orders/{id}, with what the run knows of the order beyond the API's answer.
    func fetchOrder(_ id: String, _ range: SourceRange) async throws -> Value {
        let client = session.client
        let order = try await api(range) { try await client.order(id: id) }
        guard case var .record(record) = Value.from(order) else { return .null }
        for (key, value) in orderExtras[id] ?? [] where record[key] == nil { record[key] = value }
        return .record(record)
    }

    /// An order operand, or `it`; returns the order's id.
    private func orderOperand(_ expr: Expr?, in env: Environment, _ range: SourceRange, for command: String) async throws -> String {
        let value: Value
        if let expr {
            value = try await evaluate(expr, in: env)
        } else {
            guard case .record = it else {
                throw Fault.runtime("'\(command)' needs an order: name one, or create or fetch one first so 'it' is bound", range)
            }
            value = it
        }
        return try orderId(of: value, expr?.range ?? range, for: command)
    }

    /// The id of an order given as a record or as its id.
    private func orderId(of value: Value, _ range: SourceRange, for command: String) throws -> String {
        switch value {
        case let .record(record):
            guard let id = record.string("id") else { throw Fault.runtime("this record is not an order (it has no id)", range) }
            return id
        case let .string(id): return id
        default: throw Fault.runtime("'\(command)' needs an order or an order id, got \(value.typeName)", range)
        }
    }

    // MARK: wait

    /// Polls until the order reaches one of `statuses`. On the sandbox each poll advances virtual
    /// time instead of sleeping; elsewhere it sleeps with backoff. Re-binds the waited variable and `it`.
    private func wait(_ orderExpr: Expr?, _ statuses: [String], _ withinExpr: Expr?,
                      in env: Environment, _ range: SourceRange) async throws -> Value {
        let id = try await orderOperand(orderExpr, in: env, range, for: "wait")
        var limit: Int64 = 30 * 60 * 1000
        if let withinExpr {
            let within = try await evaluate(withinExpr, in: env)
            guard case let .duration(ms) = within, ms > 0 else {
                throw Fault.runtime("'within' needs a positive duration like 5m, got \(within.literal)", withinExpr.range)
            }
            limit = ms
        }
        let wanted = Set(statuses)
        var waited: Int64 = 0
        var pause: Int64 = 1000
        let client = session.client
        while true {
            await Task.yield()
            try await checkCancellation(range)
            let order = try await fetchOrder(id, range)
            guard case let .record(record) = order, let status = record.string("status") else { return order }
            if wanted.contains(status) {
                if case let .variable(name)? = orderExpr?.kind { _ = env.assign(name, order) }
                it = order
                return order
            }
            if OrderStatus(rawValue: status).isTerminal {
                throw Fault.runtime("order \(id) is \(status), not \(statuses.joined(separator: " or ")) (it will not change again)", range)
            }
            guard waited < limit else {
                throw Fault.runtime("order \(id) is still \(status) after \(Value.formatDuration(limit)); waited for \(statuses.joined(separator: " or "))", range)
            }
            let step = min(session.isSandbox ? 15_000 : pause, limit - waited)
            if session.isSandbox {
                _ = try await api(range) { try await client.sandboxAdvanceClock(seconds: Int(max(1, (step + 999) / 1000))) }
            } else {
                try await Task.sleep(for: .milliseconds(step))
                pause = min(pause * 2, 15_000)
            }
            waited += step
        }
    }

    // MARK: Refund and outgoing guards

    private func refund(_ size: RefundSize, _ orderExpr: Expr?, _ destinationExpr: Expr?,
                        in env: Environment, _ range: SourceRange) async throws -> Value {
        let orderId = try await orderOperand(orderExpr, in: env, range, for: "refund")
        guard case let .record(order) = try await fetchOrder(orderId, range),
              case let .amount(total)? = order["totalAmount"] else {
            throw Fault.runtime("order \(orderId) has no total amount to refund", range)
        }
        let already = refunded[orderId] ?? Amount.zero(total.currency, scale: total.scale)
        let amount: Amount
        switch size {
        case .all: amount = try money(range) { () throws(AmountError) in try total.subtracting(already) }
        case .half: amount = try money(range) { () throws(AmountError) in try total.multiplied(by: FixedDecimal("0.5")!) }
        case let .value(expr):
            let given = try await evaluate(expr, in: env)
            switch given {
            case let .amount(money):
                try await checkSameCurrency(money, total, expr.range)
                amount = money.named(total.currency)
            case let .percent(p):
                amount = try money(range) { () throws(AmountError) in try total.multiplied(by: p) }
            case let other: throw Fault.runtime("'refund' needs an amount, half, all or a percentage, got \(other.typeName)", expr.range)
            }
            guard given.isPositive else {
                throw Fault.runtime("the amount to refund must be positive, got \(given.literal)", expr.range)
            }
        }
        guard total.isPositive else {
            throw Fault.runtime("order \(orderId) has no completed payment to refund (status: \(order.string("status") ?? "unknown"))", range)
        }
        guard amount.isPositive else {
            throw Fault.runtime("nothing left to refund of order \(orderId): this run already refunded \(already)", range)
        }
        let destination: String
        if let destinationExpr {
            destination = try await text(destinationExpr, in: env, what: "destination address")
        } else {
            guard case let .list(transactions)? = order["transactions"],
                  let sender = transactions.lazy.compactMap({ tx -> String? in
                      if case let .record(r) = tx { return r.string("senderAddress") } else { return nil }
                  }).first else {
                throw Fault.runtime("the gateway does not report who paid order \(orderId): add 'to ADDRESS'", range)
            }
            destination = sender
        }
        var assetId = order.string("assetId") ?? ""
        if assetId.isEmpty { assetId = try await self.assetId(for: total, range) }
        let client = session.client
        let created = try await outgoing("refund", amount, assetId: assetId, to: destination, range,
                                         lookUp: "look for a refund of order \(orderId) in the gateway's order list") { () async throws(PaymentError) in
            try await client.refund(RefundRequest(amount: amount.number, assetId: assetId,
                                                  destinationAddress: destination, refundOrderId: orderId))
        }
        refunded[orderId] = try money(range) { () throws(AmountError) in try already.adding(amount) }
        orderExtras[created.orderId] = [("kind", .string("refund")), ("refundOf", .string(orderId)), ("assetId", .string(assetId))]
        it = try await fetchOrder(created.orderId, range)
        return it
    }

    /// Sends a refund, withdrawal or send. Against a real gateway it needs --allow-outgoing and must
    /// fit under --max-outgoing; the amount is reserved before the request goes out and given back
    /// only on a definite refusal. With no definite answer the money may have moved: it stays
    /// counted as sent and the run stops with how to find out.
    private func outgoing(_ what: String, _ amount: Amount, assetId: String, to destination: String,
                          _ range: SourceRange, lookUp: String,
                          _ request: () async throws(PaymentError) -> OutgoingOrderCreated) async throws -> OutgoingOrderCreated {
        let guarded = !session.isSandbox
        if guarded { try await reserveOutgoing(what, amount, assetId: assetId, to: destination, range) }
        do {
            return try await request()
        } catch where error.isDefinite {
            if guarded { session.budget.release(amount.number, assetId: assetId) }
            throw Fault.runtime(error.description, range)
        } catch {
            throw Fault(kind: .unanswered, message: "\(what) of \(amount) to \(destination): outcome unknown (\(error)). "
                        + "The money may have moved, so it counts as sent\(guarded ? " against --max-outgoing" : "") and the run stops here: \(lookUp) before trying again",
                        range: range)
        }
    }

    private func reserveOutgoing(_ what: String, _ amount: Amount, assetId: String, to destination: String,
                                 _ range: SourceRange) async throws {
        guard session.safety.allowOutgoing else {
            throw Fault(kind: .safety, message: "\(what) of \(amount) to \(destination) refused: outgoing payments on a real gateway need --allow-outgoing", range: range)
        }
        let caps = session.safety.maxOutgoing
        var matching: [Amount] = []
        for candidate in caps where try await self.assetId(for: candidate, range) == assetId { matching.append(candidate) }
        if matching.count > 1 {
            throw Fault(kind: .safety, message: "\(what) of \(amount) refused: --max-outgoing caps \(assetId) twice (\(matching.map(\.description).joined(separator: ", "))); give one cap per currency", range: range)
        }
        let cap = matching.first
        if !caps.isEmpty, cap == nil {
            throw Fault(kind: .safety, message: "\(what) of \(amount) refused: --max-outgoing caps only \(caps.map(\.currency).joined(separator: ", ")), not \(assetId)", range: range)
        }
        if let already = session.budget.reserve(amount.number, assetId: assetId, cap: cap?.number) {
            throw Fault(kind: .safety, message: "\(what) of \(amount) refused: it would take this run past --max-outgoing \(cap!) (already sent \((try? already.rounded(to: amount.scale)) ?? already) \(cap!.currency))", range: range)
        }
    }

    // MARK: Sandbox commands

    func requireSandbox(_ command: String, _ range: SourceRange) throws {
        guard session.isSandbox else {
            throw Fault.runtime("'\(command)' works on the sandbox only; this run is against a real gateway", range)
        }
    }

    /// `pay`, `pay o`, `pay 0.5 TRX`, `pay 0.5 TRX to o`: the simulated payer sends to an order.
    private func payerPays(_ firstExpr: Expr?, _ orderExpr: Expr?, in env: Environment, _ range: SourceRange) async throws -> Value {
        try requireSandbox("pay", range)
        var amount: Amount?
        var named: String?
        if let firstExpr {
            switch try await evaluate(firstExpr, in: env) {
            case let .amount(given): amount = given
            case let .record(record) where orderExpr == nil: named = try orderId(of: .record(record), firstExpr.range, for: "pay")
            case let other: throw Fault.runtime("'pay' needs an amount or an order, got \(other.typeName)", firstExpr.range)
            }
        }
        let orderId: String
        if let named {
            orderId = named
        } else {
            orderId = try await orderOperand(orderExpr, in: env, range, for: "pay")
        }
        guard case let .record(order) = try await fetchOrder(orderId, range) else { return .null }
        if amount == nil {
            guard case let .amount(requested)? = order["requestedAmount"] else {
                throw Fault.runtime("this run did not create order \(orderId), so its price is unknown: write 'pay AMOUNT to ORDER'", range)
            }
            amount = requested
        }
        if case let .amount(primary)? = order["primaryAmount"] {
            try await checkSameCurrency(amount!, primary, firstExpr?.range ?? range)
        }
        let client = session.client
        let paid = amount!
        let tx = try await api(range) { try await client.sandboxPay(orderId: orderId, PayerPaymentRequest(amount: paid.number)) }
        return .from(tx)
    }

    private func balance(_ assetExpr: Expr?, in env: Environment, _ range: SourceRange) async throws -> Value {
        try requireSandbox("balance", range)
        let integrationId = try await integrationId(nil, in: env, range)
        let client = session.client
        let all = try await api(range) { try await client.sandboxBalances() }.balances.filter { $0.integrationId == integrationId }
        guard let assetExpr else {
            return .record(Record(all.map { ($0.assetId, .amount($0.available)) }))
        }
        let name = try await text(assetExpr, in: env, what: "asset like TRX")
        guard let entry = all.first(where: { $0.assetId == name || $0.available.currency == name }) else {
            throw Fault.runtime("no balance in \(name) (assets: \(all.map(\.assetId).joined(separator: ", ")))", assetExpr.range)
        }
        return .amount(entry.available)
    }

    // MARK: Operand helpers

    /// Runs a client call, turning its failure into an error at the command's place: a definite
    /// refusal is a runtime error, no definite answer is `unanswered`.
    func api<T>(_ range: SourceRange, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PaymentError {
            // A request cut short by cancellation is not the gateway's doing.
            if Task.isCancelled { throw Interpreter.interrupted(range) }
            throw Fault(kind: error.isDefinite ? .runtime : .unanswered, message: error.description, range: range)
        }
    }

    func assets() async throws(PaymentError) -> [Asset] {
        if let cachedAssets { return cachedAssets }
        let assets = try await session.client.cryptoAssets()
        cachedAssets = assets
        return assets
    }

    private func integrations(_ range: SourceRange) async throws -> [Integration] {
        if let cachedIntegrations { return cachedIntegrations }
        let client = session.client
        let page = try await api(range) { try await client.integrations(page: 1, perPage: 100) }
        cachedIntegrations = page.data
        return page.data
    }

    private func integration(_ value: Value, _ range: SourceRange) async throws -> Integration {
        let all = try await integrations(range)
        let key: String
        switch value {
        case let .string(text): key = text
        case let .record(record): key = record.string("id") ?? ""
        default: throw Fault.runtime("an integration is named by a string, got \(value.typeName)", range)
        }
        guard let found = all.first(where: { $0.name == key || $0.id == key }) else {
            throw Fault.runtime("no integration named '\(key)' (integrations: \(all.map(\.name).joined(separator: ", ")))", range)
        }
        return found
    }

    /// The integration named by `for`/`from`, or the gateway's only one.
    private func integrationId(_ expr: Expr?, in env: Environment, _ range: SourceRange) async throws -> String {
        if let expr { return try await integration(try await evaluate(expr, in: env), expr.range).id }
        let all = try await integrations(range)
        guard all.count == 1 else {
            throw Fault.runtime("the gateway has \(all.count) integrations; say which with 'for INTEGRATION'", range)
        }
        return all[0].id
    }

    /// The asset id for an amount's unit: an asset id as written, or the one asset with that currency code.
    func assetId(for amount: Amount, _ range: SourceRange) async throws -> String {
        let assets = try await api(range) { try await self.assets() }
        if assets.contains(where: { $0.id == amount.currency }) { return amount.currency }
        let matches = assets.filter { $0.currencyCode == amount.currency }
        switch matches.count {
        case 1: return matches[0].id
        case 0: throw Fault.runtime("unknown asset \(amount.currency) (assets: \(assets.map(\.id).joined(separator: ", ")))", range)
        default: throw Fault.runtime("\(amount.currency) is ambiguous: write one of \(matches.map(\.id).joined(separator: ", "))", range)
        }
    }

    private func amountValue(_ expr: Expr, in env: Environment, what: String) async throws -> Amount {
        let value = try await evaluate(expr, in: env)
        guard case let .amount(amount) = value else {
            throw Fault.runtime("expected \(what), got \(value.typeName) \(value.literal)", expr.range)
        }
        guard amount.isPositive else { throw Fault.runtime("the amount must be positive, got \(amount)", expr.range) }
        return amount
    }

    private func text(_ expr: Expr, in env: Environment, what: String) async throws -> String {
        let value = try await evaluate(expr, in: env)
        guard case let .string(text) = value else {
            throw Fault.runtime("expected \(what) as a string, got \(value.typeName) \(value.literal)", expr.range)
        }
        return text
    }

    /// Ids may be written as strings, numbers (`get transaction 705`) or records with an `id`.
    private func identifier(_ expr: Expr, in env: Environment, what: String) async throws -> String {
        switch try await evaluate(expr, in: env) {
        case let .string(text): return text
        case let .number(n): return Value.number(n).literal
        case let .record(record) where record.string("id") != nil: return record.string("id")!
        case let other: throw Fault.runtime("expected \(what), got \(other.typeName)", expr.range)
        }
    }

    func sleep(_ value: Value, _ range: SourceRange) async throws {
        guard case let .duration(ms) = value, ms >= 0 else {
            throw Fault.runtime("'sleep' needs a duration like 2s, got \(value.literal)", range)
        }
        if session.isSandbox {
            guard ms > 0 else { return }
            let client = session.client
            _ = try await api(range) { try await client.sandboxAdvanceClock(seconds: Int((ms + 999) / 1000)) }
        } else {
            try await Task.sleep(for: .milliseconds(ms))
        }
    }
}
