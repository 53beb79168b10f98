// A program's tree as text without source positions, to compare the trees of two layouts of it.
@testable import PayScriptSyntax

/// `Stmt` and `Expr` without their source ranges, to compare two trees of the same program.
enum TreeShape {
    static func of(_ statements: [Stmt]) -> String { statements.map(stmt).joined(separator: "\n") }

    static func stmt(_ statement: Stmt) -> String {
        switch statement.kind {
        case let .let(name, value): "let \(name) \(expr(value))"
        case let .assign(name, value): "assign \(name) \(expr(value))"
        case let .expression(value): "expr \(expr(value))"
        case let .if(condition, then, otherwise): "if \(expr(condition)) {\(of(then))} else {\(otherwise.map(of) ?? "-")}"
        case let .for(name, sequence, body): "for \(name) \(expr(sequence)) {\(of(body))}"
        case let .repeat(count, body): "repeat \(expr(count)) {\(of(body))}"
        case let .cases(rows, name, body): "cases \(expr(rows)) as \(name) {\(of(body))}"
        case let .def(name, parameters, body): "def \(name)(\(parameters.joined(separator: ","))) {\(of(body))}"
        case let .return(value): "return \(value.map(expr) ?? "-")"
        case let .use(path): "use \(path)"
        case let .expect(condition, message): "expect \(expr(condition)) else \(message.map(expr) ?? "-")"
        case let .expectRefused(body, binding): "refused {\(of(body))} as \(binding ?? "-")"
        case let .fail(value): "fail \(expr(value))"
        case let .print(value): "print \(expr(value))"
        case let .show(value): "show \(expr(value))"
        case let .sleep(value): "sleep \(expr(value))"
        }
    }

    static func expr(_ e: Expr?) -> String {
        guard let e else { return "-" }
        switch e.kind {
        case .null: return "null"
        case let .bool(b): return "\(b)"
        case let .number(n): return "n(\(n))"
        case let .amount(n, unit): return "a(\(n) \(unit))"
        case let .duration(ms): return "d(\(ms))"
        case let .percent(p): return "p(\(p))"
        case let .string(parts):
            return "s(" + parts.map { part in
                switch part {
                case let .text(t): "t:\(t)"
                case let .expr(x): "e:\(expr(x))"
                }
            }.joined(separator: "|") + ")"
        case let .list(items): return "[\(items.map(expr).joined(separator: ","))]"
        case let .record(fields): return "{\(fields.map { "\($0.name):\(expr($0.value))" }.joined(separator: ","))}"
        case let .variable(name): return "v(\(name))"
        case .it: return "it"
        case let .unary(op, x): return "(\(op.rawValue) \(expr(x)))"
        case let .binary(op, l, r): return "(\(expr(l)) \(op.rawValue) \(expr(r)))"
        case let .field(base, name): return "\(expr(base)).\(name)"
        case let .index(base, index): return "\(expr(base))[\(expr(index))]"
        case let .call(name, arguments): return "\(name)(\(arguments.map(expr).joined(separator: ",")))"
        case let .command(command): return "cmd(\(self.command(command)))"
        }
    }

    static func command(_ c: Command) -> String {
        switch c {
        case .integrations: "integrations"
        case let .integration(name): "integration \(expr(name))"
        case .assets: "assets"
        case let .rates(amount): "rates \(expr(amount))"
        case let .order(amount, integration, external): "order \(expr(amount)) \(expr(integration)) \(expr(external))"
        case let .getOrder(id): "getOrder \(expr(id))"
        case let .getTransaction(id): "getTransaction \(expr(id))"
        case let .refund(size, order, destination):
            "refund \(size == .all ? "all" : size == .half ? "half" : { if case let .value(x) = size { expr(x) } else { "?" } }()) \(expr(order)) \(expr(destination))"
        case let .withdraw(amount, destination, integration): "withdraw \(expr(amount)) \(expr(destination)) \(expr(integration))"
        case let .send(amount, from, to, integration, external):
            "send \(expr(amount)) \(expr(from)) \(expr(to)) \(expr(integration)) \(expr(external))"
        case let .wait(order, statuses, within, every): "wait \(expr(order)) \(statuses.joined(separator: ",")) \(expr(within))" + (every.map { " every \(expr($0))" } ?? "")
        case let .pay(amount, order): "pay \(expr(amount)) \(expr(order))"
        case let .advance(by): "advance \(expr(by))"
        case let .balance(asset): "balance \(expr(asset))"
        }
    }
}
