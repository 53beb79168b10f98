// The paths a new user tries first (issue 31, 16): a mistyped subcommand is named as one, `-` is
// standard input for every command that reads a script, `pay check` takes folders as `pay test`
// and `pay fmt` do, and each subcommand's --help lists only the gateway options it honours.
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

    /// README's table of option groups is the data: each subcommand's `--help` lists exactly the
    /// table's options it ticks, and none of those it does not (`pay explore --help` listed
    /// `--trace`, `--curl` and `--record`, and `pay check --help` every run option).
    @Test func eachSubcommandListsTheOptionsItHonours() throws {
        let readme = try String(contentsOf: PayBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let table = try #require(readme.components(separatedBy: "only the groups of these options it honours:\n\n").dropFirst().first)
        let rows = table.split(separator: "\n").prefix { $0.hasPrefix("|") }.map {
            $0.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let header = rows[0]
        #expect(header.prefix(2) == ["group", "options"])
        var honoured: [String: Set<String>] = [:]
        var all: Set<String> = []
        for row in rows.dropFirst(2) {
            let options = Set(row[1].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) })
            all.formUnion(options)
            for (column, mark) in zip(header.dropFirst(2), row.dropFirst(2)) where mark == "✓" {
                for command in column.split(separator: ",") {
                    honoured[command.trimmingCharacters(in: .whitespaces), default: []].formUnion(options)
                }
            }
        }
        #expect(all.count == 15)
        #expect(Set(honoured.keys) == ["run", "repl", "test", "explore", "mcp", "diff", "check", "lsp"])
        for (command, options) in honoured {
            let help = try PayProcess.run([command, "--help"])
            #expect(help.status == 0)
            let listed = Set(help.stdout.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  --") else { return nil }
                return line.dropFirst(2).split(separator: " ").first.map(String.init)
            })
            #expect(listed.intersection(all) == options, "pay \(command) --help")
        }
        // An option a subcommand does not honour is refused, not ignored.
        let refused = try PayProcess.run(["explore", "--trace"])
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("Error: Unknown option '--trace'"))
    }
}
