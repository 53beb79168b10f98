// One script, every entry point: `pay run`, `pay test`, `pay check` and a script on `pay repl`'s
// standard input go through the one pipeline (PayScript's Pipeline), so each ends the same way,
// with the same first diagnostic and the exit status its entry point documents. The prompt's
// entries and `:load` are compared in PayREPLTests (EntryTests), on the same scripts.
import Foundation
import Testing

struct EntryPointTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        var arguments: [String] = []
        /// `pay run`'s status; `pay repl` with a script on standard input exits the same.
        var run: Int32
        /// `pay test`'s: errors of any kind are 3, a wrong --var 64.
        var test: Int32
        /// `pay check`'s: 2 for what the checks find, else 0 (it runs nothing).
        var check: Int32
        /// The first line of the diagnostic, with the file as `S`; nil when it passes.
        var diagnostic: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "passes", text: "let o = order 1 TRX\nexpect o.status == \"inProgress\"\n", run: 0, test: 0, check: 0),
        Case(name: "expectation", text: "expect 1 == 2\n", run: 1, test: 1, check: 0,
             diagnostic: "S:1:8: error[P407]: expectation failed: 1 == 2"),
        Case(name: "refused", text: "get order \"o-404\"\n", run: 3, test: 3, check: 0,
             diagnostic: "S:1:1: error[P501]: GET /orders/o-404 was refused (404): Not found: no order with id o-404"),
        Case(name: "undefined", text: "print y\n", run: 2, test: 3, check: 2,
             diagnostic: "S:1:7: error[P201]: 'y' is not defined"),
        Case(name: "too-fine", text: "print 0.0000001 TRX\n", run: 2, test: 3, check: 2,
             diagnostic: "S:1:7: error[P306]: TRX has 6 decimal places; 0.0000001 has 7"),
        Case(name: "bad-var", text: "print param(\"x\", 1)\n", arguments: ["--var", "x=0.0000001 TRX"], run: 64, test: 64, check: 0,
             diagnostic: "error[P409]: --var x=0.0000001 TRX: TRX has 6 decimal places; 0.0000001 has 7"),
    ]

    @Test(arguments: cases)
    func everyEntryPointEndsTheSameWay(_ scenario: Case) throws {
        let folder = try TestRunnerTests.folder(["s.pay": scenario.text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = scenario.diagnostic?.replacingOccurrences(of: "S:", with: "s.pay:")

        let run = try PayProcess.run(["run", "s.pay"] + scenario.arguments, in: folder)
        #expect(run.status == scenario.run, "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == expected)

        let test = try PayProcess.run(["test", "s.pay"] + scenario.arguments, in: folder)
        #expect(test.status == scenario.test, "\(test.stdout)\(test.stderr)")
        if scenario.test == 64 {
            #expect(test.stderr == expected.map { $0 + "\n" })
            #expect(test.stdout == "")
        } else {
            let lines = test.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix(scenario.test == 0 ? "ok      s.pay" : scenario.test == 1 ? "FAILED  s.pay" : "ERROR   s.pay") == true, "\(test.stdout)")
            if let expected { #expect(lines.dropFirst().first == "    " + expected, "\(test.stdout)") }
        }

        let check = try PayProcess.run(["check", "s.pay"], in: folder)
        #expect(check.status == scenario.check, "\(check.stderr)")
        if scenario.check == 2 { #expect(check.stderr.split(separator: "\n").first.map(String.init) == expected) }

        // Standard input that is not a terminal is a script, run as `pay run` runs one.
        if scenario.arguments.isEmpty {
            let standardInput = try PayProcess.run(["repl"], in: folder, input: scenario.text)
            #expect(standardInput.status == scenario.run, "\(standardInput.stderr)")
            #expect(standardInput.stderr.split(separator: "\n").first.map(String.init)
                    == expected?.replacingOccurrences(of: "s.pay:", with: "<stdin>:"))
        }
    }
}
