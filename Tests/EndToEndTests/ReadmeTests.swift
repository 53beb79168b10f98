// README's blocks that run are run here, and must say what README says (issue 31: its
// `pay test` transcript still said 14 requests a row after issue 29 made them 7). The others:
// the first two commands run in CI itself (.ci/run), the `pay explore` transcript in
// ExploreTests, the request table in RequestCountTests, the option groups in FirstStepsTests.
import Foundation
import Testing

struct ReadmeTests {
    static let root = PayBinary.packageRoot

    /// Every fenced block of README, in order.
    static func blocks() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let lines = current { blocks.append(lines.joined(separator: "\n") + "\n"); current = nil } else { current = [] }
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    static func block(startingWith prefix: String) throws -> String {
        let found = try blocks().filter { $0.hasPrefix(prefix) }
        try #require(found.count == 1, "README blocks starting with \(prefix): \(found.count)")
        return found[0]
    }

    /// "A scenario" is examples/checkout.pay, whole, and it passes.
    @Test func theScenarioIsTheCheckoutExample() throws {
        let shown = try Self.block(startingWith: "# checkout.pay")
        let file = try String(contentsOf: Self.root.appendingPathComponent("examples/checkout.pay"), encoding: .utf8)
        #expect(shown == file)
        let run = try PayProcess.run(["run", "-"], in: Self.root.appendingPathComponent("examples"), input: shown)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("pay 1.000000 TRX to T"))
    }

    /// The data-file loop runs as written, next to the examples' lib/ and data/.
    @Test func theDataFileLoopRuns() throws {
        let shown = try Self.block(startingWith: "use \"lib/payments.pay\"")
        let run = try PayProcess.run(["run", "-"], in: Self.root.appendingPathComponent("examples"), input: shown)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "" && run.stderr == "")
    }

    /// The `pay test` transcript is the command's output; only the times may differ.
    @Test func thePayTestTranscriptIsWhatItPrints() throws {
        let shown = try Self.block(startingWith: "$ pay test examples/refunds_by_row.pay")
        let command = shown.split(separator: "\n")[0].dropFirst(2).split(separator: " ").map(String.init)
        #expect(command.first == "pay")
        let run = try PayProcess.run(Array(command.dropFirst()), in: Self.root)
        #expect(run.status == 0)
        func timeless(_ text: String) -> String {
            text.replacingOccurrences(of: #", \d+ ms\)"#, with: ", N ms)", options: .regularExpression)
                .replacingOccurrences(of: #" in \d+\.\d+s"#, with: " in Ns", options: .regularExpression)
        }
        #expect(timeless(run.stdout) == timeless(shown.split(separator: "\n", maxSplits: 1)[1] + ""))
    }

    /// The prompt's entries run, in order, as `pay repl` takes them from standard input (`:save`
    /// is the prompt's alone, and PayREPLTests try it in a terminal).
    @Test func thePromptsEntriesRun() throws {
        let shown = try Self.block(startingWith: "pay sandbox> let o = get order")
        let entries = shown.split(separator: "\n").map { $0.replacingOccurrences(of: "pay sandbox> ", with: "") }
        #expect(entries.count == 8)
        let script = entries.filter { !$0.hasPrefix(":") }.joined(separator: "\n") + "\n"
        let run = try PayProcess.run(["repl"], in: Self.root.appendingPathComponent("examples"), input: script)
        #expect(run.status == 0)
        #expect(run.stderr == "")
    }

    /// The support staff's block: its entries run (`watch` is the prompt's alone: in a script it
    /// is P105), and the age line it shows is the one Tests/repl/test_repl.py sees in a terminal.
    @Test func theSupportBlocksEntriesRun() throws {
        let shown = try Self.block(startingWith: "pay sandbox> let n = order 1 TRX")
        let entries = shown.split(separator: "\n").filter { $0.hasPrefix("pay sandbox> ") }
            .map { $0.dropFirst("pay sandbox> ".count).split(separator: "#")[0].trimmingCharacters(in: .whitespaces) }
        #expect(entries == ["let n = order 1 TRX", "pay 1 TRX to n", "advance 10m", "n", "refresh n", "watch n until completed every 2s"])
        let script = entries.filter { !$0.hasPrefix("watch") }.joined(separator: "\n") + "\nexpect n.status == \"completed\"\n"
        let run = try PayProcess.run(["run", "-"], input: script)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(shown.contains("\nfetched at 2024-12-16T07:34:04+00:00 on the sandbox's clock, 10m ago; it may be stale (the sandbox's clock moved since): refresh n fetches it again\n"))
    }
}
