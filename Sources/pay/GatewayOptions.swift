// Where scripts run: the embedded sandbox by default, or a real gateway with --api and --key.
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
    var allowOutgoing = false

    @Option(help: ArgumentHelp("Cap on what one run may send out, like \"50 USDT_TRC20\"; once per currency.", valueName: "amount"))
    var maxOutgoing: [String] = []

    @Option(help: "Seed of the embedded sandbox's ids and addresses.")
    var seed: UInt64 = 1

    var apiURL: String? { api ?? ProcessInfo.processInfo.environment["PAY_API_URL"] }
    var apiKey: String? { key ?? ProcessInfo.processInfo.environment["PAY_API_KEY"] }

    func validate() throws {
        if let apiURL, !(apiURL.hasPrefix("http://") || apiURL.hasPrefix("https://")) {
            throw ValidationError("--api must be an http:// or https:// URL, got '\(apiURL)'")
        }
        if let apiKey, apiKey.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("the API key contains a control character (a stray newline or carriage return?); it was not sent")
        }
        var units: Set<String> = []
        for text in maxOutgoing {
            guard let cap = GatewayOptions.parsedCap(text) else {
                throw ValidationError("--max-outgoing must be a positive amount like \"50 USDT_TRC20\", got '\(text)'")
            }
            guard units.insert(cap.currency).inserted else {
                throw ValidationError("--max-outgoing is given twice for \(cap.currency); give one cap per currency")
            }
        }
    }

    private static func parsedCap(_ text: String) -> Amount? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let number = FixedDecimal(String(parts[0])), number.signum > 0 else { return nil }
        return Amount(number, String(parts[1]))
    }

    /// A session per scenario for `pay test`, counting its requests: on the embedded sandbox a
    /// fresh sandbox each; against a gateway one HTTP transport, budget and catalog for all (so
    /// --max-outgoing caps the whole run). Also the transport to shut down afterwards, if any.
    func scenarioSessions() -> (@Sendable () -> ScenarioSession, HTTPTransport?) {
        guard let apiURL else {
            let seed = seed
            return ({
                let counter = CountingTransport(InProcessTransport(sandbox: Sandbox(config: SandboxConfig(seed: seed))))
                let session = GatewaySession(client: PaymentClient(transport: counter, apiKey: nil), isSandbox: true)
                return ScenarioSession(session: session, requests: { counter.count })
            }, nil)
        }
        let transport = HTTPTransport(baseURL: apiURL)
        let (key, budget, catalog, safety) = (apiKey, OutgoingBudget(), GatewayCatalog(), safetyPolicy(confirm: nil))
        return ({
            let counter = CountingTransport(transport)
            let session = GatewaySession(client: PaymentClient(transport: counter, apiKey: key), isSandbox: false,
                                         safety: safety, budget: budget, catalog: catalog)
            return ScenarioSession(session: session, requests: { counter.count })
        }, transport)
    }

    /// The session for one script, and the HTTP transport to shut down afterwards, if any.
    /// `confirm` asks a person before each outgoing payment on a real gateway (the REPL at a terminal).
    func makeSession(confirm: (@Sendable (String) async -> Bool)? = nil) -> (GatewaySession, HTTPTransport?) {
        guard let apiURL else {
            let sandbox = Sandbox(config: SandboxConfig(seed: seed))
            let client = PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil)
            return (GatewaySession(client: client, isSandbox: true), nil)
        }
        let transport = HTTPTransport(baseURL: apiURL)
        return (GatewaySession(client: PaymentClient(transport: transport, apiKey: apiKey), isSandbox: false,
                               safety: safetyPolicy(confirm: confirm)), transport)
    }

    /// The guards for real money these options ask for.
    private func safetyPolicy(confirm: (@Sendable (String) async -> Bool)?) -> SafetyPolicy {
        SafetyPolicy(allowOutgoing: allowOutgoing, maxOutgoing: maxOutgoing.compactMap(GatewayOptions.parsedCap), confirm: confirm)
    }
}
