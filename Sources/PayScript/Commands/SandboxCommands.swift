// pay, advance, balance: the sandbox's own commands (the simulated payer, virtual time, the
// integration's balances). Against a real gateway each is an error.
import PayClient

extension Interpreter {
    func requireSandbox(_ command: String, _ range: SourceRange) throws {
        guard session.isSandbox else {
            throw Fault.runtime("'\(command)' works on the sandbox only; this run is against a real gateway", range)
        }
    }

    /// `pay`, `pay o`, `pay 0.5 TRX`, `pay 0.5 TRX to o`: the simulated payer sends to an order.
    func payerPays(_ firstExpr: Expr?, _ orderExpr: Expr?, in env: Environment, _ range: SourceRange) async throws -> Value {
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
            try checkSameCurrency(amount!, primary, firstExpr?.range ?? range)
        }
        let client = session.client
        let paid = amount!
        let tx = try await api(range) { try await client.sandboxPayDocument(orderId: orderId, PayerPaymentRequest(amount: paid.number)) }
        return Value(json: tx.document)
    }

    func balance(_ assetExpr: Expr?, in env: Environment, _ range: SourceRange) async throws -> Value {
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

    func advance(_ byExpr: Expr, in env: Environment, _ range: SourceRange) async throws -> Value {
        try requireSandbox("advance", range)
        let duration = try await evaluate(byExpr, in: env)
        guard case let .duration(ms) = duration, ms > 0 else {
            throw Fault.runtime("'advance' needs a positive duration like 5m, got \(duration.literal)", byExpr.range)
        }
        let client = session.client
        let clock = try await api(range) { try await client.sandboxAdvanceClock(seconds: Int((ms + 999) / 1000)) }
        return try Builtins.timestamp(clock.now, range)
    }
}
