// Real money under faults: a gateway that applies every POST but answers 502 (the dangerous case),
// and one that echoes the API key back in its errors. The gateway behind the faults is a real
// sandbox, served on loopback by a server each test starts and stops.
import Foundation
import LoopbackServer
import PayClient
import PaySandbox
import Testing

/// Serves `sandbox` on loopback; `alter` may replace any answer after the sandbox has applied the request.
private func gateway(_ sandbox: Sandbox,
                     alter: @escaping @Sendable (_ method: String, _ answer: APIResponse) -> Response?) async throws -> LoopbackServer {
    try await LoopbackServer.start(reading: { _, request, body in
        let api = APIRequest(method: HTTPMethod(rawValue: request.method.rawValue) ?? .get, path: request.uri.path,
                             query: request.uri.queryParameters.map { (String($0.key), String($0.value)) },
                             headers: request.headers.map { ($0.name.rawName, $0.value) }, body: Array(body.utf8))
        let answer = await sandbox.handle(api)
        if let altered = alter(request.method.rawValue, answer) { return altered }
        return LoopbackServer.json(answer.status, String(decoding: answer.body, as: UTF8.self))
    })
}

struct OutgoingFaultTests {
    static let destination = "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"

    @Test func aGatewayAnswering502ToEveryPostSendsOnceAndTheRunStops() async throws {
        var config = SandboxConfig(seed: 1, apiKey: "key-k-502")
        config.announcesItself = false // posing as a real gateway: the guards stay on
        let sandbox = Sandbox(config: config)
        let server = try await gateway(sandbox) { method, _ in
            method == "POST" ? LoopbackServer.json(502, "<html>502 Bad Gateway</html>", contentType: "text/html") : nil
        }
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-502-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            repeat 3 {
              expect refused { withdraw 0.9 TRX to "\(Self.destination)" }
            }
            """.write(to: directory.appendingPathComponent("withdraw.pay"), atomically: true, encoding: .utf8)
        let run = try await PayProcess.running(["run", "withdraw.pay", "--api", server.baseURL, "--key", "key-k-502",
                                      "--allow-outgoing", "--max-outgoing", "1 TRX"], in: directory)
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("withdraw.pay:2:20: error[P502]: withdrawal of 0.900000 TRX to \(Self.destination): outcome unknown (POST /orders/outgoing/withdrawal answered 502"))
        #expect(run.stderr.contains("The money may have moved, so it counts as sent against --max-outgoing and the run stops here: look for a withdrawal of 0.900000 TRX in the gateway's order list before trying again"))
        let posts = await server.log.requests.filter { $0.method == "POST" }.map(\.path)
        #expect(posts == ["/orders/outgoing/withdrawal"])
        // The gateway did make the withdrawal it answered 502 to: exactly one.
        let trx = await sandbox.ledger().first { $0.assetId == "TRX" }!
        #expect(trx.sent.decimalString == "0.900000")
        #expect(trx.balances)
    }

    @Test func aDefiniteRefusalGivesTheBudgetBack() async throws {
        var config = SandboxConfig(seed: 1, apiKey: "key-k-422")
        config.announcesItself = false // posing as a real gateway: the guards stay on
        let sandbox = Sandbox(config: config)
        let server = try await gateway(sandbox) { _, _ in nil }
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-422-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A bad address is a definite 422: its 0.9 TRX goes back to the budget, so 0.6 + 0.4 still fit under 1 TRX.
        try """
            expect refused { withdraw 0.9 TRX to "TAQZdD8skUdAChM48383TY2LrMWtr6xzc6" }
            withdraw 0.6 TRX to "\(Self.destination)"
            withdraw 0.4 TRX to "\(Self.destination)"
            withdraw 0.000001 TRX to "\(Self.destination)"
            """.write(to: directory.appendingPathComponent("cap.pay"), atomically: true, encoding: .utf8)
        let capped = try await PayProcess.running(["run", "cap.pay", "--api", server.baseURL, "--key", "key-k-422",
                                                   "--allow-outgoing", "--max-outgoing", "1 TRX"], in: directory)
        #expect(capped.stderr.hasPrefix("cap.pay:4:1: error[P507]: withdrawal of 0.000001 TRX refused: it would take this run past --max-outgoing 1 TRX (already sent 1.000000 TRX)"))
        #expect(capped.status == 4)
        let trx = await sandbox.ledger().first { $0.assetId == "TRX" }!
        #expect(trx.sent.decimalString == "1.000000")

        // A cap in USDT caps USDT_TRC20 too, and caps nothing else.
        let other = try await PayProcess.running(["run", "cap.pay", "--api", server.baseURL, "--key", "key-k-422",
                                                  "--allow-outgoing", "--max-outgoing", "5 USDT"], in: directory)
        #expect(other.stderr.hasPrefix("cap.pay:1:18: error[P507]: withdrawal of 0.900000 TRX refused: --max-outgoing caps only USDT, not TRX"))
        #expect(other.status == 4)

        // Two names for one asset are two caps on it: refused, not the last one silently winning.
        try "withdraw 0.6 USDT_TRC20 to \"\(Self.destination)\"\n".write(to: directory.appendingPathComponent("usdt.pay"),
                                                                        atomically: true, encoding: .utf8)
        let twice = try await PayProcess.running(["run", "usdt.pay", "--api", server.baseURL, "--key", "key-k-422", "--allow-outgoing",
                                                  "--max-outgoing", "5 USDT", "--max-outgoing", "1 USDT_TRC20"], in: directory)
        #expect(twice.stderr.hasPrefix("usdt.pay:1:1: error[P507]: withdrawal of 0.600000 USDT_TRC20 refused: --max-outgoing caps USDT_TRC20 twice (5 USDT, 1 USDT_TRC20); give one cap per currency"))
        #expect(twice.status == 4)
    }

    @Test func theKeyNeverShows() async throws {
        let key = "sk_live_7Hq2Zp"
        let server = try await LoopbackServer.start { _, _ in
            LoopbackServer.json(401, #"{"title":"Unauthorized","status":401,"detail":"key \#(key) is not valid for this account"}"#,
                                contentType: "application/problem+json")
        }
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "print env(\"PAY_API_KEY\")\nintegrations\n".write(to: directory.appendingPathComponent("key.pay"), atomically: true, encoding: .utf8)
        let echoed = try await PayProcess.running(["run", "key.pay", "--api", server.baseURL], in: directory,
                                        environment: ["PAY_API_KEY": key, "PAY_LOG_LEVEL": "debug"])
        #expect(echoed.stdout == "***\n")
        #expect(echoed.stderr.contains(#"key.pay:2:1: error[P501]: GET /integrations was refused (401): Unauthorized: key *** is not valid for this account"#))
        #expect(!echoed.stdout.contains(key) && !echoed.stderr.contains(key))
        #expect(echoed.status == 3)

        let stray = try await PayProcess.running(["run", "key.pay", "--api", server.baseURL, "--key", key + "\r"], in: directory)
        #expect(stray.status == 64)
        #expect(stray.stderr.contains("the API key contains a control character (a stray newline or carriage return?); it was not sent"))
        #expect(!stray.stderr.contains(key))
        let accented = try await PayProcess.running(["run", "key.pay", "--api", server.baseURL, "--key", "clé-" + key], in: directory)
        #expect(accented.status == 64)
        #expect(accented.stderr.contains("the API key contains a non-ASCII character (a pasted quote or accent?); it was not sent"))
        let fromEnvironment = try await PayProcess.running(["run", "key.pay"], in: directory,
                                                           environment: ["PAY_API_URL": server.baseURL, "PAY_API_KEY": "“\(key)”"])
        #expect(fromEnvironment.status == 64)
        #expect(fromEnvironment.stderr.contains("non-ASCII character"))
        // GET /sandbox (is it a sandbox? no: 401) and GET /integrations; the stray and accented keys sent nothing.
        #expect(await server.log.count == 2)
    }

    /// Issue 31: a one-letter test key no longer mangles data that merely holds its letter
    /// ("Kraken OK" printed as "***raken O***", a trace's "200 O***"): a key under 8 characters is
    /// *** in the X-API-Key header alone, and a warning says once that it cannot be hidden elsewhere.
    @Test func aShortKeyIsHiddenInItsHeaderAndLeavesDataWhole() async throws {
        let sandbox = Sandbox(config: SandboxConfig(seed: 1, apiKey: "K"))
        let server = try await gateway(sandbox) { _, _ in nil }
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-short-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "print \"Kraken OK\"\nprint (rates 10 EUR)[0].assetId\n".write(to: directory.appendingPathComponent("k.pay"), atomically: true, encoding: .utf8)
        let run = try await PayProcess.running(["run", "k.pay", "--api", server.baseURL, "--key", "K", "--trace"], in: directory)
        #expect(run.status == 0)
        #expect(run.stdout == "Kraken OK\nUSDT_TRC20\n")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "warning: the API key is shorter than 8 characters, so pay cannot hide it where it occurs in output; "
                + "it shows as *** only in X-API-Key headers")
        #expect(lines.filter { $0.hasPrefix("> X-API-Key:") } == ["> X-API-Key: ***", "> X-API-Key: ***"])
        #expect(lines.contains { $0.hasPrefix("< 200 OK (") })
        #expect(!lines.contains { $0.hasPrefix("> X-API-Key: K") })
        #expect(run.stderr.components(separatedBy: "warning:").count == 2)
    }
}
