// `pay explore` proves it finds bugs: against a `pay sandbox` with each planted defect, it breaks
// the invariant the defect breaks, shrinks the walk to at most ten statements, and writes a
// scenario that fails against the defective sandbox and passes against a correct one. Against
// the correct sandbox a long walk finds nothing (CI's slice: 2,000 actions; the long form in
// BENCHMARKS.md: 10,000), and the same seed gives the same walk.
import Foundation
import Testing

struct ExploreTests {
    /// Each defect and the invariants it breaks: a duplicate id also takes the payment it
    /// overwrites out of its order, so the ledger may be what shows it first.
    static let defects: [(name: String, invariants: [String])] = [
        ("refund-past-remainder", ["a refund never exceeds what is left of the order"]),
        ("fee-rounded-up", ["an order's total is its primary amount less its fee"]),
        ("expired-completes", ["a completed or expired order stays so, and an expired one takes no payment"]),
        ("send-not-debited", ["a refund, withdrawal or send takes exactly its amount off the balance",
                              "the ledger balances: what came in is what is held, sent and kept as fees"]),
        ("duplicate-transaction-id", ["every transaction id reads back as the transaction of its own order",
                                      "the ledger balances: what came in is what is held, sent and kept as fees"]),
    ]

    @Test(arguments: ExploreTests.defects.map(\.name))
    func findsAndShrinksThePlantedDefect(defect: String) throws {
        let server = try SandboxProcess(extra: ["--defect", defect])
        defer { _ = server.stop() }
        let folder = try TestRunnerTests.folder([:])
        let gateway = ["--api", server.baseURL, "--key", SandboxProcess.key]
        let found = try PayProcess.run(["explore", "--steps", "300", "--out", "found.pay"] + gateway, in: folder)
        #expect(found.status == 1, "\(found.stdout)\(found.stderr)")
        let invariants = try #require(Self.defects.first { $0.name == defect }?.invariants)
        #expect(invariants.contains { found.stdout.hasPrefix("pay explore: broken: \($0)\n") }, "\(found.stdout)")
        let scenario = try String(contentsOf: folder.appendingPathComponent("found.pay"), encoding: .utf8)
        let statements = scenario.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect((1...10).contains(statements.count), "\(scenario)")
        #expect(statements.last?.hasPrefix("expect") == true, "\(scenario)")

        // The scenario fails the same way against the defective sandbox, on its last statement...
        let defective = try PayProcess.run(["run", "found.pay"] + gateway, in: folder)
        #expect(defective.status == 1, "\(defective.stderr)")
        // Two comment lines, then the statements: the last is the one that fails.
        #expect(defective.stderr.hasPrefix("found.pay:\(2 + statements.count):"), "\(defective.stderr)")
        // ...and passes against a correct one.
        let correct = try PayProcess.run(["run", "found.pay"], in: folder)
        #expect(correct.status == 0, "\(correct.stderr)")
    }

    @Test func aLongWalkOnTheCorrectSandboxFindsNothingAndASeedGivesTheSameWalk() throws {
        let folder = try TestRunnerTests.folder([:])
        let clean = try PayProcess.run(["explore", "--steps", "2000", "--seed", "7"], in: folder)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.hasPrefix("pay explore: 2000 actions in 1 walk (seed 7), no invariant broken, in "))

        let server = try SandboxProcess(extra: ["--defect", "send-not-debited"])
        defer { _ = server.stop() }
        let gateway = ["--api", server.baseURL, "--key", SandboxProcess.key]
        _ = try PayProcess.run(["explore", "--steps", "300", "--out", "one.pay"] + gateway, in: folder)
        _ = try PayProcess.run(["explore", "--steps", "300", "--out", "two.pay"] + gateway, in: folder)
        let one = try String(contentsOf: folder.appendingPathComponent("one.pay"), encoding: .utf8)
        let two = try String(contentsOf: folder.appendingPathComponent("two.pay"), encoding: .utf8)
        #expect(one == two)
        #expect(one.contains(" = send "), "\(one)")
    }

    /// Issue 31: with a wrong key every request is answered 401, and the explorer reported "300
    /// actions in 1 walk, no invariant broken" with exit 0. A refused key is no walk: exit 3.
    @Test func aWrongKeyIsAnErrorNeverAPass() throws {
        let folder = try TestRunnerTests.folder([:])
        let server = try SandboxProcess(extra: ["--defect", "send-not-debited"])
        defer { _ = server.stop() }
        let wrong = try PayProcess.run(["explore", "--steps", "300", "--api", server.baseURL, "--key", "not-the-sandbox-key"], in: folder)
        #expect(wrong.status == 3, "\(wrong.stdout)\(wrong.stderr)")
        #expect(wrong.stdout == "")
        #expect(wrong.stderr.hasPrefix("pay explore: "))
        #expect(wrong.stderr.contains("was refused (401)"), "\(wrong.stderr)")
    }

    /// README's transcript of `pay explore` is what the command prints (issue 31: its counts, its
    /// lines and its `found.pay` were another run's). The command is README's, on a sandbox of
    /// this test's (its URL and key in place of README's); only the seconds may differ.
    @Test func readmesTranscriptIsWhatItPrints() throws {
        let readme = try String(contentsOf: PayBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "<!-- explore transcript: begin").last?
            .components(separatedBy: "<!-- explore transcript: end -->").first)
        let lines = block.split(separator: "\n").map(String.init).filter { $0 != "```" && !$0.contains("ExploreTests runs it") }
        let sandbox = try #require(lines.first { $0.hasPrefix("$ pay sandbox ") })
        let explore = try #require(lines.firstIndex { $0.hasPrefix("$ pay explore ") })
        let cat = try #require(lines.firstIndex { $0 == "$ cat found.pay" })
        let defect = try #require(sandbox.components(separatedBy: "--defect ").last?.split(separator: " ").first.map(String.init))
        let server = try SandboxProcess(extra: ["--defect", defect])
        defer { _ = server.stop() }
        var arguments = lines[explore].dropFirst("$ pay ".count).split(separator: " ").map(String.init)
        arguments[try #require(arguments.firstIndex(of: "--api")) + 1] = server.baseURL
        arguments[try #require(arguments.firstIndex(of: "--key")) + 1] = SandboxProcess.key
        let folder = try TestRunnerTests.folder([:])
        let run = try PayProcess.run(arguments, in: folder)
        func seconds(_ text: String) -> String { text.replacingOccurrences(of: #", [0-9.]+ s$"#, with: ", N s", options: .regularExpression) }
        #expect(run.status == 1)
        #expect((run.stdout + run.stderr).split(separator: "\n").map { seconds(String($0)) } == lines[(explore + 1)..<cat].map(seconds))
        let found = try String(contentsOf: folder.appendingPathComponent("found.pay"), encoding: .utf8)
        #expect(found.split(separator: "\n").map(String.init) == Array(lines[(cat + 1)...]))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let folder = try TestRunnerTests.folder([:])
        #expect(try PayProcess.run(["explore", "--steps", "0"], in: folder).status == 64)
        let unknown = try PayProcess.run(["sandbox", "--defect", "nope"], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--defect: no defect named 'nope'"))
        let list = try PayProcess.run(["sandbox", "--list-defects"], in: folder)
        #expect(list.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) } == Self.defects.map(\.name))
    }
}
