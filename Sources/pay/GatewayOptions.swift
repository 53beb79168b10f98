// The gateway options' command-line form. What they mean, and everything done with them, is
// `GatewaySettings` in PayGateway; `pay run FILE` with no options takes the settings' defaults
// without ArgumentParser at all (Pay.main), so the defaults are written once, there.
import ArgumentParser
import PayGateway
import PaySandbox

/// How to reach a gateway and who is asking: the options every command that talks to one shares
/// (`pay diff` takes these alone).
struct ConnectionOptions: ParsableArguments {
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

    @Option(help: "Seed of the embedded sandbox's ids and addresses.")
    var seed: UInt64 = GatewaySettings().seed

    @Option(help: ArgumentHelp("The most one API call may take in all, retries and their waits included.", valueName: "seconds"))
    var apiTimeout: Double = GatewaySettings().apiTimeout

    /// The settings these options give, written to the console.
    var settings: GatewaySettings {
        var settings = GatewaySettings(api: api, key: key, keyFile: keyFile, envFile: envFile, seed: seed, apiTimeout: apiTimeout,
                                       cacert: cacert, insecure: insecure)
        settings.output = Console.gatewayOutput
        return settings
    }
}

struct GatewayOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Allow refunds, withdrawals and sends against a real gateway (or \(Setting.allowOutgoing.rawValue)=1).")
    var allowOutgoing = false

    @Option(help: ArgumentHelp("Cap on what one run may send out, like \"50 USDT_TRC20\"; once per currency (or \(Setting.maxOutgoing.rawValue), comma-separated).", valueName: "amount"))
    var maxOutgoing: [String] = []

    @Option(help: ArgumentHelp("Faults the embedded sandbox injects, like \"drop-after=0.1,latency=0.2:50ms\" (kinds: \(FaultSpec.Kind.listed)); deterministic with --seed.", valueName: "spec"))
    var faults: String?

    @Flag(help: "Write every HTTP exchange to standard error: request and response, headers, bodies, time (also PAY_LOG_LEVEL=trace); the key shows as ***.")
    var trace = false

    @Option(help: ArgumentHelp("Write each request as a runnable curl command, one a line, to this file (- for standard error); the key is \"$PAY_API_KEY\".", valueName: "file"))
    var curl: String?

    @Option(help: ArgumentHelp("Record the exchanges as an HTTP Archive (HAR 1.2), the key as ***; for pay test, a folder with one HAR per scenario.", valueName: "file.har"))
    var record: String?

    @Option(help: ArgumentHelp("Answer from a recording (HAR) instead of a gateway; nothing is sent anywhere; for pay test, a folder of HARs, one per scenario.", valueName: "file.har"))
    var replay: String?

    var settings: GatewaySettings {
        var settings = connection.settings
        settings.allowOutgoingFlag = allowOutgoing
        settings.maxOutgoingFlags = maxOutgoing
        settings.faults = faults
        settings.trace = trace
        settings.curl = curl
        settings.record = record
        settings.replay = replay
        return settings
    }

    func validate() throws {
        if let problem = settings.problem { throw ValidationError(problem) }
    }
}


extension ExchangeFiles {
    /// As `open`, with a problem said on standard error (prefixed with `prefix`) and turned into
    /// the usage exit status.
    static func openOrExit(_ settings: GatewaySettings, folders: Bool = false, prefix: String = "error: ") throws -> ExchangeFiles {
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
    static let gatewayOutput = GatewayOutput(redaction: Console.redaction, redact: { Console.redact($0) }, err: { Console.err($0) })
}
