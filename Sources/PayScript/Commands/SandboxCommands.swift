// pay, advance, balance: the sandbox's own commands (the simulated payer, virtual time, the
// integration's balances). Against a real gateway each is an error: their entries are marked
// sandbox-only, and the dispatch refuses them before they run.
import PayClient

extension Interpreter {
    /// `pay`, `pay o`, `pay 0.5 TRX`, `pay 0.5 TRX to o`: the simulated payer sends to an order.
    func payerPays(_ firstExpr: Expr?, _ orderExpr: Expr?, in env: Environment, _ range: SourceRange) async throws -> Value {
        var amount: Amount?
        var named: String?
        if let firstExpr {
            switch try await operandValue(firstExpr, in: env) {
            case let .amount(given): amount = given
            case let .record(record) where orderExpr == nil: named = try orderId(of: .record(record), firstExpr.range, for: "pay")
            case let other: throw Fault(.needs(construct: "'pay'", needs: "an amount or an order", got: other.typeName), firstExpr.range)
            }
        }
        let orderId: String
        if let named {
            orderId = named
        } else {
            orderId = try await orderOperand(orderExpr, in: env, range, for: "pay")
        }
        // An order this run created has its price in the run's notes, and so its currency: no need to ask.
        var requested: Amount?
        var currency: String?
        if case let .amount(price)? = context.orderNotes[orderId]?.first(where: { $0.0 == "requestedAmount" })?.1 {
            requested = price
            currency = session.catalog.code(of: price.currency) ?? price.currency
        } else {
            guard case let .record(order) = try await currentOrder(orderId, range) else { return .null }
            if case let .amount(price)? = order["requestedAmount"] { requested = price }
            if case let .amount(primary)? = order["primaryAmount"] { currency = primary.currency }
        }
        if amount == nil {
            guard let requested else {
                throw Fault(.priceUnknown(order: orderId), range)
            }
            amount = requested
        }
        if let currency {
            try checkSameCurrency(amount!, Amount(.zero, currency), firstExpr?.range ?? range)
        }
        let client = session.client
        let paid = amount!
        context.changing("a payment")
        let tx = try await api(range) { try await client.sandboxPayDocument(orderId: orderId, PayerPaymentRequest(amount: paid.number)) }
        noteStatus(tx, of: orderId)
        return Value(json: tx.document)
    }

    func balance(_ assetExpr: Expr?, in env: Environment, _ range: SourceRange) async throws -> Value {
        let integrationId = try await integrationId(nil, in: env, range)
        let client = session.client
        let all = try await api(range) { try await client.sandboxBalances() }.balances.filter { $0.integrationId == integrationId }
        guard let assetExpr else {
            return noted(.record(Record(all.map { ($0.assetId, .amount($0.available)) })), .balances, id: integrationId,
                         sandboxTime: await sandboxTimeForCard())
        }
        let name = try await text(assetExpr, in: env, what: "asset like TRX")
        guard let entry = all.first(where: { $0.assetId == name || $0.available.currency == name }) else {
            throw Fault(.noBalance(name, assets: all.map(\.assetId)), assetExpr.range)
        }
        return .amount(entry.available)
    }

    func advance(_ byExpr: Expr, in env: Environment, _ range: SourceRange) async throws -> Value {
        let duration = try await evaluate(byExpr, in: env)
        guard case let .duration(ms) = duration, ms > 0 else {
            throw Fault(.positiveDuration(clause: "'advance'", got: duration.literal), byExpr.range)
        }
        let clock = try await advanceSandboxClock(milliseconds: ms, range)
        return try Builtins.timestamp(clock.now, range)
    }

    /// The most one `POST /sandbox/clock/advance` may move the sandbox's clock (ten years), in milliseconds.
    static let longestAdvance: Int64 = 316_224_000_000
    /// The sandbox clock's last instant, 9999-12-31T23:59:59.999Z, in milliseconds.
    static let endOfSandboxTime: Int64 = 253_402_300_799_999

    /// Moves the sandbox's clock on by exactly `milliseconds`, in steps the sandbox takes (the
    /// language allows 100 years, one request ten). A move past the clock's end is refused before
    /// any step, so the clock never stops halfway.
    func advanceSandboxClock(milliseconds: Int64, _ range: SourceRange) async throws -> ClockState {
        let client = session.client
        if milliseconds > Interpreter.longestAdvance {
            let now = try await api(range) { try await client.sandboxClock() }.now
            guard now.epochMilliseconds + milliseconds <= Interpreter.endOfSandboxTime else {
                throw Fault(.clockPastTheEnd(seconds: (milliseconds + 999) / 1000, now: "\(now)"), range)
            }
        }
        var left = milliseconds
        context.changing("the sandbox's clock moved")
        while true {
            let step = min(left, Interpreter.longestAdvance)
            let clock = try await api(range) { try await client.sandboxAdvanceClock(milliseconds: step) }
            left -= step
            if left == 0 { return clock }
        }
    }
}
