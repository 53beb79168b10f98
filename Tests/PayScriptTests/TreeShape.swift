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

    /// Every operand (`-` where one is left out) and every clause of the entry, in its order.
    static func command(_ c: Command) -> String {
        var parts = [c.name]
        for argument in c.operands {
            switch argument {
            case nil: parts.append("-")
            case let .word(word)?: parts.append(word)
            case let .statuses(statuses)?: parts.append(statuses.joined(separator: ","))
            case let .expr(value)?: parts.append(expr(value))
            }
        }
        for clause in c.spec.clauses { parts.append("\(clause.word.rawValue):\(expr(c.clauses[clause.word]))") }
        return parts.joined(separator: " ")
    }
}
