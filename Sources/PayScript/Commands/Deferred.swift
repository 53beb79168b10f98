// An order created only to be paid and waited on is not fetched in between: `let o = order 1 TRX`,
// `pay o`, `wait o completed` needs the order's id and price, which the POST answered, and `wait`
// fetches it afresh before anyone can see it. So is a refund, withdrawal or send waited on next. What the variable holds meanwhile is never read;
// the look-ahead below proves that from the statements that follow, and is otherwise silent, so
// the order is fetched as before. A value read before it is fetched, which the look-ahead should
// make impossible, is fetched where it is read (`resolved`): no field is ever missing.
import PayClient

extension Interpreter {
    /// Whether `let NAME = order …` (or `refund`, `withdraw`, `send`) at `index` may leave the
    /// order unfetched: the statements after it, in the same block, only pay it (by name, `it` or
    /// nothing; an incoming order) with literal amounts, then `wait NAME …` re-binds it (and
    /// `it`) with literal clauses. Never at a prompt, where the next entry may read anything, nor
    /// where a failure lets the run go on (`expect refused`, `cases`).
    func createsUnreadOrder(_ statements: [Stmt], at index: Int) -> Bool {
        guard !atPrompt, recovering == 0, case let .let(name, expr) = statements[index].kind, case let .command(creating) = expr.kind else { return false }
        // An order the command creates: `order` makes an incoming one, the outgoing commands the rest.
        guard creating.name == "order" || creating.spec.outgoing else { return false }
        let incoming = creating.name == "order"
        func literal(_ expr: Expr?) -> Bool {
            switch expr?.kind {
            case nil, .amount?, .duration?: true
            default: false
            }
        }
        func names(_ expr: Expr?) -> Bool {
            switch expr?.kind {
            case nil, .it?: true
            case let .variable(other)?: other == name
            default: false
            }
        }
        for statement in statements[(index + 1)...] {
            guard case let .expression(expr) = statement.kind, case let .command(command) = expr.kind else { return false }
            switch command.name {
            case "pay" where incoming:
                // `pay o` is one operand, told apart when run: the order, or an amount for `it`.
                let (amount, order) = (command.operand(0), command.clause(.to))
                guard order == nil ? (literal(amount) || names(amount)) : (literal(amount) && names(order)) else { return false }
            case "wait":
                guard case .variable(name)? = command.operand(0)?.kind else { return false }
                return literal(command.clause(.within)) && literal(command.clause(.every))
            default:
                return false
            }
        }
        return false
    }

    /// A command's operand as bound, not fetched: an order's id is all `pay` and `wait` need first.
    func operandValue(_ expr: Expr, in env: Environment) async throws -> Value {
        switch expr.kind {
        case let .variable(name): if let value = env.lookup(name) { return value }
        case .it: if case .record = it { return it }
        default: break
        }
        return try await evaluate(expr, in: env)
    }

    /// A value as a script may see it: an order left unfetched is fetched now, and `name` (or
    /// `it`) re-bound to it.
    func resolved(_ value: Value, name: String?, in env: Environment, _ range: SourceRange) async throws -> Value {
        guard case let .record(record) = value, record.awaitsFetch, let id = record.string("id") else { return value }
        let order = try await currentOrder(id, range)
        if let name { _ = env.assign(name, order) }
        if case let .record(bound) = it, bound.awaitsFetch, bound.string("id") == id { it = order }
        return order
    }

    /// The order just created, as the POST answered it and the run noted it, marked to be
    /// fetched if it is ever read.
    func unfetchedOrder(_ id: String) -> Value {
        var record = Record([("id", .string(id))] + (context.orderNotes[id] ?? []))
        record.awaitsFetch = true
        return .record(record)
    }
}
