// Syntax trees for each construct, and recovery that reports every error of a file.
import Foundation
import Testing
@testable import PayScript
@testable import PayScriptSyntax

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
        case let .list(items): "[\(items.map(describe).joined(separator: ", "))]"
        case let .record(fields): "{" + fields.map { "\($0.name): \(describe($0.value))" }.joined(separator: ", ") + "}"
        case let .command(command): describe(command)
        default: "\(expr.kind)"
        }
    }

    /// A command as its entry's name, each operand given, then its clauses in the entry's order.
    func describe(_ command: Command) -> String {
        var text = command.name
        for argument in command.operands {
            switch argument {
            case nil: break
            case let .word(word)?: text += " \(word)"
            case let .statuses(statuses)?: text += " \(statuses.joined(separator: ","))"
            case let .expr(value)?: text += " \(describe(value))"
            }
        }
        for clause in command.spec.clauses {
            if let value = command.clauses[clause.word] { text += " \(clause.word.rawValue) \(describe(value))" }
        }
        return text
    }

    /// Layouts `pay fmt` never writes but people do: a list or record one item a line, with a
    /// trailing comma. (The end-to-end cases are formatted, so they no longer hold these.)
    @Test func listsAndRecordsOneItemALineWithATrailingComma() {
        #expect(shape("let amounts = [\n  1 TRX,\n  2 TRX,\n]\nprint len([1,])") == [
            "let amounts = [1 TRX, 2 TRX]", "print len([1])",
        ])
        #expect(shape("let cases = [\n  {amount: 1 TRX, ref: \"A\"},\n  {amount: 2.5 TRX,\n   ref: \"B\", note: null,},\n]") == [
            "let cases = [{amount: 1 TRX, ref: \"A\"}, {amount: 2.5 TRX, ref: \"B\", note: null}]",
        ])
        #expect(parse("print [1,,]").1.map(\.message) == ["expression expected, found ','"])
    }

    /// `cases` starts a cases block only at a statement's start, followed by a space and an
    /// expression; otherwise it is a name like any other.
    @Test func casesIsABlockOrAName() {
        func tree(_ text: String) -> String {
            let (statements, errors) = parse(text)
            #expect(errors.isEmpty, "\(errors)")
            return TreeShape.of(statements)
        }
        #expect(tree("cases [1, 2] as n { print n }") == TreeShape.of(parse("cases [1, 2] as n {\n  print n\n}").0))
        #expect(tree("cases [1, 2] as n { print n }") == "cases [n(1),n(2)] as n {print v(n)}")
        #expect(tree("let cases = [1]\ncases[0]\ncases = [2]\ncases\nprint cases")
            == TreeShape.of(parse("let cases = [1]\n(cases)[0]\ncases = [2]\n(cases)\nprint cases").0))
        #expect(tree("let cases = [1]\ncases[0]\ncases = [2]") == "let cases [n(1)]\nexpr v(cases)[n(0)]\nassign cases [n(2)]")
        #expect(parse("cases load(\"a.csv\") row { print row }").1.map(\.message) == ["'as NAME' after the cases' list expected, found 'row'"])
        #expect(parse("cases [1] as { }").1.map(\.message).first?.hasPrefix("name for one case after 'as' expected") == true)
    }

    @Test func aMisspeltCommandAfterLetIsNamed() {
        #expect(parse("let o = ordr 1 TRX").1.map(\.message) == ["'ordr' is not a command; did you mean 'order'?"])
        #expect(parse("o = refnd half").1.map(\.message) == ["'refnd' is not a command; did you mean 'refund'?"])
        #expect(parse("let o = zzz 1").1.map(\.message) == ["end of line expected, found number 1"])
    }

    @Test func commandsWithTheirClauses() {
        #expect(shape(#"let o = order 1 TRX for shop external "A-123""#) == [#"let o = order 1 TRX for shop external "A-123""#])
        #expect(shape("order 0.5 USDT_TRC20 external 7 for shop") == ["order 0.5 USDT_TRC20 for shop external 7"])
        #expect(shape("wait o completed, expired within 5m") == ["wait o completed,expired within 300000ms"])
        #expect(shape("wait completed") == ["wait completed"])
        // `every` is wait's clause, in either order with `within`, and a name anywhere else.
        #expect(shape("wait o completed every 2s within 5m") == ["wait o completed within 300000ms every 2000ms"])
        #expect(shape("wait every completed every 1m") == ["wait every completed every 60000ms"])
        #expect(shape("let every = 2s") == ["let every = 2000ms"])
        #expect(parse("wait o completed every 1s every 2s").1.map(\.message) == ["'every' appears twice"])
        #expect(shape("refund half") == ["refund half"])
        #expect(shape("refund 25% of o to \"T\"") == [#"refund 25% of o to "T""#])
        #expect(shape("refund") == ["refund"])
        #expect(shape("refund all of o") == ["refund all of o"])
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

    @Test func newlinesInsideBracketsAreIgnored() {
        #expect(shape("let l = [1,\n  2,\n]\nprint len(\n  l\n)") == ["let l = [1, 2]", "print len(l)"])
    }

    @Test func anUnclosedBracketDoesNotHideTheErrorsAfterIt() {
        let (_, errors) = parse("print (1 +\nlet x = 2\nprint ]\nlet = 1")
        #expect(errors.map { "\($0.range.start): \($0.message)" } == [
            "2:1: 'let' cannot start an expression (is the '(' at line 1, column 7 left open?)",
            "3:7: expression expected, found ']'",
            "4:5: variable name after 'let' expected, found '='",
        ])
    }

    @Test func statusNamesAreOrdinaryNamesExceptAfterWait() {
        // Right after `wait` a status name is a status; parentheses make it the order.
        #expect(shape("let failed = order 1 TRX\npay failed\nrefund half of failed\nwait (failed) completed\nwait failed") == [
            "let failed = order 1 TRX", "pay failed", "refund half of failed", "wait failed completed", "wait failed",
        ])
    }

    @Test func aListMayEndWithOneComma() {
        #expect(shape("print [1, 2,]") == ["print [1, 2]"])
        #expect(parse("print [,]").1.map(\.message) == ["expression expected, found ','"])
        #expect(parse("print [1,,]").1.map(\.message) == ["expression expected, found ','"])
        #expect(parse("print len(1,)").1.map(\.message) == ["expression expected, found ')'"])
    }

    @Test func returnBelongsInAFunction() {
        #expect(parse("return 5").1.map { "\($0.range.start): \($0.message)" } == [
            "1:1: 'return' outside a function: it only ends a def's body",
        ])
        #expect(parse("if true { return }").1.count == 1)
        #expect(shape("def f() {\n  expect refused { return 1 }\n  return 2\n}").count == 1)
    }

    @Test func interpolationCountsTowardTheNestingLimit() {
        func nested(_ levels: Int) -> String {
            (0..<levels).reduce("1") { inner, _ in "\"{" + inner + "}\"" }
        }
        #expect(parse("print " + nested(45)).1.isEmpty)
        for levels in [150, 3000] {
            #expect(parse("print " + nested(levels)).1.map(\.message) == ["nested more than 100 levels deep"])
        }
        // Brackets inside a string count with the brackets around it.
        let parens = String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60)
        #expect(parse("print " + String(repeating: "(", count: 60) + "\"{" + parens + "}\"" + String(repeating: ")", count: 60))
            .1.map(\.message) == ["nested more than 100 levels deep"])
    }

    /// Each command's spec, written out with sample operands, parses as that command: the table
    /// the checker and the REPL read cannot drift from the parser.
    @Test(arguments: Commands.all.map(\.name))
    func everyCommandSpecParses(name: String) throws {
        let usage = try #require(Commands.named[name]).usage
        let samples: [String: String] = [
            "AMOUNT": "1 TRX", "FIAT_AMOUNT": "25 EUR", "ORDER": "o", "AMOUNT|ORDER": "o", "INTEGRATION": "shop",
            "ADDRESS": "\"T9\"", "ID": "\"id\"", "DURATION": "5m", "ASSET": "TRX", "half|all|AMOUNT|PERCENT": "25%",
            "STATUS[, STATUS…]": "completed, expired",
        ]
        var text = usage.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        for (placeholder, sample) in samples.sorted(by: { $0.key.count > $1.key.count }) {
            text = text.replacingOccurrences(of: placeholder.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: ""), with: sample)
        }
        let (statements, errors) = parse(text)
        #expect(errors.isEmpty, "\(text): \(errors)")
        guard statements.count == 1, case let .expression(expr) = statements[0].kind, case let .command(command) = expr.kind else {
            Issue.record("\(text) is not a command: \(statements)")
            return
        }
        #expect(command.name == name)
        #expect(command.operands.count == command.spec.operands.count)
    }

    /// How a prompt knows a statement is finished: input that ends inside it is incomplete (read
    /// another line); an `if` whose block closed is complete, so `else` goes on the `}` line.
    @Test func atAPromptAnIfEndsWithItsBlock() {
        func prompt(_ text: String) -> (statements: Int, incomplete: Bool, messages: [String]) {
            let (program, diagnostics) = ScriptLoader.parse(SourceFile(path: "<prompt>", text: text), interactive: true)
            let error = diagnostics.isEmpty ? nil : ScriptError(.syntax, diagnostics)
            return (program.statements.count, error?.isIncomplete ?? false, diagnostics.map(\.message))
        }
        #expect(prompt("if x {").incomplete)
        #expect(prompt("if x {\n  print 1").incomplete)
        #expect(prompt("print (1 +").incomplete)
        #expect(prompt("let l = [1,\n 2").incomplete)
        #expect(prompt("if x {\n  print 1\n}").statements == 1)
        #expect(prompt("if x {\n  print 1\n} else {").incomplete)
        #expect(prompt("if x { print 1 } else { print 2 }").messages == [])
        #expect(prompt("else { print 2 }").messages == ["'else' must follow the '}' of its 'if' on the same line at the prompt: write '} else {'"])
        #expect(!prompt("print )").incomplete)
        // In a file, else may start the next line.
        #expect(parse("if x {\n  print 1\n}\nelse {\n  print 2\n}").1.isEmpty)
        #expect(parse("else { print 2 }").1.map(\.message) == ["'else' without an 'if' before it"])
    }

    @Test func recordLiterals() {
        #expect(shape("let c = {amount: 1 TRX, ref: \"A\", if: 2,}") == [#"let c = {amount: 1 TRX, ref: "A", if: 2}"#])
        #expect(shape("let t = [\n  {a: 1},\n  {a: 2,\n   b: [3]},\n]") == ["let t = [{a: 1}, {a: 2, b: [3]}]"])
        #expect(shape("print {}") == ["print {}"])
        #expect(shape("for c in [{a: 1}] { print c.a }").count == 1)
        #expect(parse("let r = {a: 1, a: 2}").1.map(\.message) == ["field 'a' appears twice in this record"])
        #expect(parse("let r = {a 1}").1.map(\.message) == ["':' after the field name 'a' expected, found number 1"])
        #expect(parse("let r = {1: 2}").1.map(\.message) == ["field name in a record expected, found number 1"])
        #expect(parse("let r = {a: 1\nprint 2").1.map(\.message) == ["'}' expected (to close '{' at line 1), found 'print'"])
        #expect(parse("let r = {a: 1, a: 2}\nlet = 3").1.map { "\($0.range.start): \($0.message)" } == [
            "1:16: field 'a' appears twice in this record", "2:5: variable name after 'let' expected, found '='",
        ])
    }
}
