// Where scripts run: the embedded sandbox by default, or a real gateway with --api and --key.
// `GatewaySettings` holds the values and everything done with them; `GatewayOptions` is their
// command-line form. `pay run FILE` with no options takes the settings' defaults without
// ArgumentParser at all (Pay.main), so the defaults are written once, here.
import ArgumentParser
import Foundation
import PayClient
import PayRunner
import PaySandbox
import PayScript

struct GatewayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Base URL of a real gateway (or PAY_API_URL); without it, the embedded sandbox.", valueName: "url"))
    var api: String?

    @Option(help: ArgumentHelp("API key for --api (or PAY_API_KEY); never printed.", valueName: "key"))
    var key: String?

    @Flag(help: "Allow refunds, withdrawals and sends against a real gateway.")
    var allowOutgoing = GatewaySettings().allowOutgoing

    @Option(help: ArgumentHelp("Cap on what one run may send out, like \"50 USDT_TRC20\"; once per currency.", valueName: "amount"))
    var maxOutgoing: [String] = GatewaySettings().maxOutgoing

    @Option(help: "Seed of the embedded sandbox's ids and addresses.")
    var seed: UInt64 = GatewaySettings().seed

    @Option(help: ArgumentHelp("The most one API call may take in all, retries and their waits included.", valueName: "seconds"))
    var apiTimeout: Double = GatewaySettings().apiTimeout

    @Option(help: ArgumentHelp("Faults the embedded sandbox injects, like \"drop-after=0.1,latency=0.2:50ms\" (kinds: 5xx, drop-before, drop-after, latency, truncate, malformed, slow); deterministic with --seed.", valueName: "spec"))
    var faults: String?

    var settings: GatewaySettings {
        GatewaySettings(api: api, key: key, allowOutgoing: allowOutgoing, maxOutgoing: maxOutgoing, seed: seed,
                        apiTimeout: apiTimeout, faults: faults)
    }

    func validate() throws {
        if let problem = settings.problem { throw ValidationError(problem) }
    }
}

/// What the gateway options say, as plain values.
struct GatewaySettings {
    var api: String?
    var key: String?
    var allowOutgoing = false
    var maxOutgoing: [String] = []
    var seed: UInt64 = 1
    var apiTimeout: Double = 30
    var faults: String?

    var apiURL: String? { api ?? ProcessEnvironment.value("PAY_API_URL") }
    var apiKey: String? { key ?? ProcessEnvironment.value("PAY_API_KEY") }

    /// A client for `transport` with these options' retry budget.
    func client(_ transport: any Transport, key: String?) -> PaymentClient {
        PaymentClient(transport: transport, apiKey: key, retry: RetryPolicy(budget: .milliseconds(Int64(apiTimeout * 1000))))
    }

    /// A fresh embedded sandbox's transport, with `--faults` when given (validated already). The
    /// sandbox is made and seeded on the first request, not before.
    func embeddedTransport() -> any Transport {
        let (seed, spec) = (seed, faults.flatMap { try? FaultSpec(parsing: $0) })
        return LazyTransport {
            let inProcess = InProcessTransport(sandbox: Sandbox(config: SandboxConfig(seed: seed)))
            guard let spec else { return inProcess }
            return FaultyTransport(inProcess, injector: FaultInjector(spec: spec, seed: seed))
        }
    }

    /// What is wrong with these settings, if anything, said as a usage error.
    var problem: String? {
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
    /// caps the whole run). Also the transport to shut down afterwards, if any.
    func scenarioSessions() async -> (@Sendable () async throws(PaymentError) -> ScenarioSession, HTTPTransport?) {
        guard let apiURL else {
            let (budget, caps) = (OutgoingBudget(), sandboxSafety)
            return ({ () async throws(PaymentError) -> ScenarioSession in
                let counter = CountingTransport(embeddedTransport())
                let session = GatewaySession(client: client(counter, key: nil), isSandbox: true, safety: caps, budget: budget)
                return ScenarioSession(session: session, requests: { counter.count })
            }, nil)
        }
        let transport = HTTPTransport(baseURL: apiURL)
        let key = apiKey
        if (try? await client(transport, key: key).sandboxInfo()) != nil {
            let (seed, budget, caps) = (seed, OutgoingBudget(), sandboxSafety)
            return ({ () async throws(PaymentError) -> ScenarioSession in
                let admin = client(transport, key: key)
                let world = try await admin.sandboxCreateWorld(seed: seed)
                let counter = CountingTransport(transport)
                let session = GatewaySession(client: client(counter, key: world.key), isSandbox: true, safety: caps, budget: budget)
                Console.redact(world.key)
                return ScenarioSession(session: session, requests: { counter.count },
                                       finish: { try? await admin.sandboxDeleteWorld(world.world) })
            }, transport)
        }
        let (budget, catalog, safety) = (OutgoingBudget(), GatewayCatalog(), safetyPolicy(confirm: nil))
        return ({ () async throws(PaymentError) -> ScenarioSession in
            let counter = CountingTransport(transport)
            let session = GatewaySession(client: client(counter, key: key), isSandbox: false,
                                         safety: safety, budget: budget, catalog: catalog)
            return ScenarioSession(session: session, requests: { counter.count })
        }, transport)
    }

    /// The session for one script, and the HTTP transport to shut down afterwards, if any.
    /// Against --api it asks GET /sandbox once: a `pay sandbox` says it is one, and scripts then
    /// get `pay`, `advance`, `balance` and virtual-time `wait`, with no real-money guards (its
    /// money is play money); a real gateway has no such path and stays guarded.
    /// `confirm` asks a person before each outgoing payment on a real gateway (the REPL at a terminal).
    func makeSession(confirm: (@Sendable (String) async -> Bool)? = nil, probe: Bool = true) async -> (GatewaySession, HTTPTransport?) {
        guard let apiURL else {
            return (GatewaySession(client: self.client(embeddedTransport(), key: nil), isSandbox: true, safety: sandboxSafety), nil)
        }
        let transport = HTTPTransport(baseURL: apiURL)
        let remote = self.client(transport, key: apiKey)
        if probe, (try? await remote.sandboxInfo()) != nil {
            return (GatewaySession(client: remote, isSandbox: true, safety: sandboxSafety), transport)
        }
        return (GatewaySession(client: remote, isSandbox: false, safety: safetyPolicy(confirm: confirm)), transport)
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
