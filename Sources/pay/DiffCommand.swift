// `pay diff FILE.har`: sends a recording's requests again, in order, to the embedded sandbox (or
// the gateway --api names) and compares each answer with the recorded one by shape (ShapeDiff).
// Ids the answers hand out are carried into the requests that follow (Correlation), so a flow
// recorded on one gateway runs on another. Entries marked `_paySandboxStep` (the sandbox's payer
// and clock, standing for what happens out of band on a real gateway) are sent only to a sandbox
// and never compared. Exits 1 when anything differs: this is how a team measures the sandbox
// against the real gateway instead of assuming it.
import PayScript
import PayGateway
import ArgumentParser
import Foundation
import PayClient
import PaySandbox

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Send a recording's requests again and compare the answers by shape.",
        discussion: """
            Compared: status codes, field names and their order, JSON types, the scale of decimal \
            strings, and statuses, currencies and asset ids exactly; ids, addresses, hashes and times \
            by format. Against a sandbox, its documented extra fields (precision, senderAddress) are \
            not differences.
            """)

    @Argument(help: "The recording (HAR 1.2), from --record or a browser's devtools.") var file: String
    @OptionGroup var gateway: ResendOptions

    /// Fields the sandbox documents as its own (openapi.yaml): not differences against a sandbox.
    static let sandboxExtensions: Set<String> = ["precision", "senderAddress"]

    /// The same settings, precedence and network as `pay run`'s (PayGateway).
    var settings: GatewaySettings { gateway.settings }

    func run() async throws {
        let settings = self.settings
        let apiKey = settings.apiKey
        Console.redact(apiKey)
        let log: HARLog
        do throws(HARError) {
            log = try HARLog.read(path: file)
        } catch {
            Console.err("pay diff: \(error)")
            throw ExitStatus.usage.exitCode
        }
        // The same destination, network and probe as a run's (GatewaySettings): --cacert or
        // SSL_CERT_FILE for https, --insecure, the proxy the environment names.
        let transport: any Transport
        let http = settings.httpTransport()
        let target: String
        if let http, let api = settings.apiURL {
            transport = http
            target = api
        } else {
            transport = settings.embeddedTransport()
            target = "the embedded sandbox (seed \(settings.seed))"
        }
        defer { if let http { Task { await http.shutdown() } } }
        var isSandbox = http == nil
        if !isSandbox { isSandbox = await GatewaySettings.isSandbox(settings.client(transport, key: apiKey)) }
        let extensions = isSandbox ? DiffCommand.sandboxExtensions : []
        Console.out("pay diff \(file) against \(target)")
        var correlation = Correlation()
        var rows: [(entry: Int, request: String, difference: ShapeDifference)] = []
        var compared = 0, steps = 0
        for (index, entry) in log.entries.enumerated() {
            if entry.sandboxStep && !isSandbox { continue }
            var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", PaymentClient.userAgent)]
            if let apiKey { headers.append(("X-API-Key", apiKey)) }
            let body = correlation.body(entry.requestBody)
            if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
            guard let method = HTTPMethod(rawValue: entry.method) else {
                Console.err("pay diff: \(file): entry \(index): pay sends no \(entry.method) requests")
                throw ExitStatus.usage.exitCode
            }
            let request = APIRequest(method: method, path: correlation.path(entry.path),
                                     query: entry.query.map { ($0.name, $0.value) }, headers: headers, body: body)
            let shown = "\(entry.method) \(request.target)"
            let response: APIResponse
            do throws(NetworkFailure) {
                response = try await transport.send(request)
            } catch {
                Console.err("pay diff: entry \(index) (\(shown)): no answer: \(error.message)")
                throw ExitStatus.runtimeError.exitCode
            }
            // A refused key refuses everything: said once, not as a difference in every row.
            if (response.status == 401 || response.status == 403), entry.status != response.status {
                Console.err("pay diff: entry \(index) (\(shown)): the gateway refused the key (\(response.status)); nothing was compared")
                throw ExitStatus.runtimeError.exitCode
            }
            if entry.sandboxStep {
                steps += 1
                continue
            }
            compared += 1
            if entry.failure != nil {
                rows.append((index, shown, ShapeDifference(path: "status", recorded: "no response", now: "\(response.status)")))
                continue
            }
            for difference in ShapeDiff.compare(recordedStatus: entry.status, recorded: entry.responseBody,
                                                nowStatus: response.status, now: response.body, extensions: extensions) {
                rows.append((index, shown, difference))
            }
            correlation.learn(recorded: entry.responseBody, now: response.body)
        }
        let counts = "\(compared) exchange\(compared == 1 ? "" : "s") compared" + (steps > 0 ? ", \(steps) sandbox step\(steps == 1 ? "" : "s") sent, not compared" : "")
        guard !rows.isEmpty else {
            Console.out("\(counts): no differences")
            return
        }
        let table = [("entry", "request", "where", "recorded", "now")]
            + rows.map { ("\($0.entry)", $0.request, $0.difference.path, $0.difference.recorded, $0.difference.now) }
        let widths = [table.map(\.0.count).max()!, table.map(\.1.count).max()!, table.map(\.2.count).max()!, table.map(\.3.count).max()!]
        for row in table {
            Console.out([row.0.padding(toLength: widths[0], withPad: " ", startingAt: 0),
                         row.1.padding(toLength: widths[1], withPad: " ", startingAt: 0),
                         row.2.padding(toLength: widths[2], withPad: " ", startingAt: 0),
                         row.3.padding(toLength: widths[3], withPad: " ", startingAt: 0), row.4].joined(separator: "  "))
        }
        Console.out("\(counts): \(rows.count) difference\(rows.count == 1 ? "" : "s")")
        throw ExitCode(1)
    }
}
