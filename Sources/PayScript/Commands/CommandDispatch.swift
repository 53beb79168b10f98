// Runs a command by its entry in the command table: the guards the entry names, then its run
// function, which turns its operands into one typed client call and its answer into a value. One
// file per concern: catalog, orders, outgoing money (with the guard), wait, and the sandbox's own
// commands. Operand helpers shared by all are here.
import PayClient

/// One command about to run: what was written, where, and in which scope.
struct CommandCall {
    var command: Command
    var env: Environment
    var range: SourceRange
    /// False leaves an order the command creates unfetched (Deferred.swift).
    var fetchingCreated: Bool
    /// Given by the dispatch to a command its entry marks `outgoing`, and to no other.
    var permit: OutgoingPermit?

    func operand(_ index: Int) -> Expr? { command.operand(index) }
    func clause(_ word: Keyword) -> Expr? { command.clause(word) }

    /// A required operand or clause: the parser read it, so it is there.
    func required(_ index: Int) throws -> Expr {
        guard let expr = operand(index) else { throw Fault(.internalError("internal: '\(command.name)' has no operand \(index + 1)"), range) }
        return expr
    }

    func required(_ word: Keyword) throws -> Expr {
        guard let expr = clause(word) else { throw Fault(.internalError("internal: '\(command.name)' has no '\(word.rawValue)'"), range) }
        return expr
    }

    func outgoingPermit() throws -> OutgoingPermit {
        guard let permit else { throw Fault(.internalError("internal: '\(command.name)' moves money but its entry is not marked outgoing"), range) }
        return permit
    }
}

/// What the money guard takes (Outgoing.swift): only the dispatch makes one, for a command whose
/// entry in the command table is marked `outgoing`.
struct OutgoingPermit {}

typealias CommandRunner = (Interpreter, CommandCall) async throws -> Value

extension Interpreter {
    /// Each command's run function, by its entry's name; CommandTableTests checks that every entry
    /// has one and nothing else does.
    nonisolated(unsafe) static let runners: [String: CommandRunner] = [
        "integrations": { run, call in try await run.integrationsCommand(call.range) },
        "integration": { run, call in try await run.integrationCommand(try call.required(0), in: call.env) },
        "assets": { run, call in try await run.assetsCommand(call.range) },
        "rates": { run, call in try await run.ratesCommand(try call.required(0), in: call.env, call.range) },
        "order": { run, call in
            try await run.createOrder(try call.required(0), call.clause(.for), call.clause(.external), in: call.env, call.range,
                                      fetch: call.fetchingCreated)
        },
        "get order": { run, call in
            run.it = try await run.currentOrder(try await run.identifier(try call.required(0), in: call.env, what: "order id"), call.range)
            return run.it
        },
        "get transaction": { run, call in try await run.getTransaction(try call.required(0), in: call.env, call.range) },
        "get rate": { run, call in try await run.rateCommand(try call.required(0), try call.required(.for), in: call.env, call.range) },
        "refund": { run, call in
            let size: RefundSize = switch call.command.operands.first ?? nil {
            case .word("half")?: .half
            case let .expr(value)?: .value(value)
            default: .all
            }
            return try await run.refund(size, call.clause(.of), call.clause(.to), in: call.env, call.range,
                                        permit: try call.outgoingPermit(), fetch: call.fetchingCreated)
        },
        "withdraw": { run, call in
            try await run.withdraw(try call.required(0), try call.required(.to), call.clause(.from), in: call.env, call.range,
                                   permit: try call.outgoingPermit(), fetch: call.fetchingCreated)
        },
        "send": { run, call in
            try await run.send(try call.required(0), try call.required(.from), try call.required(.to), call.clause(.for),
                               call.clause(.external), in: call.env, call.range, permit: try call.outgoingPermit(),
                               fetch: call.fetchingCreated)
        },
        "wait": { run, call in
            guard case let .statuses(statuses)? = call.command.operands.last ?? nil else {
                throw Fault(.internalError("internal: 'wait' has no statuses"), call.range)
            }
            return try await run.wait(call.operand(0), statuses, call.clause(.within), every: call.clause(.every), in: call.env, call.range)
        },
        "pay": { run, call in try await run.payerPays(call.operand(0), call.clause(.to), in: call.env, call.range) },
        "advance": { run, call in try await run.advance(try call.required(0), in: call.env, call.range) },
        "balance": { run, call in try await run.balance(call.operand(0), in: call.env, call.range) },
        "refresh": { run, call in try await run.refresh(try call.required(0), in: call.env, call.range) },
    ]

    /// Runs a command by its entry: a sandbox-only one is refused on a real gateway here, before
    /// anything is evaluated, and only an outgoing one gets the permit the money guard takes.
    /// `fetchingCreated`: false leaves an order the command creates unfetched (Deferred.swift).
    func run(_ command: Command, in env: Environment, _ range: SourceRange, fetchingCreated: Bool = true) async throws -> Value {
        let spec = command.spec
        if spec.sandboxOnly { try requireSandbox(spec.name, range) }
        guard let runner = Interpreter.runners[spec.name] else {
            throw Fault(.internalError("internal: '\(spec.name)' has no run function"), range)
        }
        let call = CommandCall(command: command, env: env, range: range, fetchingCreated: fetchingCreated,
                               permit: spec.outgoing ? OutgoingPermit() : nil)
        return try await runner(self, call)
    }

    /// A sandbox-only command on a real gateway.
    func requireSandbox(_ command: String, _ range: SourceRange) throws {
        guard session.isSandbox else {
            throw Fault(.sandboxOnly(command), range)
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
            throw Fault.from(error, range)
        }
    }

    func amountValue(_ expr: Expr, in env: Environment, what: String) async throws -> Amount {
        let value = try await evaluate(expr, in: env)
        guard case let .amount(amount) = value else {
            throw Fault(.expectedOperand(what, got: "\(value.typeName) \(value.literal)"), expr.range)
        }
        guard amount.isPositive else { throw Fault(.positiveAmount(got: "\(amount)"), expr.range) }
        return amount
    }

    func text(_ expr: Expr, in env: Environment, what: String) async throws -> String {
        let value = try await evaluate(expr, in: env)
        guard case let .string(text) = value else {
            throw Fault(.expectedOperand("\(what) as a string", got: "\(value.typeName) \(value.literal)"), expr.range)
        }
        return text
    }

    /// Ids may be written as strings, numbers (`get transaction 705`) or records with an `id`.
    func identifier(_ expr: Expr, in env: Environment, what: String) async throws -> String {
        switch try await evaluate(expr, in: env) {
        case let .string(text): return text
        case let .number(n): return Value.number(n).literal
        case let .record(record) where record.string("id") != nil: return record.string("id")!
        case let other: throw Fault(.expectedOperand(what, got: other.typeName), expr.range)
        }
    }

    /// An order operand, or `it`; returns the order's id.
    func orderOperand(_ expr: Expr?, in env: Environment, _ range: SourceRange, for command: String) async throws -> String {
        let value: Value
        if let expr {
            value = try await operandValue(expr, in: env)
        } else {
            guard case .record = it else {
                throw Fault(.needsOrder(command), range)
            }
            value = it
        }
        return try orderId(of: value, expr?.range ?? range, for: command)
    }

    /// The id of an order given as a record or as its id.
    func orderId(of value: Value, _ range: SourceRange, for command: String) throws -> String {
        switch value {
        case let .record(record):
            guard let id = record.string("id") else { throw Fault(.notAnOrder, range) }
            return id
        case let .string(id): return id
        default: throw Fault(.needs(construct: "'\(command)'", needs: "an order or an order id", got: value.typeName), range)
        }
    }
}
