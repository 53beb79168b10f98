// Syntax trees for each construct, and recovery that reports every error of a file.
import Foundation
import Testing
@testable import PayScript

struct ParserTests {
    func parse(_ text: String) -> ([Stmt], [SyntaxError]) {
        var parser = Parser(text)
        let statements = parser.parseProgram()
        return (statements, parser.errors)
    }

    /// The tree without positions, for comparing shapes.
    func shape(_ text: String) -> [String] {
        let (statements, errors) = parse(text)
        #expect(errors.isEmpty, "\(errors)")
        return statements.map { describe($0.kind) }
    }

    func describe(_ kind: Stmt.Kind) -> String {
        switch kind {
        case let .let(name, expr): "let \(name) = \(describe(expr))"
        case let .expression(expr): describe(expr)
        case let .expect(expr, message): "expect \(describe(expr))" + (message.map { " else \(describe($0))" } ?? "")
        case let .if(condition, then, otherwise):
            "if \(describe(condition)) {\(then.map { describe($0.kind) }.joined(separator: "; "))}"
                + (otherwise.map { " else {\($0.map { describe($0.kind) }.joined(separator: "; "))}" } ?? "")
        case let .def(name, parameters, body): "def \(name)(\(parameters.joined(separator: ","))) {\(body.map { describe($0.kind) }.joined(separator: "; "))}"
        case let .return(expr): "return \(expr.map(describe) ?? "")"
        case let .print(expr): "print \(describe(expr))"
        default: "\(kind)"
        }
    }

    func describe(_ expr: Expr) -> String {
        switch expr.kind {
        case let .number(n): "\(n.normalized)"
        case let .amount(n, unit): "\(n.normalized) \(unit)"
        case let .duration(ms): "\(ms)ms"
        case let .percent(p): "\(Value.percent(p).literal)"
        case let .string(parts): "\"" + parts.map { if case let .text(t) = $0 { t } else if case let .expr(e) = $0 { "{\(describe(e))}" } else { "" } }.joined() + "\""
        case let .variable(name): name
        case .it: "it"
        case let .binary(op, l, r): "(\(describe(l)) \(op.rawValue) \(describe(r)))"
        case let .unary(op, e): "(\(op.rawValue) \(describe(e)))"
        case let .field(base, name): "\(describe(base)).\(name)"
        case let .index(base, index): "\(describe(base))[\(describe(index))]"
        case let .call(name, args): "\(name)(\(args.map(describe).joined(separator: ", ")))"
        case let .command(command): describe(command)
        default: "\(expr.kind)"
        }
    }

    func describe(_ command: Command) -> String {
        func opt(_ word: String, _ e: Expr?) -> String { e.map { " \(word) \(describe($0))" } ?? "" }
        switch command {
        case let .order(amount, integration, external): return "order \(describe(amount))" + opt("for", integration) + opt("external", external)
        case let .wait(order, statuses, within): return "wait" + (order.map { " \(describe($0))" } ?? "") + " \(statuses.joined(separator: ",")) " + opt("within", within)
        case let .refund(size, order, to):
            let s: String
            switch size { case .all: s = "all"; case .half: s = "half"; case let .value(e): s = describe(e) }
            return "refund \(s)" + opt("of", order) + opt("to", to)
        case let .pay(amount, order): return "pay" + (amount.map { " \(describe($0))" } ?? "") + opt("to", order)
        case let .send(amount, from, to, integration, external):
            return "send \(describe(amount)) from \(describe(from)) to \(describe(to))" + opt("for", integration) + opt("external", external)
        case let .balance(asset): return "balance" + (asset.map { " \(describe($0))" } ?? "")
        case let .getOrder(id): return "get order \(describe(id))"
        default: return "\(command)"
        }
    }

    @Test func commandsWithTheirClauses() {
        #expect(shape(#"let o = order 1 TRX for shop external "A-123""#) == [#"let o = order 1 TRX for shop external "A-123""#])
        #expect(shape("order 0.5 USDT_TRC20 external 7 for shop") == ["order 0.5 USDT_TRC20 for shop external 7"])
        #expect(shape("wait o completed, expired within 5m") == ["wait o completed,expired  within 300000ms"])
        #expect(shape("wait completed") == ["wait completed "])
        #expect(shape("refund half") == ["refund half"])
        #expect(shape("refund 25% of o to \"T\"") == [#"refund 25% of o to "T""#])
        #expect(shape("refund") == ["refund all"])
        #expect(shape("pay o") == ["pay o"])
        #expect(shape("pay 0.5 TRX to o") == ["pay 0.5 TRX to o"])
        #expect(shape("send 1.2 TRX from o.paymentAddress to dest") == ["send 1.2 TRX from o.paymentAddress to dest"])
        #expect(shape("expect balance TRX == 5 TRX") == [#"expect (balance "TRX" == 5 TRX)"#])
        #expect(shape("get order it.id") == ["get order it.id"])
    }

    @Test func precedenceAndAssociativity() {
        #expect(shape("1 + 2 * 3 - 4 / 2") == ["((1 + (2 * 3)) - (4 / 2))"])
        #expect(shape("not a == b and c or d") == ["(((not (a == b)) and c) or d)"])
        #expect(shape("-x.y[0] * 2") == ["((- x.y[0]) * 2)"])
    }

    @Test func statements() {
        #expect(shape("if x > 1 { print 1 } else if x < 0 { print 2 } else { print 3 }") ==
                ["if (x > 1) {print 1} else {if (x < 0) {print 2} else {print 3}}"])
        #expect(shape("def fee(a) {\n  return a * 0.5%\n}") == ["def fee(a) {return (a * 0.5%)}"])
        #expect(shape(#"expect o.status == "completed" else "not paid: {o.id}""#) ==
                [#"expect (o.status == "completed") else "not paid: {o.id}""#])
    }

    @Test func everyErrorOfAFileIsReported() {
        let (_, errors) = parse("let o = order 1 TRX for\nprint \"ok\"\nlet = 3\nexpect (1 + 2 == 3\nprint 1")
        #expect(errors.map { "\($0.range.start): \($0.message)" } == [
            "1:24: value after 'for' expected, found end of line",
            "3:5: variable name after 'let' expected, found '='",
            "5:1: ')' expected (to close '(' at line 4), found 'print'",
        ])
    }

    @Test func anUnclosedBlockSaysWhereItOpened() {
        let (_, errors) = parse("if x {\n  print 1\n")
        #expect(errors.count == 1)
        #expect(errors[0].message == "'}' expected (to close '{' at line 1), found end of input")
        #expect(errors[0].atEndOfInput)
    }

    @Test func statementsMustEndAtTheLine() {
        let (_, errors) = parse("print 1 2")
        #expect(errors.map(\.message) == ["end of line expected, found number 2"])
    }

    @Test func interpolationErrorsPointIntoTheString() {
        let (_, errors) = parse(#"print "total: {o.}""#)
        #expect(errors.map { "\($0.range.start): \($0.message)" } == ["1:18: field name after '.' expected, found end of input"])
    }
}
