// `pay test` end to end, with the built binary: parallel results identical to serial, shards that
// partition, JUnit that parses and counts, failures located on the console and in JUnit, exit
// statuses and their precedence, libraries left out, and the key in no output or report.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

struct TestRunnerTests {
    /// A fresh folder holding `copies` copies of the examples (libraries included).
    static func exampleCopies(_ copies: Int) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pay-test-\(UUID().uuidString)")
        let examples = PayBinary.packageRoot.appendingPathComponent("examples")
        for copy in 1...copies {
            try FileManager.default.copyItem(at: examples, to: root.appendingPathComponent("copy\(copy)"))
        }
        return root
    }

    /// A folder of the given files, `name -> text`.
    static func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pay-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    struct Report: Decodable, Equatable {
        struct Summary: Decodable, Equatable { var passed, failed, errors, skipped, exitStatus: Int }
        struct Result: Decodable, Equatable {
            var path: String
            var status: String
            var requests: Int
            var message: String?
            var output: String
        }
        var summary: Summary
        var results: [Result]
    }

    static func report(_ url: URL) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(contentsOf: url))
    }

    @Test func parallelResultsAreIdenticalToSerial() throws {
        let root = try Self.exampleCopies(3)
        let serial = try PayProcess.run(["test", ".", "--jobs", "1", "--json", "serial.json"], in: root)
        let parallel = try PayProcess.run(["test", ".", "--jobs", "4", "--json", "parallel.json"], in: root)
        #expect(serial.status == 0)
        #expect(parallel.status == 0)
        let one = try Self.report(root.appendingPathComponent("serial.json"))
        let four = try Self.report(root.appendingPathComponent("parallel.json"))
        #expect(one.results.count == 51)
        #expect(one == four)
        // The console lists files in the same order whatever the jobs; only times differ.
        func lines(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.replacingOccurrences(of: #", \d+ ms\)|in \d+\.\d+s"#, with: "", options: .regularExpression) }
        }
        #expect(lines(serial.stdout) == lines(parallel.stdout))
        // The catalog is read once for all files, outside any of them (README, "Requests").
        #expect(serial.stdout.hasPrefix("ok      copy1/checkout.pay  (11 requests, "))
        #expect(serial.stdout.split(separator: "\n").last?.hasPrefix("51 passed, 0 failed in ") == true)
    }

    @Test func shardsPartitionTheFiles() throws {
        let root = try Self.exampleCopies(2)
        var seen: [String] = []
        for shard in 1...3 {
            let run = try PayProcess.run(["test", ".", "--shard", "\(shard)/3", "--json", "shard\(shard).json"], in: root)
            #expect(run.status == 0)
            let paths = try Self.report(root.appendingPathComponent("shard\(shard).json")).results.map(\.path)
            #expect(!paths.isEmpty, "shard \(shard) is empty")
            seen += paths
        }
        let all = try PayProcess.run(["test", ".", "--json", "all.json"], in: root)
        #expect(all.status == 0)
        let everything = try Self.report(root.appendingPathComponent("all.json")).results.map(\.path)
        #expect(everything.count == 34)
        #expect(seen.sorted() == everything.sorted())
    }

    /// A 100-row CSV: 100 testcases under `--jobs 2`, each with its own sandbox; the one row that
    /// fails fails alone; `--filter` picks rows by name; shards of rows partition them.
    @Test func aTestcasePerRow() throws {
        var csv = "amount,ref\n"
        for row in 1...100 { csv += "\(row) TRX,R-\(row)\n" }
        let root = try Self.folder([
            "rows.csv": csv,
            "refunds.pay": """
                cases load("rows.csv") as row {
                  let o = order row.amount external row.ref
                  pay o
                  wait o completed
                  let back = refund half of o
                  expect back.primaryAmount == o.totalAmount / 2
                  expect row.ref != "R-42" else "row 42 fails on purpose"
                }

                """,
        ])
        let run = try PayProcess.run(["test", ".", "--jobs", "2", "--junit", "rows.xml", "--json", "rows.json"], in: root)
        #expect(run.status == 1)
        let report = try Self.report(root.appendingPathComponent("rows.json"))
        #expect(report.results.count == 100)
        #expect(report.results.first?.path == "refunds.pay[amount=1 TRX]")
        #expect(report.results.filter { $0.status == "failed" }.map(\.path) == ["refunds.pay[amount=42 TRX]"])
        #expect(report.summary == .init(passed: 99, failed: 1, errors: 0, skipped: 0, exitStatus: 1))
        // Each row ran on a sandbox of its own: the same requests every time.
        #expect(Set(report.results.map(\.requests)) == [7])
        let junit = try String(contentsOf: root.appendingPathComponent("rows.xml"), encoding: .utf8)
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == 100)
        #expect(junit.contains(#"<testcase name="refunds.pay[amount=42 TRX]" classname="pay" file="refunds.pay""#))
        #expect(run.stdout.contains("FAILED  refunds.pay[amount=42 TRX]  (7 requests, "))
        #expect(run.stdout.contains("    refunds.pay:7:10: error[P407]: expectation failed: row 42 fails on purpose\n"))

        let one = try PayProcess.run(["test", ".", "--filter", "*amount=7 TRX*", "--json", "one.json"], in: root)
        #expect(one.status == 0)
        #expect(try Self.report(root.appendingPathComponent("one.json")).results.map(\.path) == ["refunds.pay[amount=7 TRX]"])

        var seen: [String] = []
        for shard in 1...3 {
            _ = try PayProcess.run(["test", ".", "--shard", "\(shard)/3", "--json", "s\(shard).json"], in: root)
            let paths = try Self.report(root.appendingPathComponent("s\(shard).json")).results.map(\.path)
            #expect(paths.count > 10, "shard \(shard) has \(paths.count) rows")
            seen += paths
        }
        #expect(seen.sorted() == report.results.map(\.path).sorted())
    }

    /// `--shard auto` under each CI system's variables gives the same split as `--shard I/N`.
    @Test func shardAutoReadsEachCISystemsVariables() throws {
        let root = try Self.exampleCopies(1)
        var explicit: [[String]] = []
        for shard in 1...3 {
            let run = try PayProcess.run(["test", ".", "--shard", "\(shard)/3", "--json", "explicit\(shard).json"], in: root)
            #expect(run.status == 0)
            explicit.append(try Self.report(root.appendingPathComponent("explicit\(shard).json")).results.map(\.path))
        }
        // Every other system's variables set empty, so this machine's own cannot leak in.
        let cleared = Dictionary(uniqueKeysWithValues: CIShardNames.all.map { ($0, "") })
        let systems: [(index: String, total: String, first: Int, name: String)] = [
            ("CI_NODE_INDEX", "CI_NODE_TOTAL", 1, "GitLab CI"), ("CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0, "CircleCI"),
            ("BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0, "Buildkite"),
            ("SEMAPHORE_JOB_INDEX", "SEMAPHORE_JOB_COUNT", 1, "Semaphore"),
            ("SYSTEM_JOBPOSITIONINPHASE", "SYSTEM_TOTALJOBSINPHASE", 1, "Azure Pipelines"),
        ]
        for system in systems {
            for shard in 1...3 {
                var environment = cleared
                environment[system.index] = String(shard - 1 + system.first)
                environment[system.total] = "3"
                let run = try PayProcess.run(["test", ".", "--shard", "auto", "--json", "auto.json"], in: root, environment: environment)
                #expect(run.status == 0)
                #expect(run.stderr == "pay test: shard \(shard) of 3, from \(system.name)'s variables\n")
                #expect(try Self.report(root.appendingPathComponent("auto.json")).results.map(\.path) == explicit[shard - 1], "\(system.name) \(shard)")
            }
        }
        let none = try PayProcess.run(["test", ".", "--shard", "auto", "--json", "none.json"], in: root, environment: cleared)
        #expect(none.stderr == "pay test: --shard auto: no CI system's node variables are set; running every file\n")
        #expect(try Self.report(root.appendingPathComponent("none.json")).results.count == explicit.joined().count)
        var outside = cleared
        outside["CIRCLE_NODE_INDEX"] = "3"
        outside["CIRCLE_NODE_TOTAL"] = "3"
        let wrong = try PayProcess.run(["test", ".", "--shard", "auto"], in: root, environment: outside)
        #expect(wrong.status == 64)
        #expect(wrong.stderr == "pay test: --shard auto: CIRCLE_NODE_INDEX=3 is outside 0 to 2 (CIRCLE_NODE_TOTAL=3)\n")
        var half = cleared
        half["CI_NODE_TOTAL"] = "2"
        let missing = try PayProcess.run(["test", ".", "--shard", "auto"], in: root, environment: half)
        #expect(missing.status == 64)
        #expect(missing.stderr == "pay test: --shard auto: GitLab CI's CI_NODE_INDEX is not set, but CI_NODE_TOTAL is\n")
    }

    static let failing = """
        let o = order 1 TRX
        pay o
        wait o completed
        print "paid {o.totalAmount}"
        expect o.totalAmount == 1 TRX else "the fee is taken"
        """

    @Test func aFailingExpectationExits1AndIsLocatedOnTheConsoleAndInJUnit() throws {
        let root = try Self.folder([
            "checks/pass.pay": "expect 1 TRX + 1 TRX == 2 TRX\n",
            "checks/fail.pay": Self.failing,
            "checks/_helper.pay": "fail \"a library never runs on its own\"\n",
            "checks/lib/helper.pay": "fail \"nor does one in lib/\"\n",
        ])
        let run = try PayProcess.run(["test", "checks", "--junit", "report.xml"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("FAILED  checks/fail.pay  (5 requests, "))
        #expect(Array(lines[1...5]) == [
            "    checks/fail.pay:5:8: error[P407]: expectation failed: the fee is taken",
            "    expect o.totalAmount == 1 TRX else \"the fee is taken\"",
            "           ^~~~~~~~~~~~~~~~~~~~~~",
            "      expected: o.totalAmount == 1 TRX",
            "      left:  0.995000 TRX",
        ])
        // Its one read, the assets for a literal, is the catalog's: made once, outside the files.
        #expect(lines[7].hasPrefix("ok      checks/pass.pay  (0 requests, "))
        #expect(lines[8].hasPrefix("1 passed, 1 failed in "))

        let xml = try XMLDocument(contentsOf: root.appendingPathComponent("report.xml"))
        let root0 = try #require(xml.rootElement())
        #expect(root0.name == "testsuites")
        #expect(root0.attribute(forName: "tests")?.stringValue == "2")
        #expect(root0.attribute(forName: "failures")?.stringValue == "1")
        let cases = try xml.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == ["fail.pay", "pass.pay"])
        #expect(cases.map { $0.attribute(forName: "classname")?.stringValue } == ["checks", "checks"])
        let failure = try #require(cases[0].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "checks/fail.pay:5:8: error[P407]: expectation failed: the fee is taken")
        #expect(failure.stringValue?.hasPrefix("checks/fail.pay:5:8: error[P407]: expectation failed: the fee is taken\nexpect o.totalAmount") == true)
        #expect(cases[0].elements(forName: "system-out").first?.stringValue == "paid 0.995000 TRX\n")
    }

    @Test func exitStatusesAndTheirPrecedence() throws {
        let root = try Self.folder([
            "pass.pay": "print 1\n",
            "fail.pay": "expect 1 == 2\n",
            "syntax.pay": "let = 1\n",
            "runtime.pay": "get order \"no-such-order\"\n",
        ])
        func status(_ arguments: [String]) throws -> Int32 { try PayProcess.run(["test"] + arguments, in: root).status }
        #expect(try status(["pass.pay"]) == 0)
        #expect(try status(["pass.pay", "fail.pay"]) == 1)
        #expect(try status(["pass.pay", "syntax.pay"]) == 3)
        #expect(try status(["fail.pay", "runtime.pay"]) == 3)
        #expect(try status(["nope.pay"]) == 64)
        #expect(try status([".", "--shard", "4/3"]) == 64)
        let filtered = try PayProcess.run(["test", ".", "--filter", "pa*"], in: root)
        #expect(filtered.stdout.hasPrefix("ok      pass.pay  (0 requests, "))
        #expect(filtered.stdout.contains("1 passed, 0 failed in "))
        let fast = try PayProcess.run(["test", ".", "--fail-fast", "--jobs", "1", "--json", "fast.json"], in: root)
        #expect(fast.status == 1)
        let report = try Self.report(root.appendingPathComponent("fast.json"))
        #expect(report.results.map(\.status) == ["failed", "skipped", "skipped", "skipped"])
        #expect(report.summary == .init(passed: 0, failed: 1, errors: 0, skipped: 3, exitStatus: 1))
    }

    @Test func aScenarioPastTimeoutIsStoppedAndCountsAsAnError() throws {
        let root = try Self.folder([
            "loop.pay": "let n = 0\nrepeat 1000000 {\n  repeat 1000000 { n = n + 1 }\n}\n",
            "quick.pay": "print 1\n",
        ])
        let started = Date()
        let run = try PayProcess.run(["test", ".", "--timeout", "0.5", "--json", "r.json"], in: root)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(run.status == 3)
        let report = try Self.report(root.appendingPathComponent("r.json"))
        #expect(report.results.map(\.status) == ["error", "passed"])
        let message = report.results[0].message ?? ""
        #expect(message.range(of: #"^loop\.pay:[23]:\d+: error\[P408\]: timed out: still running after --timeout 0\.5 seconds$"#,
                              options: .regularExpression) != nil, "\(message)")
        #expect(try PayProcess.run(["test", ".", "--timeout", "0"], in: root).status == 64)
    }

    @Test func againstAGatewayASafetyRefusalExits4AndTheKeyIsInNoOutputOrReport() async throws {
        let sandbox = try SandboxProcess(hidden: true)
        defer { _ = sandbox.stop() }
        let root = try Self.folder([
            "lookup.pay": "let o = get order \"1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80\"\nprint \"key {secret}\"\nexpect o.status == \"done\"\n",
            "withdraw.pay": "withdraw 1 TRX to \"TAQZdD8skUdAChM48383TY2LrMWtr6xzc5\"\n",
        ])
        let run = try await PayProcess.running(["test", ".", "--api", sandbox.baseURL, "--key", SandboxProcess.key,
                                                "--var", "secret=\(SandboxProcess.key)", "--junit", "r.xml", "--json", "r.json"], in: root)
        #expect(run.status == 4)
        for text in [run.stdout, run.stderr, try String(contentsOf: root.appendingPathComponent("r.xml"), encoding: .utf8),
                     try String(contentsOf: root.appendingPathComponent("r.json"), encoding: .utf8)] {
            #expect(!text.contains(SandboxProcess.key))
        }
        let report = try Self.report(root.appendingPathComponent("r.json"))
        #expect(report.results.map(\.status) == ["failed", "error"])
        #expect(report.results[0].output == "key ***\n")
        #expect(report.results[1].message == "withdraw.pay:1:1: error[P507]: withdrawal of 1.000000 TRX to TAQZdD8skUdAChM48383TY2LrMWtr6xzc5 refused: outgoing payments on a real gateway need --allow-outgoing")
    }
}

/// Every variable `--shard auto` reads, to clear them around a test.
enum CIShardNames {
    static let all = ["CI_NODE_INDEX", "CI_NODE_TOTAL", "CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", "BUILDKITE_PARALLEL_JOB",
                      "BUILDKITE_PARALLEL_JOB_COUNT", "SEMAPHORE_JOB_INDEX", "SEMAPHORE_JOB_COUNT",
                      "SYSTEM_JOBPOSITIONINPHASE", "SYSTEM_TOTALJOBSINPHASE"]
}
