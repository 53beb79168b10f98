// Seeing and reproducing a run, end to end on the built binary: --trace with the key redacted even
// where the gateway echoes it, a --curl file that bash reruns to the same orders, --record then
// --replay with identical output and no request reaching any gateway, a replay that stops at the
// first changed request, polls replayed, a recording that runs out, `pay diff` clean and with a
// planted difference, and bad recordings and paths refused before anything is sent.
import Foundation
import LoopbackServer
import PayClient
import Testing

@Suite(.serialized)
struct ExchangeTests {
    static let examples = PayBinary.packageRoot.appendingPathComponent("examples")

    static func folder(_ files: [String: String] = [:]) throws -> URL {
        try TestRunnerTests.folder(files.isEmpty ? [".keep": ""] : files)
    }

    static func gateway(_ server: LoopbackServer) -> [String] { ["--api", server.baseURL, "--key", SandboxGateway.key] }

    @Test func theTraceShowsBodiesAndNeverTheKey() async throws {
        let key = "sk_live_echo_51f"
        let server = try await LoopbackServer.start(reading: { _, request, _ in
            switch request.uri.path {
            case "/crypto-assets":
                LoopbackServer.json(200, #"{"assets":[{"id":"TRX","currencyCode":"TRX","displayName":"Tron","blockchainId":"tron","blockchainDisplayName":"Tron","name":"Tron","precision":6}]}"#)
            case "/integrations":
                LoopbackServer.json(200, #"{"data":[{"name":"test","id":"i-1","url":"","status":"active"}],"pagination":{"quantity":1,"totalQuantity":1,"currentPage":1,"pages":1}}"#)
            default: LoopbackServer.json(404, #"{"type":"about:blank","title":"Not Found","status":404,"detail":"no key \#(key) here"}"#,
                                         contentType: "application/problem+json")
            }
        })
        defer { Task { await server.stop() } }
        let folder = try Self.folder(["s.pay": "integrations\n"])
        let run = try await PayProcess.running(["run", "s.pay", "--api", server.baseURL, "--key", key, "--trace"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains(key) && !run.stdout.contains(key))
        #expect(run.stderr.hasPrefix("""
            > GET \(server.baseURL)/sandbox
            > Accept: application/json
            > User-Agent: pay/\(PayVersion.current)
            > X-API-Key: ***
            < 404 Not Found (
            """), "\(run.stderr)")
        #expect(run.stderr.contains("< Content-Type: application/problem+json\n"))
        #expect(run.stderr.contains("""

            {
              "type": "about:blank",
              "title": "Not Found",
              "status": 404,
              "detail": "no key *** here"
            }
            """), "\(run.stderr)")
        #expect(run.stderr.contains("> GET \(server.baseURL)/integrations?page=1&perPage=100\n"))
        #expect(run.stderr.contains("""
              "data": [
                {
                  "name": "test",
            """))
        // PAY_LOG_LEVEL=trace is the same switch.
        let logged = try await PayProcess.running(["run", "s.pay", "--api", server.baseURL, "--key", key], in: folder,
                                                  environment: ["PAY_LOG_LEVEL": "trace"])
        #expect(logged.stderr.contains("> X-API-Key: ***"))
        #expect(!logged.stderr.contains(key))
    }

    @Test func theCurlFileRerunWithBashMakesTheSameOrders() async throws {
        let first = try await SandboxGateway.start()
        defer { Task { await first.stop() } }
        let folder = try Self.folder(["s.pay": "let a = order 1 TRX external \"C-1\"\nlet b = order 2.5 TRX external \"C-2\"\nprint a.id\nprint b.id\n"
                                      + "pay a\nwait a completed\nlet r = refund half of a\n"])
        let run = try await PayProcess.running(["run", "s.pay", "--curl", "calls.sh"] + Self.gateway(first), in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let ids = run.stdout.split(separator: "\n").map(String.init)
        #expect(ids.count == 2)
        // Issue 31: rerun, the file makes its orders and its refund again: it says so above each.
        let marked = try String(contentsOf: folder.appendingPathComponent("calls.sh"), encoding: .utf8).split(separator: "\n")
        #expect(marked[1] == "# Each is sent again as it was, old ids included: a line marked MOVES MONEY refunds, withdraws or sends again.")
        #expect(marked.filter { $0.hasPrefix("# creates an order") }.count == 2)
        let refund = try #require(marked.firstIndex { $0.contains("'/orders/outgoing/refund'") })
        #expect(marked[refund - 1] == "# MOVES MONEY: a refund, sent again if this line runs again")
        #expect(marked.filter { $0.hasPrefix("# MOVES MONEY") }.count == 1)
        let file = try String(contentsOf: folder.appendingPathComponent("calls.sh"), encoding: .utf8)
        #expect(!file.contains(SandboxGateway.key))
        let lines = file.split(separator: "\n")
        #expect(lines.first?.hasPrefix("# The requests of one pay run") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("curl -sS -X ") || $0.hasPrefix("# ") })
        #expect(lines.contains { $0.contains(#"-X POST "${PAY_API_URL:-\#(first.baseURL)}"'/orders/incoming' -H 'Accept: application/json' -H 'User-Agent: pay/\#(PayVersion.current)' -H "X-API-Key: $PAY_API_KEY" -H 'Content-Type: application/json' --data-raw '{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1.000000","assetId":"TRX","externalId":"C-1"}'"#) },
                "\(file)")
        // A fresh gateway with the same seed, and the file run by bash against it.
        let second = try await SandboxGateway.start()
        defer { Task { await second.stop() } }
        // On a thread of its own, as every child here: the gateway it calls is served from this process.
        let bash = try await PayProcess.running([folder.appendingPathComponent("calls.sh").path], in: folder,
                                                environment: ["PAY_API_URL": second.baseURL, "PAY_API_KEY": SandboxGateway.key],
                                                executable: URL(fileURLWithPath: "/bin/bash"))
        let answers = bash.stdout
        #expect(bash.status == 0, "\(bash.stderr)")
        for id in ids { #expect(answers.contains(#""orderId":"\#(id)""#), "\(answers)") }
        #expect(await second.log.requests.filter { $0.path == "/orders/incoming" }.count == 2)
        #expect(await second.log.requests.allSatisfy { $0.headers["x-api-key"] == SandboxGateway.key })
    }

    @Test func aRecordingReplaysTheSameOutputWithNoRequest() async throws {
        let server = try await SandboxGateway.start()
        defer { Task { await server.stop() } }
        let folder = try Self.folder()
        let script = Self.examples.appendingPathComponent("checkout.pay").path
        let recorded = try await PayProcess.running(["run", script, "--record", "checkout.har"] + Self.gateway(server), in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let sent = await server.log.count
        #expect(sent == 14)
        let har = try String(contentsOf: folder.appendingPathComponent("checkout.har"), encoding: .utf8)
        #expect(!har.contains(SandboxGateway.key))
        let log = try HARLog.read(path: folder.appendingPathComponent("checkout.har").path)
        #expect(log.entries.count == sent)
        #expect(log.sandbox == true && log.probed == true)

        let replayed = try await PayProcess.running(["run", script, "--replay", "checkout.har"], in: folder)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout == recorded.stdout)
        #expect(replayed.stderr == "")
        #expect(await server.log.count == sent)

        // The same script with another amount stops at the changed request, located.
        let changed = try String(contentsOfFile: script, encoding: .utf8).replacingOccurrences(of: "order 1 TRX for shop", with: "order 2 TRX for shop")
        try changed.write(to: folder.appendingPathComponent("changed.pay"), atomically: true, encoding: .utf8)
        let differs = try await PayProcess.running(["run", "changed.pay", "--replay", "checkout.har"], in: folder)
        #expect(differs.status == 3)
        #expect(differs.stderr.hasPrefix("""
            changed.pay:3:9: error[P501]: POST /orders/incoming failed: not in the recording: request 4 differs from entry 3 of checkout.har (POST /orders/incoming): the body field $.amount is "2.000000", recorded "1.000000"; the request did not reach the gateway, nothing was created
            """), "\(differs.stderr)")
        #expect(await server.log.count == sent)
    }

    /// Issue 31: a wrong key made `pay diff` print a row of shape differences for every entry; a
    /// refused key is said once.
    @Test func diffWithAWrongKeySaysSoOnce() async throws {
        let server = try await SandboxGateway.start()
        defer { Task { await server.stop() } }
        let har = Self.examples.appendingPathComponent("seed-document.har").path
        let run = try await PayProcess.running(["diff", har, "--api", server.baseURL, "--key", "wrong-key-1234"], in: try Self.folder())
        #expect(run.status == 3)
        #expect(run.stderr.hasSuffix("the gateway refused the key (401); nothing was compared\n"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stdout == "pay diff \(har) against \(server.baseURL)\n")
    }

    /// Issue 31: on a real gateway `uuid()` is random, so a recording whose request held one could
    /// not be replayed (the next run drew another). The draws are kept in the HAR (`_pay.uuids`)
    /// and a replay gives them again.
    @Test func aRealGatewaysRecordingReplaysItsUUIDs() async throws {
        let server = try await SandboxGateway.start(hidden: true)
        defer { Task { await server.stop() } }
        let folder = try Self.folder()
        try "let ref = uuid()\nlet o = order 1 TRX external ref\nprint ref\nexpect o.externalId == ref\n"
            .write(to: folder.appendingPathComponent("uuid.pay"), atomically: true, encoding: .utf8)
        let recorded = try await PayProcess.running(["run", "uuid.pay", "--record", "uuid.har"] + Self.gateway(server), in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let drawn = recorded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let log = try HARLog.read(path: folder.appendingPathComponent("uuid.har").path)
        #expect(log.sandbox == false && log.uuids == [drawn])
        let sent = await server.log.count
        let replayed = try await PayProcess.running(["run", "uuid.pay", "--replay", "uuid.har"], in: folder)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout == recorded.stdout)
        #expect(await server.log.count == sent)
        // A second recording draws another: the replay's value is the recording's, not a seed's.
        let again = try await PayProcess.running(["run", "uuid.pay"] + Self.gateway(server), in: folder)
        #expect(again.status == 0 && again.stdout != recorded.stdout)
    }

    @Test func aPartlyPaidOrdersPollsReplayAndARecordingRunsOut() async throws {
        let server = try await SandboxGateway.start()
        defer { Task { await server.stop() } }
        let folder = try Self.folder(["partial.pay": """
            let o = order 2 TRX
            pay 0.5 TRX to o
            expect refused { wait o completed within 1h } as why
            print why
            print (get order o.id).status
            """])
        let recorded = try await PayProcess.running(["run", "partial.pay", "--record", "partial.har"] + Self.gateway(server), in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let log = try HARLog.read(path: folder.appendingPathComponent("partial.har").path)
        let polls = log.entries.filter { $0.path.hasPrefix("/orders/") && $0.method == "GET" }.count
        #expect(polls >= 3)
        let replayed = try await PayProcess.running(["run", "partial.pay", "--replay", "partial.har"], in: folder)
        #expect(replayed.stdout == recorded.stdout)
        #expect(replayed.status == 0)

        // Half the recording: the replay stops where the answers end, with what it asked for.
        var text = try String(contentsOf: folder.appendingPathComponent("partial.har"), encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var inner = json["log"] as! [String: Any]
        let entries = inner["entries"] as! [Any]
        inner["entries"] = Array(entries.prefix(entries.count / 2))
        text = String(decoding: try JSONSerialization.data(withJSONObject: ["log": inner]), as: UTF8.self)
        try text.write(to: folder.appendingPathComponent("half.har"), atomically: true, encoding: .utf8)
        let short = try await PayProcess.running(["run", "partial.pay", "--replay", "half.har"], in: folder)
        #expect(short.status == 3)
        #expect(short.stderr.contains("and half.har holds only \(entries.count / 2) exchanges"), "\(short.stderr)")
    }

    @Test func diffIsCleanOnTheSeedDocumentAndFindsAPlantedDifference() async throws {
        let seed = try PayProcess.run(["diff", Self.examples.appendingPathComponent("seed-document.har").path])
        #expect(seed.status == 0, "\(seed.stdout)\(seed.stderr)")
        #expect(seed.stdout.hasSuffix("10 exchanges compared, 2 sandbox steps sent, not compared: no differences\n"))

        let folder = try Self.folder(["flow.pay": "let o = order 1 TRX\npay o\nwait o completed\nget order o.id\n"])
        let recorded = try await PayProcess.running(["run", "flow.pay", "--record", "flow.har"], in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let clean = try await PayProcess.running(["diff", "flow.har"], in: folder)
        #expect(clean.status == 0, "\(clean.stdout)")

        // A gateway that writes amounts with one place and adds a field to every order.
        let planted = try await SandboxGateway.start(alter: { path, answer in
            guard path.hasPrefix("/orders/"), answer.status == 200 else { return answer }
            var text = String(decoding: answer.body, as: UTF8.self)
            text = text.replacingOccurrences(of: #""amount":"1.000000""#, with: #""amount":"1.0""#)
            text = String(text.dropLast()) + #","riskScore":0.1}"#
            return APIResponse(status: answer.status, headers: answer.headers, body: Array(text.utf8))
        })
        defer { Task { await planted.stop() } }
        let found = try await PayProcess.running(["diff", "flow.har"] + Self.gateway(planted), in: folder)
        #expect(found.status == 1)
        let rows = found.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.contains { $0.hasSuffix("$.primaryAmount.amount a decimal with 6 places a decimal with 1 place") }, "\(found.stdout)")
        #expect(rows.contains { $0.hasSuffix("$.riskScore absent an extra field") }, "\(found.stdout)")
        // `get order o.id` right after the wait is answered by what the wait fetched: no exchange.
        #expect(rows.last == "7 exchanges compared: 3 differences")
    }

    @Test func badRecordingsAndPathsAreRefusedBeforeAnythingIsSent() async throws {
        let server = try await SandboxGateway.start()
        defer { Task { await server.stop() } }
        let folder = try Self.folder([
            "s.pay": "let o = order 1 TRX\nget order \"o-missing\"\n",
            "text.har": "not json",
            "old.har": #"{"log":{"version":"1.0","entries":[]}}"#,
            "noresponse.har": #"{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"http://x/crypto-assets"},"response":{"status":200}},{"request":{"method":"GET","url":"http://x/integrations"}}]}}"#,
        ])
        for (file, message) in [("text.har", "text.har: not JSON: unexpected character at byte 0"),
                                ("old.har", "old.har: not HAR 1.2: log.version is \"1.0\""),
                                ("noresponse.har", "noresponse.har: entry 1: it has no response")] {
            let run = try await PayProcess.running(["run", "s.pay", "--replay", file], in: folder)
            #expect(run.status == 64)
            #expect(run.stderr == "error: --replay: \(message)\n")
            #expect(run.stdout == "")
        }
        let both = try await PayProcess.running(["run", "s.pay", "--replay", "text.har"] + Self.gateway(server), in: folder)
        #expect(both.status == 64)
        #expect(both.stderr.hasPrefix("Error: --replay answers from a recording, --api from a gateway: give one or the other"))
        for option in ["--record", "--curl"] {
            let unwritable = try await PayProcess.running(["run", "s.pay", option, "no-such-folder/x"] + Self.gateway(server), in: folder)
            #expect(unwritable.status == 64)
            #expect(unwritable.stderr == "error: \(option): cannot write no-such-folder/x: no folder no-such-folder\n")
        }
        #expect(await server.log.count == 0)

        // A run that fails midway leaves a HAR and a curl file that end with its last exchange.
        let failed = try await PayProcess.running(["run", "s.pay", "--record", "r.har", "--curl", "r.sh"] + Self.gateway(server), in: folder)
        #expect(failed.status == 3)
        let log = try HARLog.read(path: folder.appendingPathComponent("r.har").path)
        #expect(log.entries.last.map { "\($0.method) \($0.path) \($0.status)" } == "GET /orders/o-missing 404")
        #expect(log.entries.count == (await server.log.count))
        let curl = try String(contentsOf: folder.appendingPathComponent("r.sh"), encoding: .utf8)
        #expect(curl.split(separator: "\n").last?.contains("'/orders/o-missing'") == true)
        // Its two comments, then a command an exchange (and a comment above the order it creates).
        let commands = curl.split(separator: "\n").filter { $0.hasPrefix("curl ") }
        #expect(commands.count == log.entries.count)
        #expect(curl.split(separator: "\n").filter { $0.hasPrefix("# ") }.count == 2 + log.entries.filter { $0.method == "POST" }.count)
    }

    @Test func payTestRecordsAndReplaysEachScenario() throws {
        let root = try TestRunnerTests.exampleCopies(1)
        let recorded = try PayProcess.run(["test", ".", "--record", "recordings", "--jobs", "2", "--json", "recorded.json"], in: root)
        #expect(recorded.status == 0, "\(recorded.stdout)")
        let hars = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("recordings").path).filter { $0.hasSuffix(".har") }
        #expect(hars.count == 17)
        #expect(hars.contains("copy1/checkout.pay.har"))
        let replayed = try PayProcess.run(["test", ".", "--replay", "recordings", "--jobs", "2", "--json", "replayed.json"], in: root)
        #expect(replayed.status == 0, "\(replayed.stdout)")
        // Every example prints the same offline as it did against the sandbox.
        let before = try TestRunnerTests.report(root.appendingPathComponent("recorded.json")).results
        let after = try TestRunnerTests.report(root.appendingPathComponent("replayed.json")).results
        #expect(before.map(\.output) == after.map(\.output))
        #expect(before.map(\.requests) == after.map(\.requests))
        #expect(before.filter { !$0.output.isEmpty }.count >= 10)
        func shape(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.replacingOccurrences(of: #", \d+ ms\)"#, with: ")", options: .regularExpression)
                .replacingOccurrences(of: #" in \d+\.\d+s$"#, with: "", options: .regularExpression) }
        }
        #expect(shape(replayed.stdout) == shape(recorded.stdout))
        // A scenario's trace goes under its own line.
        let traced = try PayProcess.run(["test", "copy1/support_lookup.pay", "copy1/checkout.pay", "--trace", "--jobs", "2"], in: root)
        let lines = traced.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let second = try #require(lines.firstIndex { $0.hasPrefix("ok      copy1/support_lookup.pay") })
        #expect(lines[0].hasPrefix("ok      copy1/checkout.pay"))
        #expect(lines[1] == "    > GET http://embedded-sandbox.invalid/crypto-assets")
        #expect(lines[1..<second].allSatisfy { $0.isEmpty || $0.hasPrefix("    ") })
        #expect(lines[second + 1].hasPrefix("    > GET http://embedded-sandbox.invalid/"))
    }
}
