// `pay fmt` on the command line: rewrites in place, `--check` lists and exits 1, `--diff` shows,
// `-` reads standard input, and a file with a syntax error is left as it was (exit 2).
import Foundation
import Testing

struct FmtCommandTests {
    @Test func rewritesChecksAndLeavesBrokenFilesAlone() throws {
        let folder = try TestRunnerTests.folder([
            "messy.pay": "let  x=1+2 # sum\nprint x\n",
            "tidy.pay": "let y = 3\n",
            "broken.pay": "let = 1\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let check = try PayProcess.run(["fmt", "--check", "messy.pay", "tidy.pay"], in: folder)
        #expect(check.status == 1)
        #expect(check.stdout == "messy.pay\n")
        let diff = try PayProcess.run(["fmt", "--diff", "messy.pay"], in: folder)
        #expect(diff.status == 0)
        #expect(diff.stdout == "--- messy.pay\n+++ messy.pay (formatted)\n@1 +let x = 1 + 2  # sum\n@1 -let  x=1+2 # sum\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("messy.pay"), encoding: .utf8) == "let  x=1+2 # sum\nprint x\n")
        let rewrite = try PayProcess.run(["fmt", "messy.pay", "tidy.pay"], in: folder)
        #expect(rewrite.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("messy.pay"), encoding: .utf8) == "let x = 1 + 2  # sum\nprint x\n")
        #expect(try PayProcess.run(["fmt", "--check", "."], in: folder).status == 2)
        let broken = try PayProcess.run(["fmt", "broken.pay"], in: folder)
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("broken.pay:1:5: error[P101]: variable name after 'let' expected, found '='"))
        #expect(try String(contentsOf: folder.appendingPathComponent("broken.pay"), encoding: .utf8) == "let = 1\n")
        let piped = try PayProcess.run(["fmt", "-"], in: folder, input: "if  x>1 {print x}\n")
        #expect(piped.stdout == "if x > 1 { print x }\n")
    }
}
