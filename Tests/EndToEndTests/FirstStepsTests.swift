// The paths a new user tries first (issue 31, 16): a mistyped subcommand is named as one, `-` is
// standard input for every command that reads a script, and `pay check` takes folders as
// `pay test` and `pay fmt` do.
import Foundation
import Testing

struct FirstStepsTests {
    @Test func aMistypedSubcommandIsSuggestedNotRunAsAScript() throws {
        let typo = try PayProcess.run(["tset", "examples/"], in: PayBinary.packageRoot)
        #expect(typo.status == 64)
        #expect(typo.stderr == "pay: no such file or command: tset; did you mean 'pay test'?\n")
        let version = try PayProcess.run(["version"])
        #expect(version.status == 64)
        #expect(version.stderr == "pay: no such file or command: version; did you mean 'pay --version'?\n")
        // A missing script with no subcommand near its name is still a missing script.
        let missing = try PayProcess.run(["checkout_typo.pay"])
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("checkout_typo.pay:1:1: error[P111]: cannot read the script: no such file"))
    }

    @Test func aDashIsStandardInput() throws {
        let run = try PayProcess.run(["run", "-"], input: "print 1 + 1\n")
        #expect(run.stdout == "2\n" && run.status == 0)
        let bare = try PayProcess.run(["-"], input: "print \"bare\"\n")
        #expect(bare.stdout == "bare\n" && bare.status == 0)
        let check = try PayProcess.run(["check", "-"], input: "let x = 1\n")
        #expect(check.status == 0)
        #expect(check.stdout == "<stdin>: ok (1 warning)\n")
        #expect(check.stderr.hasPrefix("<stdin>:1:1: warning[P210]: 'x' is declared but never used"))
        let broken = try PayProcess.run(["check", "-"], input: "print (1\n")
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("<stdin>:2:1: error[P102]:"))
    }

    /// README's count of the examples is the folder's (it said fourteen of fifteen).
    @Test func readmeCountsTheExamples() throws {
        let readme = try String(contentsOf: PayBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let words = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
        let said = try #require(words.firstIndex { readme.contains("`examples/` holds \($0) scenarios") }) + 10
        let files = try FileManager.default.contentsOfDirectory(atPath: PayBinary.packageRoot.appendingPathComponent("examples").path)
        #expect(said == files.filter { $0.hasSuffix(".pay") }.count)
    }

    @Test func checkTakesFolders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pay-check-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "print 1\n".write(to: folder.appendingPathComponent("a.pay"), atomically: true, encoding: .utf8)
        try "print totl\n".write(to: folder.appendingPathComponent("lib/b.pay"), atomically: true, encoding: .utf8)
        try "not a script\n".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let run = try PayProcess.run(["check", "."], in: folder)
        #expect(run.status == 2)
        #expect(run.stdout == "./a.pay: ok\n")
        #expect(run.stderr.hasPrefix("./lib/b.pay:1:7: error[P201]: 'totl' is not defined"))
        // A path that is not there is a script that cannot be read, as for `pay run`.
        let nowhere = try PayProcess.run(["check", "nowhere"], in: folder)
        #expect(nowhere.status == 3)
        #expect(nowhere.stderr == "nowhere:1:1: error[P111]: cannot read the script: no such file\n")
    }
}
