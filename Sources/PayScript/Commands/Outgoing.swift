// refund, withdraw, send: money going out. Against a real gateway each passes the guard first
// (--allow-outgoing, --max-outgoing), and its amount is reserved in the invocation's budget before
// the request goes out. A --max-outgoing cap holds on a sandbox as well.
import PayClient

extension Interpreter {
    func withdraw(_ amountExpr: Expr, _ destinationExpr: Expr, _ integrationExpr: Expr?,
                  in env: Environment, _ range: SourceRange, permit: OutgoingPermit, fetch: Bool = true) async throws -> Value {
        let amount = try await amountValue(amountExpr, in: env, what: "an amount like 1 TRX")
        let destination = try await text(destinationExpr, in: env, what: "destination address")
        let integrationId = try await integrationId(integrationExpr, in: env, range)
        let assetId = try await assetId(for: amount, amountExpr.range)
        let client = session.client
        let created = try await outgoing(permit, "withdrawal", amount, assetId: assetId, to: destination, range,
                                         lookUp: "look for a withdrawal of \(amount) in the gateway's order list") { () async throws(PaymentError) in
            try await client.withdrawDocument(WithdrawalRequest(amount: amount.number, assetId: assetId,
                                                        destinationAddress: destination, integrationId: integrationId))
        }
        context.orderNotes[created.orderId] = [("kind", .string("withdrawal")), ("assetId", .string(assetId))]
        it = fetch ? try await fetchOrder(created.orderId, range) : unfetchedOrder(created.orderId)
        return it
    }

    func send(_ amountExpr: Expr, _ fromExpr: Expr, _ toExpr: Expr, _ integrationExpr: Expr?, _ externalExpr: Expr?,
              in env: Environment, _ range: SourceRange, permit: OutgoingPermit, fetch: Bool = true) async throws -> Value {
        let amount = try await amountValue(amountExpr, in: env, what: "an amount like 1 TRX")
        let from = try await text(fromExpr, in: env, what: "address to send from")
        let to = try await text(toExpr, in: env, what: "destination address")
        let integrationId = try await integrationId(integrationExpr, in: env, range)
        var externalId: String?
        if let externalExpr { externalId = try await identifier(externalExpr, in: env, what: "external id") }
        let assetId = try await assetId(for: amount, amountExpr.range)
        let client = session.client
        let created = try await outgoing(permit, "send", amount, assetId: assetId, to: to, range,
                                         lookUp: externalId.map { "search the gateway's orders for externalId \($0)" }
                                             ?? "look for a send of \(amount) from \(from) in the gateway's order list") { () async throws(PaymentError) in
            try await client.sendDocument(SendRequest(amount: amount.number, assetId: assetId, transferAddress: from,
                                              destinationAddress: to, integrationId: integrationId, externalId: externalId))
        }
        context.orderNotes[created.orderId] = [("kind", .string("send")), ("assetId", .string(assetId))]
        it = fetch ? try await fetchOrder(created.orderId, range) : unfetchedOrder(created.orderId)
        return it
    }

    func refund(_ size: RefundSize, _ orderExpr: Expr?, _ destinationExpr: Expr?,
                in env: Environment, _ range: SourceRange, permit: OutgoingPermit, fetch: Bool = true) async throws -> Value {
        let orderId = try await orderOperand(orderExpr, in: env, range, for: "refund")
        guard case let .record(order) = try await currentOrder(orderId, range),
              case let .amount(total)? = order["totalAmount"] else {
            throw Fault(.nothingToRefund(order: orderId), range)
        }
        let already = context.refunded[orderId] ?? Amount.zero(total.currency, scale: total.scale)
        let amount: Amount
        switch size {
        case .all: amount = try money(range) { () throws(AmountError) in try total.subtracting(already) }
        case .half: amount = try money(range) { () throws(AmountError) in try total.multiplied(by: FixedDecimal("0.5")!) }
        case let .value(expr):
            let given = try await evaluate(expr, in: env)
            switch given {
            case let .amount(money):
                try checkSameCurrency(money, total, expr.range)
                amount = money.named(total.currency)
            case let .percent(p):
                amount = try money(range) { () throws(AmountError) in try total.multiplied(by: p) }
            case let other: throw Fault(.needs(construct: "'refund'", needs: "an amount, half, all or a percentage", got: other.typeName), expr.range)
            }
            guard given.isPositive else {
                throw Fault(.positiveRefund(got: given.literal), expr.range)
            }
        }
        guard total.isPositive else {
            throw Fault(.notPaid(order: orderId, status: order.string("status") ?? "unknown"), range)
        }
        guard amount.isPositive else {
            throw Fault(.nothingLeft(order: orderId, refunded: "\(already)"), range)
        }
        let destination: String
        if let destinationExpr {
            destination = try await text(destinationExpr, in: env, what: "destination address")
        } else {
            guard case let .list(transactions)? = order["transactions"],
                  let sender = transactions.lazy.compactMap({ tx -> String? in
                      if case let .record(r) = tx { return r.string("senderAddress") } else { return nil }
                  }).first else {
                throw Fault(.payerUnknown(order: orderId), range)
            }
            destination = sender
        }
        var assetId = order.string("assetId") ?? ""
        if assetId.isEmpty { assetId = try await self.assetId(for: total, range) }
        let client = session.client
        let created = try await outgoing(permit, "refund", amount, assetId: assetId, of: orderId, to: destination, range,
                                         lookUp: "look for a refund of order \(orderId) in the gateway's order list") { () async throws(PaymentError) in
            try await client.refundDocument(RefundRequest(amount: amount.number, assetId: assetId,
                                                  destinationAddress: destination, refundOrderId: orderId))
        }
        context.refunded[orderId] = try money(range) { () throws(AmountError) in try already.adding(amount) }
        context.orderNotes[created.orderId] = [("kind", .string("refund")), ("refundOf", .string(orderId)), ("assetId", .string(assetId))]
        it = fetch ? try await fetchOrder(created.orderId, range) : unfetchedOrder(created.orderId)
        return it
    }

    /// Sends a refund, withdrawal or send, for a command the dispatch gave `permit` (its entry is
    /// marked outgoing). Against a real gateway it needs --allow-outgoing and must
    /// fit under --max-outgoing; the amount is reserved before the request goes out and given back
    /// only on a definite refusal. With no definite answer the money may have moved: it stays
    /// counted as sent and the run stops with how to find out.
    private func outgoing(_ permit: OutgoingPermit, _ what: String, _ amount: Amount, assetId: String, of order: String? = nil, to destination: String,
                          _ range: SourceRange, lookUp: String,
                          _ request: () async throws(PaymentError) -> Documented<OutgoingOrderCreated>) async throws -> OutgoingOrderCreated {
        // A cap the user set holds on a sandbox too, so a team can rehearse it there; only
        // --allow-outgoing and the prompt's question are for real money alone.
        let live = !session.isSandbox
        let guarded = live || !session.safety.maxOutgoing.isEmpty
        if guarded { try await reserveOutgoing(what, amount, assetId: assetId, of: order, to: destination, live: live, range) }
        context.changing("\(what) was sent")
        do {
            let answer = try await request()
            noteStatus(answer, of: answer.value.orderId)
            return answer.value
        } catch where error.isDefinite {
            if guarded { session.budget.release(amount.number, assetId: assetId) }
            throw Fault.from(error, range)
        } catch {
            throw Fault(.outgoingOutcomeUnknown(what: what, amount: "\(amount)", destination: destination, error: "\(error)",
                                                  capped: guarded, lookUp: lookUp), range)
        }
    }

    private func reserveOutgoing(_ what: String, _ amount: Amount, assetId: String, of order: String?, to destination: String,
                                 live: Bool, _ range: SourceRange) async throws {
        let confirm = live ? session.safety.confirm : nil
        guard !live || session.safety.allowOutgoing || confirm != nil else {
            throw Fault(.needsAllowOutgoing(what: what, amount: "\(amount)", destination: destination), range)
        }
        let caps = session.safety.maxOutgoing
        var matching: [Amount] = []
        for candidate in caps where try await self.assetId(for: candidate, range) == assetId { matching.append(candidate) }
        if matching.count > 1 {
            throw Fault(.cappedTwice(what: what, amount: "\(amount)", asset: assetId, caps: matching.map(\.description)), range)
        }
        let cap = matching.first
        if !caps.isEmpty, cap == nil {
            throw Fault(.notCapped(what: what, amount: "\(amount)", asset: assetId, capped: caps.map(\.currency)), range)
        }
        if let confirm {
            let question = "\(what) of \(amount)\(order.map { " of order \($0)" } ?? "") to \(destination)"
            guard await confirm(question) else {
                throw Fault(.declined(question), range)
            }
        }
        if let already = session.budget.reserve(amount.number, assetId: assetId, cap: cap?.number) {
            throw Fault(.pastCap(what: what, amount: "\(amount)", cap: "\(cap!)", sent: "\((try? already.rounded(to: amount.scale)) ?? already)", currency: cap!.currency), range)
        }
    }
}
