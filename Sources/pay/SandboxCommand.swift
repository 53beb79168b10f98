// `pay sandbox`: the simulated gateway over HTTP, for curl, other tools, or scripts run with --api.
import PayScript
import ArgumentParser
import Foundation
import NIOCore
import PaySandbox
import PaySandboxServer
import PaySandboxStore

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Serve the simulated gateway over HTTP.")

    /// The key of the seed document's examples, so they work as written.
    static let defaultKey = "db41bf-90f909-b34b52-b7c222-fc1e99"

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: ArgumentHelp("Where payers reach this server, when not at the address it listens on (behind a proxy, in a container): orders' paymentLink and widgetCode point there.", valueName: "url"))
    var publicURL: String?
    @Option(help: "The API key clients must send in X-API-Key (default: the seed document's example key); never printed.")
    var key: String?
    @Option(help: "Seed for ids, addresses and hashes.") var seed: UInt64 = 1
    @Flag(help: "Let virtual time follow the wall clock.") var realtime = false
    @Flag(help: "Answer GET /sandbox with 404, as a real gateway does, so clients keep their real-money guards (to rehearse them).")
    var hideSandbox = false
    @Option(help: "Seconds a connection may sit with no request in progress (or only part of a header) before it is closed.")
    var idleTimeout: Double = 30
    @Option(help: "Seconds a request body may take to arrive; past that the connection is closed, unanswered.")
    var bodyTimeout: Double = 10
    @Option(help: ArgumentHelp("Faults to inject, like \"drop-after=0.1,latency=0.2:50ms\" (kinds: \(FaultSpec.Kind.listed); /sandbox/ paths are spared); deterministic with --seed.", valueName: "spec"))
    var faults: String?
    @Option(help: ArgumentHelp("Keep every world in this SQLite file, and start from it: a change is stored before it is answered.", valueName: "file"))
    var data: String?
    @Option(help: ArgumentHelp("For testing `pay explore` only: plant one known defect (see --list-defects).", valueName: "name"))
    var defect: String?
    @Flag(help: "List the defects --defect can plant, a line each, and exit.") var listDefects = false

    func validate() throws {
        if let defect, SandboxDefect(rawValue: defect) == nil {
            throw ValidationError("--defect: no defect named '\(defect)'; --list-defects lists them: \(SandboxDefect.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard key != "" else { throw ValidationError("--key must not be empty") }
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                  url.query == nil, url.fragment == nil else {
                throw ValidationError("--public-url must be an http or https URL like https://sandbox.example.test, with no query")
            }
        }
        guard idleTimeout > 0, bodyTimeout > 0 else { throw ValidationError("--idle-timeout and --body-timeout must be above 0") }
        if let faults {
            do {
                _ = try FaultSpec(parsing: faults)
            } catch {
                throw ValidationError("--faults: \(error)")
            }
        }
        if data != nil, realtime {
            throw ValidationError("--data and --realtime do not go together: a stored sandbox is made again from its changes, and a wall clock would make it come out differently")
        }
    }

    func run() async throws {
        if listDefects {
            for defect in SandboxDefect.allCases { Console.out("\(defect.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0))\(defect.summary)") }
            return
        }
        Console.redact(key)
        var config = SandboxConfig(seed: seed, apiKey: key ?? Self.defaultKey, realtime: realtime)
        config.announcesItself = !hideSandbox
        config.defect = defect.flatMap(SandboxDefect.init(rawValue:))
        var journal: SQLiteJournal?
        if let data {
            do {
                journal = try SQLiteJournal(path: data, seed: seed)
            } catch {
                Console.err("pay sandbox: \(error)")
                throw ExitStatus.usage.exitCode
            }
        }
        let sandbox = Sandbox(config: config, journal: journal)
        var restoredLine: String?
        if let journal, let data {
            do {
                let restored = try await journal.replay(into: sandbox)
                restoredLine = "data: \(data) (\(restored) change\(restored == 1 ? "" : "s") restored)"
            } catch {
                Console.err("pay sandbox: cannot read \(data): \(error)")
                throw ExitStatus.runtimeError.exitCode
            }
        }
        let host = self.host
        // A key given is a secret of whoever gave it, so it is not echoed into a CI log; the
        // default is the public example key, shown so a newcomer can use it.
        let keyLine = key == nil ? "API key: \(Self.defaultKey) (the example key; --key sets another)" : "API key: as given with --key"
        let restored = restoredLine
        let planted = config.defect
        do {
            let timeouts = SandboxServer.Timeouts(body: .milliseconds(Int64(bodyTimeout * 1000)), idle: .milliseconds(Int64(idleTimeout * 1000)))
            let injector = faults.flatMap { try? FaultSpec(parsing: $0) }.map { FaultInjector(spec: $0, seed: seed) }
            let publicURL = self.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            try await SandboxServer.serve(sandbox: sandbox, host: host, port: port, publicURL: publicURL,
                                          timeouts: timeouts, faults: injector) { bound in
                Console.out("pay sandbox listening on http://\(host):\(bound)")
                Console.out(keyLine)
                Console.out("pages: \(publicURL ?? SandboxServer.publicURL(host: host, port: bound))/dashboard, and each order's paymentLink")
                if let restored { Console.out(restored) }
                if let defect = planted { Console.out("DEFECT PLANTED ON PURPOSE: \(defect.rawValue): \(defect.summary)") }
            }
            if let injector {
                let (requests, counts) = injector.counts
                let kinds = FaultSpec.Kind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue) \($0)" } }
                Console.err("pay sandbox: injected \(counts.values.reduce(0, +)) faults in \(requests) requests"
                            + (kinds.isEmpty ? "" : ": " + kinds.joined(separator: ", ")))
            }
        } catch let error as IOError {
            let reason = error.errnoCode == EADDRINUSE ? "the port is already in use" : String(cString: strerror(error.errnoCode))
            Console.err("pay sandbox: cannot listen on \(host):\(port): \(reason)")
            throw ExitStatus.runtimeError.exitCode
        }
    }
}
