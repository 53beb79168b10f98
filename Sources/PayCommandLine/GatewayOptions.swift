// The gateway options' command-line form. What they mean, and everything done with them, is
// `GatewaySettings` in PayGateway; `pay run FILE` with no options takes the settings' defaults
// without ArgumentParser at all (Pay.main), so the defaults are written once, there.
import PayScript
import ArgumentParser
import PayGateway
import PaySandbox

// Each concern is one option group, and each subcommand composes the groups it honours (issue 31):
//
// | group              | run, repl | test, mcp | explore | diff | check, lsp |
// |--------------------|:---:|:---:|:---:|:---:|:---:|
// | ConnectionOptions  |  x  |  x  |  x  |  x  |  x  |
// | SandboxOptions     |  x  |  x  |  x  |  x  |     |
// | MoneyOptions       |  x  |  x  |  x  |     |     |
// | ExchangeOptions    |  x  |  x  |     |     |     |
// | CurlOption         |  x  |     |     |     |     |
//
// `pay check` and `pay lsp` read one asset list and nothing else, so seeds, faults, money guards
// and recordings mean nothing to them; `pay explore` walks with sessions of its own, so it neither
// traces nor records; `pay test` records a HAR per scenario, and a curl file of many scenarios
// run at once would not run again; `pay diff` sends a recording's requests and moves no money by itself.

/// How to reach a gateway and who is asking: every command that talks to one takes these.
public struct ConnectionOptions: ParsableArguments, Sendable {
    public init() {}
    @Option(help: ArgumentHelp("Base URL of a real gateway (or \(Setting.apiURL.rawValue)); without it, the embedded sandbox.", valueName: "url"))
    var api: String?

    @Option(help: ArgumentHelp("API key for --api (or \(Setting.apiKey.rawValue)); never printed.", valueName: "key"))
    var key: String?

    @Option(help: ArgumentHelp("Read the API key from this file (or \(Setting.apiKeyFile.rawValue)), readable by its owner only; never on the command line.", valueName: "file"))
    var keyFile: String?

    @Option(help: ArgumentHelp("Read \(Setting.allCases.map(\.rawValue).joined(separator: ", ")) and \(Setting.variablePrefix)name from KEY=VALUE lines (dotenv); flags and the environment come first.", valueName: "file"))
    var envFile: String?

    @Option(help: ArgumentHelp("Trust the CAs in this PEM file too, for an https gateway (or SSL_CERT_FILE).", valueName: "file"))
    var cacert: String?

    @Flag(help: "Skip certificate checks: for a gateway on this machine (loopback) only.")
    var insecure = false

    @Option(help: ArgumentHelp("The most one API call may take in all, retries and their waits included.", valueName: "seconds"))
    var apiTimeout: Double = GatewaySettings().apiTimeout

    /// The settings these options give, written to the console.
    public var settings: GatewaySettings {
        var settings = GatewaySettings(api: api, key: key, keyFile: keyFile, envFile: envFile, apiTimeout: apiTimeout,
                                       cacert: cacert, insecure: insecure)
        settings.output = Console.gatewayOutput
        return settings
    }
}

/// What the embedded sandbox is made of: its seed and the faults it injects.
public struct SandboxOptions: SettingsGroup {
    public init() {}
    @Option(help: "Seed of the embedded sandbox's ids and addresses.")
    var seed: UInt64 = GatewaySettings().seed

    @Option(help: ArgumentHelp("Faults the embedded sandbox injects, like \"drop-after=0.1,latency=0.2:50ms\" (kinds: \(FaultSpec.Kind.listed)); deterministic with --seed.", valueName: "spec"))
    var faults: String?

    public func apply(to settings: inout GatewaySettings) {
        settings.seed = seed
        settings.faults = faults
    }
}

/// The guard on real money: what a run may send out.
public struct MoneyOptions: SettingsGroup {
    public init() {}
    @Flag(help: "Allow refunds, withdrawals and sends against a real gateway (or \(Setting.allowOutgoing.rawValue)=1).")
    var allowOutgoing = false

    @Option(help: ArgumentHelp("Cap on what one run may send out, like \"50 USDT_TRC20\"; once per currency (or \(Setting.maxOutgoing.rawValue), comma-separated).", valueName: "amount"))
    var maxOutgoing: [String] = []

    public func apply(to settings: inout GatewaySettings) {
        settings.allowOutgoingFlag = allowOutgoing
        settings.maxOutgoingFlags = maxOutgoing
    }
}

/// What a run writes of its exchanges, or answers them from.
public struct ExchangeOptions: SettingsGroup {
    public init() {}
    @Flag(help: "Write every HTTP exchange to standard error: request and response, headers, bodies, time (also PAY_LOG_LEVEL=trace); the key shows as ***.")
    var trace = false

    @Option(help: ArgumentHelp("Record the exchanges as an HTTP Archive (HAR 1.2), the key as ***; for pay test, a folder with one HAR per scenario.", valueName: "file.har"))
    var record: String?

    @Option(help: ArgumentHelp("Answer from a recording (HAR) instead of a gateway; nothing is sent anywhere; for pay test, a folder of HARs, one per scenario.", valueName: "file.har"))
    var replay: String?

    public func apply(to settings: inout GatewaySettings) {
        settings.trace = trace
        settings.record = record
        settings.replay = replay
    }
}

/// A run's requests as curl commands: one script's run only.
public struct CurlOption: SettingsGroup {
    public init() {}
    @Option(help: ArgumentHelp("Write each request as a runnable curl command, one a line, to this file (- for standard error); the key is \"$PAY_API_KEY\".", valueName: "file"))
    var curl: String?

    public func apply(to settings: inout GatewaySettings) {
        settings.curl = curl
    }
}

/// A group of options that adds to the gateway's settings.
public protocol SettingsGroup: ParsableArguments, Sendable {
    func apply(to settings: inout GatewaySettings)
}

extension ConnectionOptions {
    /// These options' settings, with each group's added.
    func settings(with groups: any SettingsGroup...) -> GatewaySettings {
        var settings = self.settings
        for group in groups { group.apply(to: &settings) }
        return settings
    }
}

/// Options whose settings are checked before the command runs.
public protocol SettingsOptions: ParsableArguments {
    var settings: GatewaySettings { get }
}

extension SettingsOptions {
    public func validate() throws {
        if let problem = settings.problem { throw ValidationError(problem) }
    }
}

/// `pay run` and `pay repl`: every group.
public struct GatewayOptions: SettingsOptions, Sendable {
    public init() {}
    @OptionGroup(title: "Gateway") var connection: ConnectionOptions
    @OptionGroup(title: "Embedded sandbox") var sandbox: SandboxOptions
    @OptionGroup(title: "Real money") var money: MoneyOptions
    @OptionGroup(title: "Exchanges") var exchanges: ExchangeOptions
    @OptionGroup(title: "Exchanges") var curl: CurlOption

    public var settings: GatewaySettings { connection.settings(with: sandbox, money, exchanges, curl) }
}

/// `pay test` and `pay mcp`: every group but the curl file.
public struct SuiteOptions: SettingsOptions, Sendable {
    public init() {}
    @OptionGroup(title: "Gateway") var connection: ConnectionOptions
    @OptionGroup(title: "Embedded sandbox") var sandbox: SandboxOptions
    @OptionGroup(title: "Real money") var money: MoneyOptions
    @OptionGroup(title: "Exchanges") var exchanges: ExchangeOptions

    public var settings: GatewaySettings { connection.settings(with: sandbox, money, exchanges) }
}

/// `pay explore`: its walks make their own sessions, so it neither traces nor records.
public struct WalkOptions: SettingsOptions, Sendable {
    public init() {}
    @OptionGroup(title: "Gateway") var connection: ConnectionOptions
    @OptionGroup(title: "Embedded sandbox") var sandbox: SandboxOptions
    @OptionGroup(title: "Real money") var money: MoneyOptions

    public var settings: GatewaySettings { connection.settings(with: sandbox, money) }
}

/// `pay mcp`: the same groups as `pay test`, `pay run`'s but the curl file (an assistant's calls
/// are not one script to run again).
public typealias AssistantOptions = SuiteOptions

/// `pay diff`: a gateway or the embedded sandbox to send a recording to.
public struct ResendOptions: SettingsOptions, Sendable {
    public init() {}
    @OptionGroup(title: "Gateway") var connection: ConnectionOptions
    @OptionGroup(title: "Embedded sandbox") var sandbox: SandboxOptions

    public var settings: GatewaySettings { connection.settings(with: sandbox) }
}

/// `pay check` and `pay lsp`: where amount literals are checked, the one asset list they read.
public struct CatalogOptions: SettingsOptions, Sendable {
    public init() {}
    @OptionGroup(title: "Gateway (for its asset list)") var connection: ConnectionOptions

    public var settings: GatewaySettings { connection.settings }
}

extension ExchangeFiles {
    /// As `open`, with a problem said on standard error (prefixed with `prefix`) and turned into
    /// the usage exit status.
    public static func openOrExit(_ settings: GatewaySettings, folders: Bool = false, prefix: String = "error: ") throws -> ExchangeFiles {
        do throws(Problem) {
            return try open(settings, folders: folders)
        } catch {
            Console.err(prefix + error.message)
            throw ExitStatus.usage.exitCode
        }
    }
}

extension Console {
    /// The console as the gateway settings write to it.
    public static let gatewayOutput = GatewayOutput(redaction: Console.redaction, redact: { Console.redact($0) }, err: { Console.err($0) })
}
