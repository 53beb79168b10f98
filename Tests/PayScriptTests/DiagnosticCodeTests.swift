// The diagnostics' table: every code is listed once, explained, and its example gives it.
import Foundation
import Testing
@testable import PayScript

struct DiagnosticCodeTests {
    @Test func everyCodeIsListedOnceInOrderWithItsExplanation() throws {
        let ids = DiagnosticCode.all.map(\.id)
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.range(of: #"^P[1-5][0-9][0-9]$"#, options: .regularExpression) != nil })
        // Each `static let Pnnn` of the table is in `all`: a code added and not listed would be
        // unknown to `pay explain`.
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/PayScriptSyntax/DiagnosticCode.swift"), encoding: .utf8)
        let declared = source.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #"static let P[0-9]{3} "#, options: .regularExpression) else { return nil }
            return String(line[range].dropFirst("static let ".count).dropLast())
        }
        #expect(declared == ids)
        for code in DiagnosticCode.all {
            #expect(!code.title.isEmpty && !code.explanation.isEmpty, "\(code)")
            #expect(DiagnosticCode.named(code.id.lowercased()) == code)
        }
        #expect(DiagnosticCode.named("P999") == nil)
        #expect(DiagnosticCode.P210.severity == .warning && DiagnosticCode.P201.severity == .error)
        #expect(DiagnosticCode.all.filter { $0.severity == .warning }.map(\.id) == ["P210", "P211"])
    }

    /// Each example runs as `pay run` would on the embedded sandbox, and the first diagnostic it
    /// gives (an error, else a warning) has the example's code.
    @Test(arguments: DiagnosticCode.all.filter { $0.example != nil })
    func exampleGivesItsCode(code: DiagnosticCode) async {
        let file = SourceFile(path: "example.pay", text: code.example!)
        let diagnostics: [Diagnostic]
        do {
            let script = try ScriptLoader.load(file, absolutePath: "/nonexistent-pay-example/example.pay")
            let outcome = await Pipeline.run(script, on: Interpreter(session: .embedded(), file: file) { _ in })
            diagnostics = (outcome.error?.diagnostics ?? []) + outcome.warnings
        } catch {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics.first?.code == code, "\(code): \(diagnostics.map(\.rendered))")
    }

    /// A run's failures carry their particulars as typed values: tests compare those, not sentences.
    @Test func aRunsFailuresAreTypedReasons() async {
        let cases: [(String, RunReason)] = [
            ("print 1 TRX + 1 EUR", .currenciesMix("TRX", "EUR")),
            ("let r = {a: 1, b: 2}\nprint r.c", .noField("c", fields: ["a", "b"])),
            ("if 1 { print 1 }", .needs(construct: "'if'", needs: "a bool", got: "number 1")),
            ("print [1, 2][5]", .indexOutOfRange("5", count: 2)),
            ("let o = order 1 TRX\nrefund half of o", .notPaid(order: "1ef0a83e-c24b-6ef8-8190-f25101535b92", status: "inProgress")),
            ("repeat 2000000 { }", .repeatCount(got: "2000000")),
            ("print 1 / 0", .divisionByZero),
        ]
        for (text, reason) in cases {
            let run = await ScriptRun.of(text)
            #expect(run.error?.diagnostics.first?.reason == .run(reason), "\(text)")
            #expect(run.error?.diagnostics.first?.code == reason.code, "\(text)")
        }
    }

    @Test func anAllowanceSilencesTheWarningOfTheStatementBelowAndIsCounted() throws {
        let text = "# pay: allow P210\nlet quiet = 1\nlet loud = 2\n#pay:allow p210, P201 P9\nlet also = 3\n"
        let file = SourceFile(path: "a.pay", text: text)
        let report = Checker.check(try ScriptLoader.load(file, absolutePath: "/nonexistent-pay-example/a.pay"))
        #expect(report.allowed.map { [$0.code.id, "\($0.range.start)"] } == [["P210", "2:1"], ["P210", "5:1"]])
        #expect(report.warnings.map(\.reason) == [
            .check(.unused("loud")),
            .check(.allowanceNamesNoWarning(code: "P201", isError: true)),
            .check(.allowanceNamesNoWarning(code: "P9", isError: false)),
        ])
        #expect(report.warnings.map { "\($0.code) \($0.range.start)" } == ["P210 3:1", "P211 4:1", "P211 4:1"])
        // Two lines above is not the line above.
        let far = SourceFile(path: "b.pay", text: "# pay: allow P210\n\nlet quiet = 1\n")
        #expect(Checker.check(try ScriptLoader.load(far, absolutePath: "/nonexistent-pay-example/b.pay")).warnings.map(\.code) == [.P210])
    }

    /// Every reason the front end can give names a code whose kind stops a run before it starts.
    @Test func theFrontEndsReasonsHaveSyntaxOrLiteralCodes() {
        let reasons: [Reason] = [
            .syntax(.expected("x", found: "y")), .syntax(.unclosed(closer: ")", opener: "(", line: 1, found: "end of input")),
            .syntax(.notACommand("ordr", suggestion: "order")), .syntax(.statusAsVariable(status: "failed", next: "completed")),
            .syntax(.useCycle(["a.pay", "b.pay", "a.pay"])), .syntax(.lowerCaseCurrency(value: "1", unit: "trx")),
            .check(.declaredTwice("a", line: 1, function: false)), .check(.argumentCount(function: "len", builtin: true, takes: 1, given: 2)),
        ]
        #expect(reasons.map(\.code.id) == ["P101", "P102", "P105", "P109", "P110", "P303", "P202", "P204"])
        #expect(reasons[6].message == "'a' is already declared in this block (line 1); assign with 'a = …' or choose another name")
        #expect(reasons[7].message == "len() takes 1 argument, got 2")
    }

    @Test func hintsThatNameOneReplacementCarryIt() throws {
        let typo = SourceFile(path: "t.pay", text: "let o = ordr 1 TRX\n")
        let (_, syntax) = ScriptLoader.parse(typo)
        #expect(syntax.map(\.reason) == [.syntax(.notACommand("ordr", suggestion: "order"))])
        #expect(syntax.first?.fix == Replacement(SourceRange(SourceLocation(line: 1, column: 9), SourceLocation(line: 1, column: 13)), with: "order"))
        let status = SourceFile(path: "s.pay", text: "let failed = 1\nwait failed completed\n")
        #expect(ScriptLoader.parse(status).1.first?.fix
            == Replacement(SourceRange(SourceLocation(line: 2, column: 6), SourceLocation(line: 2, column: 12)), with: "(failed)"))
        let names = SourceFile(path: "n.pay", text: "let total = 1\nprint totl + lenn([total])\n")
        let report = Checker.check(try ScriptLoader.load(names, absolutePath: "/nonexistent-pay-example/n.pay"))
        #expect(report.errors.map(\.reason) == [
            .check(.notDefined("totl", suggestion: "total")),
            .check(.notAFunction("lenn", suggestion: "len", builtins: BuiltinFunction.allCases.map(\.rawValue).sorted())),
        ])
        #expect(report.errors.map(\.code) == [.P201, .P205])
        #expect(report.errors.compactMap(\.fix?.text) == ["total", "len"])
        #expect(report.errors[1].fix?.range == SourceRange(SourceLocation(line: 2, column: 14), SourceLocation(line: 2, column: 18)))
    }
}
