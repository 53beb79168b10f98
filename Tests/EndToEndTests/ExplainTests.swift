// `pay explain` and the machine formats of `pay check`, run as a user runs them.
import Foundation
import Testing

struct ExplainTests {
    @Test func explainPrintsTheEntryAndRefusesAnUnknownCode() throws {
        let explained = try PayProcess.run(["explain", "p204"])
        #expect(explained.status == 0)
        #expect(explained.stdout.hasPrefix("P204: the wrong number of arguments (error)\n\nA function or built-in is called with more or fewer arguments"))
        #expect(explained.stdout.hasSuffix("For example:\n\n    print len(1, 2)\n\n"))
        let unknown = try PayProcess.run(["explain", "P2O4"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "pay explain: no code P2O4; did you mean 'P204'? ('pay explain --list' lists them)\n")
        let list = try PayProcess.run(["explain", "--list"])
        #expect(list.stdout.split(separator: "\n").first == "P101  error    something else was expected here")
        #expect(list.stdout.contains("\nP210  warning  declared but never used\n"))
    }

    /// docs/diagnostics.md is what `pay explain --markdown` writes: regenerate it with
    /// `pay explain --markdown > docs/diagnostics.md` when the table changes.
    @Test func theDocumentOfCodesIsCurrent() throws {
        let written = try String(contentsOf: PayBinary.packageRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        #expect(try PayProcess.run(["explain", "--markdown"]).stdout == written)
    }

    @Test func checkWritesJSONLinesWithCodesAndFixes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pay-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "let total = 1 TRX\nprint totl + total\n".write(to: folder.appendingPathComponent("a.pay"), atomically: true, encoding: .utf8)
        try "let unused = 1\n".write(to: folder.appendingPathComponent("b.pay"), atomically: true, encoding: .utf8)
        let run = try PayProcess.run(["check", "--format", "json", "a.pay", "b.pay"], in: folder)
        #expect(run.status == 2)
        #expect(run.stdout == """
            {"code":"P201","column":7,"endColumn":11,"endLine":2,"file":"a.pay","fix":{"column":7,"endColumn":11,"endLine":2,"line":2,"text":"total"},"line":2,"message":"'totl' is not defined; did you mean 'total'?","notes":[],"severity":"error"}
            {"code":"P210","column":1,"endColumn":15,"endLine":1,"file":"b.pay","line":1,"message":"'unused' is declared but never used","notes":[],"severity":"warning"}

            """)
        // The files' own lines go to standard error, so standard output is JSON alone.
        #expect(run.stderr == "b.pay: ok (1 warning)\n")
    }
}
