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
        // A unified diff that patch applies, and exit 1 as --check (issue 31: it printed `@1 +…`
        // lines no tool reads, and exited 0).
        let diff = try PayProcess.run(["fmt", "--diff", "messy.pay"], in: folder)
        #expect(diff.status == 1)
        #expect(diff.stdout == "--- messy.pay\n+++ messy.pay\n@@ -1,2 +1,2 @@\n-let  x=1+2 # sum\n+let x = 1 + 2  # sum\n print x\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("messy.pay"), encoding: .utf8) == "let  x=1+2 # sum\nprint x\n")
        try diff.stdout.write(to: folder.appendingPathComponent("fmt.patch"), atomically: true, encoding: .utf8)
        let patched = try PayProcess.run(["-p0", "-i", "fmt.patch", "-o", "patched.pay", "messy.pay"], in: folder,
                                         executable: URL(fileURLWithPath: "/usr/bin/patch"))
        #expect(patched.status == 0, "\(patched.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("patched.pay"), encoding: .utf8) == "let x = 1 + 2  # sum\nprint x\n")
        #expect(try PayProcess.run(["fmt", "--diff", "tidy.pay"], in: folder).status == 0)
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
