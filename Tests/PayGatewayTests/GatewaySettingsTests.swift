// GatewaySettings without the executable: each setting's precedence (flag, else environment, else
// --env-file), what is refused before anything is sent, the network a run gets, and where
// sessions go (a recording, the embedded sandbox, a served sandbox, a real gateway), the last two
// against loopback gateways these tests start and stop.
import Foundation
import LoopbackServer
import PayClient
@testable import PayGateway
import PayRunner
import PayScript
import Testing

struct GatewaySettingsTests {
    /// A folder of its own with `files` in it (mode 600), removed by the caller.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pay-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            let path = folder.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        }
        return folder
    }

    // MARK: Precedence

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheEnvFile() throws {
        let folder = try Self.folder([".env": "PAY_API_URL=http://file.test\nPAY_API_KEY=from-file\nPAY_MAX_OUTGOING=1 TRX\nPAY_ALLOW_OUTGOING=1\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(".env").path
        var settings = GatewaySettings(envFile: file, environment: .fixed([:]))
        #expect(settings.apiURLSource.map { "\($0.value) \($0.source)" } == "http://file.test \(file):1")
        #expect(settings.apiKey == "from-file")
        #expect(settings.maxOutgoingSource.value == ["1 TRX"])
        #expect(settings.allowOutgoingSource.source == "\(file):4")

        settings.environment = .fixed(["PAY_API_URL": "http://env.test", "PAY_API_KEY": "from-env", "PAY_MAX_OUTGOING": "2 TRX, 3 USDT"])
        #expect(settings.apiURLSource?.source == "PAY_API_URL")
        #expect(settings.apiKey == "from-env")
        #expect(settings.maxOutgoing == ["2 TRX", "3 USDT"])

        settings.api = "http://flag.test"
        settings.key = "from-flag"
        settings.maxOutgoingFlags = ["4 TRX"]
        #expect(settings.apiURLSource.map { "\($0.value) \($0.source)" } == "http://flag.test --api")
        #expect((try? settings.apiKeySource.get())??.source == "--key")
        #expect(settings.maxOutgoing == ["4 TRX"])
    }

    @Test func aKeyFileStandsWhereTheKeyWouldAndMustBeItsOwners() throws {
        let folder = try Self.folder(["key": "sk_file_key\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("key").path
        let settings = GatewaySettings(keyFile: path, environment: .fixed(["PAY_API_KEY": "from-env"]))
        #expect(settings.apiKey == "sk_file_key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(settings.problem == "--key-file: \(path) may be read by others (mode 644); chmod 600 \(path), as ssh asks of a private key")
        let fromEnvironment = GatewaySettings(environment: .fixed(["PAY_API_KEY_FILE": path]))
        #expect(fromEnvironment.problem?.hasPrefix("PAY_API_KEY_FILE: \(path) may be read by others") == true)
    }

    @Test func howLongAnAnswerStaysFreshOnASharedGateway() async throws {
        #expect(GatewaySettings(environment: .fixed([:])).freshFor == nil)
        let settings = GatewaySettings(environment: .fixed(["PAY_FRESH_FOR": "2.5"]))
        #expect(settings.freshFor == .milliseconds(2500))
        #expect(await settings.makeSession(ExchangeFiles()).0.freshFor == .milliseconds(2500))
        #expect(await GatewaySettings(environment: .fixed([:])).makeSession(ExchangeFiles()).0.freshFor == .seconds(1))
        #expect(GatewaySettings(environment: .fixed(["PAY_FRESH_FOR": "soon"])).problem
                == "PAY_FRESH_FOR (PAY_FRESH_FOR) must be a number of seconds from 0 to 3600, got 'soon'")
    }

    /// README's table of where each setting comes from names exactly the settings there are.
    @Test func readmesSettingsTableNamesEverySetting() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md").standardizedFileURL, encoding: .utf8)
        let table = readme.components(separatedBy: "| setting | 1. flag | 2. environment | 3. `--env-file` |")[1].components(separatedBy: "\n\n")[0]
        let named = Set(table.split(separator: "`").filter { $0.hasPrefix("PAY_") }.map(String.init))
        #expect(named == Set(Setting.allCases.map(\.rawValue) + ["\(Setting.variablePrefix)name"]))
        #expect(EnvFile.known == Set(Setting.allCases.map(\.rawValue)))
    }

    // MARK: Refused before anything is sent

    @Test(arguments: [
        (GatewaySettings(api: "http://g.test", replay: "r.har"), "--replay answers from a recording, --api from a gateway: give one or the other"),
        (GatewaySettings(faults: "latency=1"), nil),
        (GatewaySettings(api: "http://g.test", faults: "latency=1"), "--faults is for the embedded sandbox; for a server, start it with pay sandbox --faults"),
        (GatewaySettings(faults: "wobble=1"), "--faults: 'wobble=1': expected KIND=RATE with KIND one of 5xx, drop-before, drop-after, latency, truncate, malformed, slow"),
        (GatewaySettings(api: "ftp://g.test"), "--api must be an http:// or https:// URL, got 'ftp://g.test'"),
        (GatewaySettings(apiTimeout: 0), "--api-timeout must be more than 0 and at most 3600 seconds, got 0.0"),
        (GatewaySettings(api: "http://g.test", cacert: "ca.pem"), "--cacert is for an https:// gateway; http://g.test is plain http"),
        (GatewaySettings(insecure: true), "--insecure is for a gateway given with --api"),
        (GatewaySettings(key: "abc\r"), "the API key contains a control character (a stray newline or carriage return?); it was not sent"),
        (GatewaySettings(maxOutgoingFlags: ["5"]), "--max-outgoing must be a positive amount like \"50 USDT_TRC20\", got '5'"),
        (GatewaySettings(maxOutgoingFlags: ["5 TRX", "6 TRX"]), "--max-outgoing is given twice for TRX; give one cap per currency"),
    ] as [(GatewaySettings, String?)])
    func whatIsRefusedAndWhy(settings: GatewaySettings, problem: String?) {
        var settings = settings
        settings.environment = .fixed([:])
        #expect(settings.problem == problem)
    }

    // MARK: The network

    /// A PEM bundle every Debian machine has.
    static let bundle = "/etc/ssl/certs/ca-certificates.crt"

    @Test func httpsTrustsTheCAFileAndTheProxyTheEnvironmentNames() {
        var settings = GatewaySettings(api: "https://gateway.test", cacert: Self.bundle,
                                       environment: .fixed(["HTTPS_PROXY": "http://user:secret@proxy.test:3128"]))
        #expect(settings.network.settings.caFiles == [Self.bundle])
        #expect(settings.network.settings.proxy?.host == "proxy.test")
        #expect(settings.network.settings.proxy?.port == 3128)
        #expect(settings.network.problem == nil)
        settings.cacert = nil
        settings.environment = .fixed(["SSL_CERT_FILE": Self.bundle, "HTTPS_PROXY": "http://proxy.test:3128", "NO_PROXY": ".test"])
        #expect(settings.network.settings.caFiles == [Self.bundle])
        #expect(settings.network.settings.proxy == nil)
        settings.api = "https://gateway.example"
        settings.insecure = true
        #expect(settings.problem?.hasPrefix("--insecure skips certificate checks for a gateway on this machine only") == true)
    }

    // MARK: Where sessions go

    /// A gateway on loopback: a sandbox (it answers GET /sandbox and makes worlds) or not.
    static func gateway(sandbox: Bool) async throws -> LoopbackServer {
        try await LoopbackServer.start { _, request in
            switch (request.method.rawValue, request.uri.path) {
            case ("GET", "/sandbox") where sandbox:
                LoopbackServer.json(200, #"{"sandbox":true,"world":"default","now":"2024-12-16T07:20:23+00:00","realtime":false}"#)
            case ("POST", "/sandbox/worlds") where sandbox:
                LoopbackServer.json(201, #"{"world":"w1","key":"sk_world_1","seed":1,"now":"2024-12-16T07:20:23+00:00"}"#)
            case ("DELETE", "/sandbox/worlds/w1") where sandbox:
                LoopbackServer.json(200, #"{"world":"w1","deleted":true}"#)
            default:
                LoopbackServer.json(404, #"{"title":"Not Found","status":404}"#, contentType: "application/problem+json")
            }
        }
    }

    /// The one decision every entry point reads, for each combination of --api and --replay
    /// (from a flag or the environment).
    @Test func whereRequestsGoIsDecidedOnce() async {
        let none = GatewaySettings(environment: .fixed([:]))
        let api = GatewaySettings(api: "http://127.0.0.1:9", environment: .fixed([:]))
        let fromEnvironment = GatewaySettings(environment: .fixed(["PAY_API_URL": "https://gw.example:8443"]))
        var replayFile = ExchangeFiles()
        replayFile.replayLog = HARLog(entries: [], sandbox: false, probed: false)
        var replayFolder = ExchangeFiles()
        replayFolder.replayFolder = "/tmp/hars"
        #expect(none.destination(ExchangeFiles()) == .embedded)
        #expect(api.destination(ExchangeFiles()) == .http("http://127.0.0.1:9"))
        #expect(fromEnvironment.destination(ExchangeFiles()) == .http("https://gw.example:8443"))
        // A recording answers instead of any gateway, even one named.
        for settings in [none, api, fromEnvironment] {
            #expect(settings.destination(replayFile) == .replay)
            #expect(settings.destination(replayFolder) == .replay)
        }
        #expect(none.httpTransport() == nil)
        let http = api.httpTransport(connections: 2)
        #expect(http != nil)
        await http?.shutdown()
    }

    @Test func withoutAnAPIItIsTheEmbeddedSandboxOfTheRunsOwn() async throws {
        let (session, opened) = await GatewaySettings(environment: .fixed([:])).makeSession(ExchangeFiles())
        #expect(session.isSandbox && !session.shared)
        #expect(opened.http == nil)
        #expect(session.safety.allowOutgoing == false && session.safety.maxOutgoing.isEmpty)
    }

    @Test func aServedSandboxIsOneAndItsDefaultWorldIsShared() async throws {
        let server = try await Self.gateway(sandbox: true)
        defer { Task { await server.stop() } }
        let settings = GatewaySettings(api: server.baseURL, key: "k", maxOutgoingFlags: ["5 TRX"], environment: .fixed([:]))
        let (session, opened) = await settings.makeSession(ExchangeFiles())
        #expect(session.isSandbox && session.shared)
        #expect(session.safety.maxOutgoing == [Amount(5, "TRX")] && !session.safety.allowOutgoing)
        await opened.shutdown()
        // The probe, and the assets beside it for the cap in TRX.
        #expect(await server.log.requests.map { "\($0.method) \($0.path)" }.sorted() == ["GET /crypto-assets", "GET /sandbox"])
    }

    @Test func aRealGatewayIsGuarded() async throws {
        let server = try await Self.gateway(sandbox: false)
        defer { Task { await server.stop() } }
        var settings = GatewaySettings(api: server.baseURL, key: "k", environment: .fixed(["PAY_ALLOW_OUTGOING": "yes"]))
        var (session, opened) = await settings.makeSession(ExchangeFiles())
        #expect(!session.isSandbox && session.shared && session.safety.allowOutgoing)
        await opened.shutdown()
        settings.environment = .fixed([:])
        (session, opened) = await settings.makeSession(ExchangeFiles())
        #expect(!session.isSandbox && !session.safety.allowOutgoing)
        await opened.shutdown()
    }

    @Test func aRecordingAnswersAsTheGatewayItRecordedButMovesNothingReal() async throws {
        var files = ExchangeFiles()
        files.replayLog = HARLog(entries: [], sandbox: false, probed: false)
        let (session, _) = await GatewaySettings(environment: .fixed([:])).makeSession(files)
        #expect(!session.isSandbox && session.safety.allowOutgoing)
        files.replayLog = HARLog(entries: [], sandbox: true, probed: false)
        #expect(await GatewaySettings(environment: .fixed([:])).makeSession(files).0.isSandbox)
    }

    @Test func payTestGetsAWorldPerScenarioOnAServedSandboxAndDeletesIt() async throws {
        let server = try await Self.gateway(sandbox: true)
        defer { Task { await server.stop() } }
        let settings = GatewaySettings(api: server.baseURL, key: "k", environment: .fixed([:]))
        let (make, closing, shared) = await settings.scenarioSessions(ExchangeFiles(), connections: 1)
        let scenario: ScenarioSession
        do {
            scenario = try await make(ScenarioContext(path: "a.pay", trace: { _ in }))
        } catch {
            await closing()
            Issue.record("no world: \(error)")
            return
        }
        #expect(scenario.session.isSandbox && !scenario.session.shared)
        #expect(scenario.session.client.apiKey == "sk_world_1")
        await scenario.finish()
        await closing()
        #expect(shared() == 0)
        #expect(await server.log.requests.map { "\($0.method) \($0.path)" } == ["GET /sandbox", "POST /sandbox/worlds", "DELETE /sandbox/worlds/w1"])
    }
}
