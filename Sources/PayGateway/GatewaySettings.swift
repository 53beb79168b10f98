// Where scripts run, decided once for every entry point (run, test, repl, check, explore, diff,
// lsp): a recording, the embedded sandbox, a served `pay sandbox` or a real gateway. The settings'
// values and where each came from (flag, else environment, else --env-file), what is wrong with
// them, the network (TLS, proxies), the guards and caps, and the sessions made from them. The
// executable only parses the options into these settings and hands over its console.
import Foundation
import PayClient
import PayRunner
import PaySandbox
import PayScript

/// Where what the settings' work says goes: the executable's console, with its redaction.
public struct GatewayOutput: Sendable {
    /// How everything written elsewhere (traces, curl files, HARs) hides secrets.
    public var redaction: Redaction
    /// Adds a secret to hide from then on (a world's key).
    public var redact: @Sendable (String?) -> Void
    /// Standard error.
    public var err: @Sendable (String) -> Void

    public init(redaction: Redaction = Redaction { $0 }, redact: @escaping @Sendable (String?) -> Void = { _ in },
                err: @escaping @Sendable (String) -> Void = { _ in }) {
        self.redaction = redaction
        self.redact = redact
        self.err = err
    }
}

/// What the gateway options say, as plain values.
public struct GatewaySettings: Sendable {
    public var api: String?
    public var key: String?
    public var keyFile: String?
    public var envFile: String?
    public var allowOutgoingFlag = false
    public var maxOutgoingFlags: [String] = []
    public var seed: UInt64 = 1
    public var apiTimeout: Double = 30
    public var faults: String?
    public var trace = false
    public var curl: String?
    public var record: String?
    public var replay: String?
    public var cacert: String?
    public var insecure = false
    /// Where traces and notes go, and how secrets are hidden in them.
    public var output = GatewayOutput()
    /// Where the settings' variables are read: the process's, or a test's.
    public var environment = SettingsEnvironment.process

    public init(api: String? = nil, key: String? = nil, keyFile: String? = nil, envFile: String? = nil,
                allowOutgoingFlag: Bool = false, maxOutgoingFlags: [String] = [], seed: UInt64 = 1, apiTimeout: Double = 30,
                faults: String? = nil, trace: Bool = false, curl: String? = nil, record: String? = nil, replay: String? = nil,
                cacert: String? = nil, insecure: Bool = false, environment: SettingsEnvironment = .process) {
        self.api = api
        self.key = key
        self.keyFile = keyFile
        self.envFile = envFile
        self.allowOutgoingFlag = allowOutgoingFlag
        self.maxOutgoingFlags = maxOutgoingFlags
        self.seed = seed
        self.apiTimeout = apiTimeout
        self.faults = faults
        self.trace = trace
        self.curl = curl
        self.record = record
        self.replay = replay
        self.cacert = cacert
        self.insecure = insecure
        self.environment = environment
    }

    /// How the HTTP transport reaches the gateway: CAs (for https only), --insecure, and the
    /// proxy the environment names for its URL. Nil settings, with the problem, when they do not hold.
    public var network: (settings: NetworkSettings, problem: String?) {
        guard let apiURL else { return (NetworkSettings(), insecure ? "--insecure is for a gateway given with --api" : nil) }
        var network = NetworkSettings(insecure: insecure)
        if apiURL.lowercased().hasPrefix("https://") {
            network.caFiles = [cacert ?? environment.value("SSL_CERT_FILE")].compactMap { $0 }.filter { !$0.isEmpty }
        } else if cacert != nil {
            return (network, "--cacert is for an https:// gateway; \(apiURL) is plain http")
        }
        do throws(ProxyURL.Problem) {
            network.proxy = try NetworkSettings.proxy(for: apiURL, environment: environment.proxyVariables)
        } catch {
            return (network, error.message)
        }
        return (network, network.problem(for: apiURL).map { $0 })
    }

    /// `--trace`, or `PAY_LOG_LEVEL=trace`.
    public var tracing: Bool { trace || environment.value("PAY_LOG_LEVEL")?.lowercased() == "trace" }

    // MARK: Where each setting comes from: a flag, else the environment, else --env-file.

    /// A setting's value and where it came from (`--api`, `PAY_API_URL`, `.env:3`), for `:env`.
    public struct Sourced<Value: Sendable>: Sendable {
        public var value: Value
        public var source: String
    }

    /// The env file's values, or the problem reading it.
    private var file: Result<EnvFile, EnvFile.Problem>? { envFile.map(EnvFile.load) }

    private func fromFile(_ name: String) -> Sourced<String>? {
        guard case let .success(file)? = file, let entry = file.values[name] else { return nil }
        return Sourced(value: entry.value, source: "\(file.path):\(entry.line)")
    }

    private func lookup(_ flag: String?, flagName: String, _ variable: String) -> Sourced<String>? {
        if let flag { return Sourced(value: flag, source: flagName) }
        if let value = environment.value(variable) { return Sourced(value: value, source: variable) }
        return fromFile(variable)
    }

    public var apiURLSource: Sourced<String>? { lookup(api, flagName: "--api", Setting.apiURL.rawValue) }
    public var apiURL: String? { apiURLSource?.value }

    /// The key: `--key`, else `--key-file`, else PAY_API_KEY, else PAY_API_KEY_FILE, else the env
    /// file's PAY_API_KEY or PAY_API_KEY_FILE.
    public var apiKeySource: Result<Sourced<String>?, EnvFile.Problem> {
        if let key { return .success(Sourced(value: key, source: "--key")) }
        func read(_ path: String, _ name: String, _ source: String) -> Result<Sourced<String>?, EnvFile.Problem> {
            KeyFile.read(path, named: name).map { Sourced(value: $0, source: source) }
        }
        if let keyFile { return read(keyFile, "--key-file", "--key-file \(keyFile)") }
        if let value = environment.value(Setting.apiKey.rawValue) { return .success(Sourced(value: value, source: Setting.apiKey.rawValue)) }
        if let path = environment.value(Setting.apiKeyFile.rawValue) { return read(path, Setting.apiKeyFile.rawValue, "\(Setting.apiKeyFile.rawValue) \(path)") }
        if let value = fromFile(Setting.apiKey.rawValue) { return .success(value) }
        if let path = fromFile(Setting.apiKeyFile.rawValue) { return read(path.value, "\(Setting.apiKeyFile.rawValue) (\(path.source))", "\(path.source) \(path.value)") }
        return .success(nil)
    }
    public var apiKey: String? { (try? apiKeySource.get())??.value }

    public var allowOutgoingSource: Sourced<Bool> {
        if allowOutgoingFlag { return Sourced(value: true, source: "--allow-outgoing") }
        guard let found = lookup(nil, flagName: "", Setting.allowOutgoing.rawValue) else { return Sourced(value: false, source: "default") }
        return Sourced(value: ["1", "true", "yes"].contains(found.value.lowercased()), source: found.source)
    }
    public var allowOutgoing: Bool { allowOutgoingSource.value }

    public var maxOutgoingSource: Sourced<[String]> {
        if !maxOutgoingFlags.isEmpty { return Sourced(value: maxOutgoingFlags, source: "--max-outgoing") }
        guard let found = lookup(nil, flagName: "", Setting.maxOutgoing.rawValue) else { return Sourced(value: [], source: "default") }
        let caps = found.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return Sourced(value: caps, source: found.source)
    }
    public var maxOutgoing: [String] { maxOutgoingSource.value }

    /// `PAY_FRESH_FOR`: how many seconds an answer from a gateway others can change is used
    /// before asking again (README, "Requests"); nil when not given, a problem when not a number
    /// of seconds from 0 to 3600.
    public var freshForSource: Sourced<String>? { lookup(nil, flagName: "", Setting.freshFor.rawValue) }
    public var freshFor: Duration? {
        guard let text = freshForSource?.value, let seconds = Double(text), seconds >= 0, seconds <= 3600 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// `PAY_VAR_name` from the env file, then the environment, then `--var` (each later one wins).
    public func variables(adding given: [VariableBinding]) -> [VariableBinding] {
        var bound: [(String, String)] = []
        if case let .success(file)? = file {
            bound += file.values.filter { $0.key.hasPrefix(Setting.variablePrefix) }.sorted { $0.value.line < $1.value.line }
                .map { (String($0.key.dropFirst(Setting.variablePrefix.count)), $0.value.value) }
        }
        bound += environment.values(withPrefix: Setting.variablePrefix).sorted { $0.name < $1.name }
            .map { (String($0.name.dropFirst(Setting.variablePrefix.count)), $0.value) }
        bound += given.map { ($0.name, $0.value) }
        var result: [VariableBinding] = []
        for (name, value) in bound {
            result.removeAll { $0.name == name }
            result.append(VariableBinding(name: name, value: value))
        }
        return result
    }

    /// What every client of this invocation waited on rate limits, for `pay test`'s summary.
    public static let rateLimits = RateLimitLedger()

    /// A client for `transport` with these options' retry budget. Its waits on rate limits count
    /// into the invocation's, and with a trace, say so in it (`trace`: a scenario's own).
    public func client(_ transport: any Transport, key: String?, trace: (@Sendable (String) -> Void)? = nil) -> PaymentClient {
        var client = PaymentClient(transport: transport, apiKey: key, retry: RetryPolicy(budget: .milliseconds(Int64(apiTimeout * 1000))))
        let note = tracing ? trace ?? output.err : nil
        client.rateLimits = RateLimitLedger(parent: GatewaySettings.rateLimits, note: note)
        client.traceNote = note
        return client
    }

    /// Where a run's requests go, decided in one place for every entry point: a recording
    /// (`--replay`, which wins over `--api`), the embedded sandbox (no `--api`), or a gateway over
    /// HTTP, which its answer to `GET /sandbox` shows to be a served sandbox or a real gateway.
    public enum Destination: Sendable, Equatable {
        case replay
        case embedded
        case http(String)
    }

    public func destination(_ files: ExchangeFiles) -> Destination {
        if files.replayLog != nil || files.replayFolder != nil { return .replay }
        guard let apiURL else { return .embedded }
        return .http(apiURL)
    }

    /// The one HTTP transport to `--api`: its network (TLS trust, proxies, `--insecure`), its
    /// request timeout, and at most `connections` connections.
    public func httpTransport(connections: Int? = nil) -> HTTPTransport? {
        guard let apiURL else { return nil }
        return HTTPTransport(baseURL: apiURL, requestTimeout: .milliseconds(Int64(apiTimeout * 1000)), network: network.settings,
                             connections: connections)
    }

    /// Whether the gateway behind `client` is a sandbox: it answers `GET /sandbox`.
    public static func isSandbox(_ client: PaymentClient) async -> Bool {
        (try? await client.sandboxInfo()) != nil
    }

    /// A fresh embedded sandbox's transport, with `--faults` when given (validated already). The
    /// sandbox is made and seeded on the first request, not before.
    public func embeddedTransport() -> any Transport {
        let (seed, spec) = (seed, faults.flatMap { try? FaultSpec(parsing: $0) })
        return LazyTransport {
            let inProcess = InProcessTransport(sandbox: Sandbox(config: SandboxConfig(seed: seed)))
            guard let spec else { return inProcess }
            return FaultyTransport(inProcess, injector: FaultInjector(spec: spec, seed: seed))
        }
    }

    /// What is wrong with these settings, if anything, said as a usage error.
    public var problem: String? {
        if case let .failure(problem)? = file { return problem.message }
        if case let .failure(problem) = apiKeySource { return problem.message }
        if replay != nil {
            if apiURL != nil { return "--replay answers from a recording, --api from a gateway: give one or the other" }
            if faults != nil { return "--faults is for the embedded sandbox; a replay has none" }
        }
        if let faults {
            do {
                _ = try FaultSpec(parsing: faults)
            } catch {
                return "--faults: \(error)"
            }
            if apiURL != nil {
                return "--faults is for the embedded sandbox; for a server, start it with pay sandbox --faults"
            }
        }
        if apiURL != nil || insecure || cacert != nil, let problem = network.problem { return problem }
        if let given = freshForSource, freshFor == nil {
            return "\(Setting.freshFor.rawValue) (\(given.source)) must be a number of seconds from 0 to 3600, got '\(given.value)'"
        }
        guard apiTimeout > 0, apiTimeout <= 3600 else {
            return "--api-timeout must be more than 0 and at most 3600 seconds, got \(apiTimeout)"
        }
        if let apiURL, !(apiURL.hasPrefix("http://") || apiURL.hasPrefix("https://")) {
            return "--api must be an http:// or https:// URL, got '\(apiURL)'"
        }
        if let apiKey, apiKey.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the API key contains a control character (a stray newline or carriage return?); it was not sent"
        }
        // A header value is bytes; a non-ASCII key would reach the gateway as its UTF-8 read as Latin-1.
        if let apiKey, !apiKey.unicodeScalars.allSatisfy(\.isASCII) {
            return "the API key contains a non-ASCII character (a pasted quote or accent?); it was not sent"
        }
        var units: Set<String> = []
        for text in maxOutgoing {
            guard let cap = GatewaySettings.parsedCap(text) else {
                return "--max-outgoing must be a positive amount like \"50 USDT_TRC20\", got '\(text)'"
            }
            guard units.insert(cap.currency).inserted else {
                return "--max-outgoing is given twice for \(cap.currency); give one cap per currency"
            }
        }
        return nil
    }

    private static func parsedCap(_ text: String) -> Amount? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let number = FixedDecimal(String(parts[0])), number.signum > 0 else { return nil }
        return Amount(number, String(parts[1]))
    }

    /// A session per scenario for `pay test`, counting its requests: on the embedded sandbox a
    /// fresh sandbox each. Against a `pay sandbox` (it answers GET /sandbox), a world of its own
    /// each, made with the server's key and deleted afterwards, so parallel runs never meet.
    /// Against a real gateway one HTTP transport, budget and catalog for all (so --max-outgoing
    /// caps the whole run). With `--replay DIR`, each scenario's answers come from its own HAR
    /// there; with `--record DIR` and `--trace`, each scenario's exchanges go to its own HAR and
    /// output. Also the transport to shut down afterwards, if any.
    ///
    /// The catalog (assets, integrations) is read once for all scenarios, outside any of them, so
    /// no file's request count depends on which ran first: the sandbox's worlds all have the
    /// server's fixed catalog, and each embedded sandbox the same one. With --trace, --record or
    /// --faults each scenario reads its own, so its trace and HAR are whole and its faults its own.
    /// `connections`: the most HTTP connections to keep open to the gateway (`--jobs`). The
    /// second result closes what the sessions share once every scenario has ended (the catalog's
    /// reads still under way are waited for first); the third counts the catalog's shared requests.
    public func scenarioSessions(_ files: ExchangeFiles, connections: Int? = nil) async
        -> (@Sendable (ScenarioContext) async throws(PaymentError) -> ScenarioSession, @Sendable () async -> Void, @Sendable () -> Int) {
        let (tracing, seed) = (self.tracing, self.seed)
        let shareCatalog = !tracing && files.recordFolder == nil && faults == nil
        /// The scenario's own trace and recording around `transport`.
        @Sendable func observed(_ transport: any Transport, _ context: ScenarioContext, baseURL: String,
                                sandbox: Bool?, probed: Bool) -> (any Transport, HARRecorder?) {
            guard context.observed else { return (transport, nil) }
            var observers: [any ExchangeObserver] = []
            if tracing { observers.append(TraceObserver(redaction: output.redaction, write: context.trace)) }
            var recorder: HARRecorder?
            if let folder = files.recordFolder {
                recorder = HARRecorder(path: ExchangeFiles.harPath(in: folder, for: context.path), redaction: output.redaction,
                                       sandbox: sandbox, probed: probed, seed: seed)
                observers.append(recorder!)
            }
            guard !observers.isEmpty else { return (transport, nil) }
            return (ObservedTransport(transport, baseURL: baseURL, observers: observers), recorder)
        }
        let destination = destination(files)
        if destination == .replay, let folder = files.replayFolder {
            let (caps, budget) = (replaySafety, OutgoingBudget())
            return ({ (context: ScenarioContext) async throws(PaymentError) -> ScenarioSession in
                let path = ExchangeFiles.harPath(in: folder, for: context.path)
                let log: HARLog
                do throws(HARError) {
                    log = try HARLog.read(path: path)
                } catch {
                    throw .invalidRequest("--replay: \(error)")
                }
                let counter = CountingTransport(ReplayTransport(log, name: (path as NSString).lastPathComponent))
                let (transport, recorder) = observed(counter, context, baseURL: log.entries.first.map { ExchangeFiles.base(of: $0.url) } ?? ObservedTransport.embeddedBaseURL,
                                                     sandbox: log.sandbox, probed: log.probed ?? false)
                let session = await replaySession(client(transport, key: nil), log: log, safety: caps, budget: budget)
                await session.catalog.prefetch(context.reads, session.client, inTurn: true)
                return ScenarioSession(session: session, requests: { counter.count }, finish: { recorder?.flush() })
            }, {}, { 0 })
        }
        guard case let .http(apiURL) = destination, let http = httpTransport(connections: connections) else {
            let (budget, caps, seed) = (OutgoingBudget(), sandboxSafety, seed)
            let reader = CountingTransport(embeddedTransport())
            let catalog = shareCatalog ? GatewayCatalog(reader: client(reader, key: nil)) : nil
            return ({ (context: ScenarioContext) async throws(PaymentError) -> ScenarioSession in
                let counter = CountingTransport(embeddedTransport())
                let (transport, recorder) = observed(counter, context, baseURL: ObservedTransport.embeddedBaseURL, sandbox: true, probed: false)
                let session = newSession(client: client(transport, key: nil, trace: context.trace), isSandbox: true, safety: caps,
                                             budget: budget, catalog: catalog ?? GatewayCatalog(), uuids: UUIDSource(seed: seed, noting: GatewaySettings.noting(recorder)))
                await session.catalog.prefetch(context.reads, session.client, inTurn: true)
                return ScenarioSession(session: session, requests: { counter.count }, finish: { recorder?.flush() })
            }, { await catalog?.settle() }, { reader.count })
        }
        let key = apiKey
        let reader = CountingTransport(http)
        let catalog = shareCatalog ? GatewayCatalog(reader: client(reader, key: key)) : nil
        if await GatewaySettings.isSandbox(client(http, key: key)) {
            let (seed, budget, caps) = (seed, OutgoingBudget(), sandboxSafety)
            return ({ (context: ScenarioContext) async throws(PaymentError) -> ScenarioSession in
                let admin = client(http, key: key)
                let world = try await admin.sandboxCreateWorld(seed: seed)
                output.redact(world.key)
                let counter = CountingTransport(http)
                // A world's runs are on a sandbox known beforehand: its HAR replays with no probe.
                let (transport, recorder) = observed(counter, context, baseURL: apiURL, sandbox: true, probed: false)
                let session = newSession(client: client(transport, key: world.key, trace: context.trace), isSandbox: true,
                                             safety: caps, budget: budget, catalog: catalog ?? GatewayCatalog(), uuids: UUIDSource(seed: seed, noting: GatewaySettings.noting(recorder)))
                await session.catalog.prefetch(context.reads, session.client, inTurn: catalog == nil)
                return ScenarioSession(session: session, requests: { counter.count },
                                       finish: { recorder?.flush(); try? await admin.sandboxDeleteWorld(world.world) })
            }, { await catalog?.settle(); await http.shutdown() }, { reader.count })
        }
        let (budget, safety) = (OutgoingBudget(), safetyPolicy(confirm: nil))
        // One catalog for all, read outside the scenarios unless each is traced or recorded whole.
        let liveCatalog = catalog ?? GatewayCatalog()
        return ({ (context: ScenarioContext) async throws(PaymentError) -> ScenarioSession in
            let counter = CountingTransport(http)
            let (transport, recorder) = observed(counter, context, baseURL: apiURL, sandbox: false, probed: false)
            let session = newSession(client: client(transport, key: key, trace: context.trace), isSandbox: false,
                                         safety: safety, budget: budget, catalog: liveCatalog, uuids: UUIDSource(noting: GatewaySettings.noting(recorder)))
            await session.catalog.prefetch(context.reads, session.client, inTurn: catalog == nil)
            return ScenarioSession(session: session, requests: { counter.count }, finish: { recorder?.flush() })
        }, { await liveCatalog.settle(); await http.shutdown() }, { reader.count })
    }

    /// The session for one script, and what to close afterwards. Against --api it asks GET
    /// /sandbox once: a `pay sandbox` says it is one, and scripts then get `pay`, `advance`,
    /// `balance` and virtual-time `wait`, with no real-money guards (its money is play money); a
    /// real gateway has no such path and stays guarded. With --replay, the recording answers,
    /// probe included when the run it recorded made one. `confirm` asks a person before each
    /// outgoing payment on a real gateway (the REPL at a terminal).
    /// `remembersLast` keeps the last exchange, for the prompt's `:last` and `:curl`. Without it
    /// and without --trace, --curl or --record, requests go straight to the transport: an option
    /// not given costs nothing.
    ///
    /// `reads` are the catalog reads the script needs before its first statement. Over HTTP they
    /// go out side by side with the probe, so the start costs one round trip; when the exchanges
    /// are traced, recorded or replayed, or on the embedded sandbox (where a request costs
    /// microseconds), they go one after the other in a fixed order, so what is written is the
    /// same every time.
    public func makeSession(_ files: ExchangeFiles, confirm: (@Sendable (String) async -> Bool)? = nil,
                     probe: Bool = true, remembersLast: Bool = false, reads: CatalogReads = .none) async -> (GatewaySession, OpenedGateway) {
        let reads = withCaps(reads)
        var observers: [any ExchangeObserver] = []
        if tracing { observers.append(TraceObserver(redaction: output.redaction, write: output.err)) }
        if let handle = files.curl { observers.append(CurlObserver(handle: handle, redaction: output.redaction, network: network.settings)) }
        let last = LastExchange()
        if remembersLast { observers.append(last) }
        var recorder: HARRecorder?
        func around(_ transport: any Transport, baseURL: String, sandbox: Bool?, probed: Bool) -> any Transport {
            if let path = files.recordFile {
                recorder = HARRecorder(path: path, redaction: output.redaction, sandbox: sandbox, probed: probed, seed: seed)
                observers.append(recorder!)
            }
            return observers.isEmpty ? transport : ObservedTransport(transport, baseURL: baseURL, observers: observers)
        }
        let destination = destination(files)
        if destination == .replay, let log = files.replayLog {
            let transport = around(ReplayTransport(log, name: files.replayName), baseURL: log.entries.first.map { ExchangeFiles.base(of: $0.url) } ?? ObservedTransport.embeddedBaseURL,
                                   sandbox: log.sandbox, probed: log.probed ?? false)
            let session = await replaySession(client(transport, key: nil), log: log, safety: replaySafety, budget: OutgoingBudget())
            await session.catalog.prefetch(reads, session.client, inTurn: true)
            return (session, OpenedGateway(http: nil, recorder: recorder, curl: files.curl, last: last))
        }
        guard case let .http(apiURL) = destination, let http = httpTransport() else {
            let transport = around(embeddedTransport(), baseURL: ObservedTransport.embeddedBaseURL, sandbox: true, probed: false)
            let session = newSession(client: client(transport, key: nil), isSandbox: true, safety: sandboxSafety,
                                     uuids: UUIDSource(seed: seed, noting: GatewaySettings.noting(recorder)))
            await session.catalog.prefetch(reads, session.client, inTurn: true)
            return (session, OpenedGateway(http: nil, recorder: recorder, curl: files.curl, last: last))
        }
        let remote = client(around(http, baseURL: apiURL, sandbox: nil, probed: probe), key: apiKey)
        let catalog = GatewayCatalog()
        let opened = OpenedGateway(http: http, recorder: recorder, curl: files.curl, last: last, catalog: catalog)
        let inTurn = !observers.isEmpty
        // The start's reads share one budget of retries: a gateway that fails them all is given up
        // on as fast as one read would be.
        var starting = remote
        starting.retryPool = RetryPool(retries: starting.retry.maxAttempts - 1)
        if !inTurn { await catalog.prefetch(reads, starting) }
        let info = probe ? try? await starting.sandboxInfo() : nil
        recorder?.noteSandbox(info != nil)
        if inTurn { await catalog.prefetch(reads, starting, inTurn: true) }
        if info != nil {
            // Its own money is play money; others may share its default world, and a sandbox on
            // the wall clock changes by itself.
            return (newSession(client: remote, isSandbox: true, safety: sandboxSafety, catalog: catalog,
                                   uuids: UUIDSource(seed: seed, noting: GatewaySettings.noting(recorder)), shared: true), opened)
        }
        return (newSession(client: remote, isSandbox: false, safety: safetyPolicy(confirm: confirm), catalog: catalog,
                           uuids: UUIDSource(noting: GatewaySettings.noting(recorder))), opened)
    }

    /// The reads a run needs, with the assets when a --max-outgoing cap is in a crypto unit.
    private func withCaps(_ reads: CatalogReads) -> CatalogReads {
        var reads = reads
        if maxOutgoing.compactMap(GatewaySettings.parsedCap).contains(where: { FiatCurrencies.minorUnits[$0.currency] == nil }) {
            reads.assets = true
        }
        return reads
    }

    /// A replayed run's session: on a sandbox if the recording says so (asking the recorded
    /// `GET /sandbox` when the run asked it), else as the live gateway it was, but with guards
    /// as on a sandbox (nothing real can move) and waits that do not sleep.
    private func replaySession(_ client: PaymentClient, log: HARLog, safety: SafetyPolicy, budget: OutgoingBudget) async -> GatewaySession {
        let probed = log.probed ?? (log.entries.first.map { $0.method == "GET" && $0.path == "/sandbox" } ?? false)
        var sandbox = log.sandbox ?? false
        if probed { sandbox = (try? await client.sandboxInfo()) != nil }
        return newSession(client: client, isSandbox: sandbox, safety: safety, budget: budget,
                              pause: { _ in try Task.checkCancellation() },
                              uuids: log.uuids.map { UUIDSource(replaying: $0, seed: sandbox ? log.seed ?? seed : nil) }
                                  ?? (sandbox ? UUIDSource(seed: log.seed ?? seed) : UUIDSource()))
    }

    /// What tells a recording each `uuid()` drawn, when the run records.
    static func noting(_ recorder: HARRecorder?) -> (@Sendable (String) -> Void)? {
        recorder.map { recorder in { @Sendable value in recorder.noteUUID(value) } }
    }

    /// A replay moves nothing real: outgoing payments need no --allow-outgoing, caps still hold.
    private var replaySafety: SafetyPolicy {
        SafetyPolicy(allowOutgoing: true, maxOutgoing: maxOutgoing.compactMap(GatewaySettings.parsedCap))
    }

    /// On a sandbox only the caps hold: its money is play money, but a cap the user set is a cap.
    private var sandboxSafety: SafetyPolicy {
        SafetyPolicy(maxOutgoing: maxOutgoing.compactMap(GatewaySettings.parsedCap))
    }

    /// The guards for real money these options ask for.
    private func safetyPolicy(confirm: (@Sendable (String) async -> Bool)?) -> SafetyPolicy {
        SafetyPolicy(allowOutgoing: allowOutgoing, maxOutgoing: maxOutgoing.compactMap(GatewaySettings.parsedCap), confirm: confirm)
    }
}

extension GatewaySettings {
    /// A session with `PAY_FRESH_FOR` applied, as every session these settings make.
    func newSession(client: PaymentClient, isSandbox: Bool, safety: SafetyPolicy = SafetyPolicy(),
                 budget: OutgoingBudget = OutgoingBudget(), catalog: GatewayCatalog = GatewayCatalog(),
                 pause: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                 uuids: UUIDSource? = nil, shared: Bool? = nil) -> GatewaySession {
        var session = GatewaySession(client: client, isSandbox: isSandbox, safety: safety, budget: budget, catalog: catalog,
                                     pause: pause, uuids: uuids, shared: shared)
        if let freshFor { session.freshFor = freshFor }
        return session
    }
}
