// Runs a command: each turns its operands into one typed client call and its answer into a value.
// One file per concern, as the spec table groups them: catalog, orders, outgoing money (with
// the guard), wait, and the sandbox's own commands. Operand helpers shared by all are here.
import PayClient

extension Interpreter {
    /// `fetchingCreated`: false leaves an order the command creates unfetched (Deferred.swift).
    func run(_ command: Command, in env: Environment, _ range: SourceRange, fetchingCreated: Bool = true) async throws -> Value {
        switch command {
        case .integrations: return try await integrationsCommand(range)
        case let .integration(nameExpr): return try await integrationCommand(nameExpr, in: env)
        case .assets: return try await assetsCommand(range)
        case let .rates(amountExpr): return try await ratesCommand(amountExpr, in: env, range)
        case let .order(amountExpr, integrationExpr, externalExpr):
            return try await createOrder(amountExpr, integrationExpr, externalExpr, in: env, range, fetch: fetchingCreated)
        case let .getOrder(idExpr):
            it = try await currentOrder(try await identifier(idExpr, in: env, what: "order id"), range)
            return it
        case let .getTransaction(idExpr): return try await getTransaction(idExpr, in: env, range)
        case let .refund(size, orderExpr, destinationExpr):
            return try await refund(size, orderExpr, destinationExpr, in: env, range, fetch: fetchingCreated)
        case let .withdraw(amountExpr, destinationExpr, integrationExpr):
            return try await withdraw(amountExpr, destinationExpr, integrationExpr, in: env, range, fetch: fetchingCreated)
        case let .send(amountExpr, fromExpr, toExpr, integrationExpr, externalExpr):
            return try await send(amountExpr, fromExpr, toExpr, integrationExpr, externalExpr, in: env, range, fetch: fetchingCreated)
        case let .wait(orderExpr, statuses, withinExpr, everyExpr):
            return try await wait(orderExpr, statuses, withinExpr, every: everyExpr, in: env, range)
        case let .pay(firstExpr, orderExpr): return try await payerPays(firstExpr, orderExpr, in: env, range)
        case let .advance(byExpr): return try await advance(byExpr, in: env, range)
        case let .balance(assetExpr): return try await balance(assetExpr, in: env, range)
        }
    }

    /// Keeps what a sandbox's answer says of an order's status (README, "Requests").
    func noteStatus<T>(_ answer: Documented<T>, of id: String) {
        guard session.isSandbox, let status = answer.header(SandboxHeaders.orderStatus) else { return }
        context.statuses[id] = context.card(.string(status))
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
            throw Fault(error.isDefinite ? .P501 : .P502, error.description, range)
        }
    }

    func amountValue(_ expr: Expr, in env: Environment, what: String) async throws -> Amount {
        let value = try await evaluate(expr, in: env)
        guard case let .amount(amount) = value else {
            throw Fault(.P401, "expected \(what), got \(value.typeName) \(value.literal)", expr.range)
        }
        guard amount.isPositive else { throw Fault(.P404, "the amount must be positive, got \(amount)", expr.range) }
        return amount
    }

    func text(_ expr: Expr, in env: Environment, what: String) async throws -> String {
        let value = try await evaluate(expr, in: env)
        guard case let .string(text) = value else {
            throw Fault(.P401, "expected \(what) as a string, got \(value.typeName) \(value.literal)", expr.range)
        }
        return text
    }

    /// Ids may be written as strings, numbers (`get transaction 705`) or records with an `id`.
    func identifier(_ expr: Expr, in env: Environment, what: String) async throws -> String {
        switch try await evaluate(expr, in: env) {
        case let .string(text): return text
        case let .number(n): return Value.number(n).literal
        case let .record(record) where record.string("id") != nil: return record.string("id")!
        case let other: throw Fault(.P401, "expected \(what), got \(other.typeName)", expr.range)
        }
    }

    /// An order operand, or `it`; returns the order's id.
    func orderOperand(_ expr: Expr?, in env: Environment, _ range: SourceRange, for command: String) async throws -> String {
        let value: Value
        if let expr {
            value = try await operandValue(expr, in: env)
        } else {
            guard case .record = it else {
                throw Fault(.P504, "'\(command)' needs an order: name one, or create or fetch one first so 'it' is bound", range)
            }
            value = it
        }
        return try orderId(of: value, expr?.range ?? range, for: command)
    }

    /// The id of an order given as a record or as its id.
    func orderId(of value: Value, _ range: SourceRange, for command: String) throws -> String {
        switch value {
        case let .record(record):
            guard let id = record.string("id") else { throw Fault(.P504, "this record is not an order (it has no id)", range) }
            return id
        case let .string(id): return id
        default: throw Fault(.P401, "'\(command)' needs an order or an order id, got \(value.typeName)", range)
        }
    }
}
