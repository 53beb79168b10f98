// The rendered form of errors: file:line:col, the source line, a caret span, notes.
import Testing
@testable import PayScript

struct DiagnosticsTests {
    @Test func rendersLineCaretAndNotes() {
        let file = SourceFile(path: "checkout.pay", text: "let o = order 1 TRX\nexpect o.totalAmount == 0.995 TRX\n")
        let diagnostic = Diagnostic(.run(.expectationFailed("expectation failed: o.totalAmount == 0.995 TRX")),
            file: file, range: SourceRange(SourceLocation(line: 2, column: 8), SourceLocation(line: 2, column: 34)),
            notes: ["  left:  0.000000 TRX", "  right: 0.995000 TRX"])
        #expect(diagnostic.rendered == """
            checkout.pay:2:8: error[P407]: expectation failed: o.totalAmount == 0.995 TRX
            expect o.totalAmount == 0.995 TRX
                   ^~~~~~~~~~~~~~~~~~~~~~~~~~
              left:  0.000000 TRX
              right: 0.995000 TRX
            """)
    }

    @Test func threeSyntaxErrorsOnThreeLinesAndNothingRuns() async {
        let run = await ScriptRun.of("print \"side effect\"\nlet = 1\nprint 1 2\nlet x = \nprint 2")
        #expect(run.lines.isEmpty)
        #expect(run.error?.kind == .syntax)
        #expect(run.error?.rendered.split(separator: "\n", omittingEmptySubsequences: false) == [
            "test.pay:2:5: error[P101]: variable name after 'let' expected, found '='",
            "let = 1",
            "    ^",
            "test.pay:3:9: error[P101]: end of line expected, found number 2",
            "print 1 2",
            "        ^",
            "test.pay:4:9: error[P101]: expression expected, found end of line",
            "let x = ",
            "        ^",
        ])
    }
}
