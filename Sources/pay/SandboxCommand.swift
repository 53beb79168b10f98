// `pay sandbox`: the simulated gateway over HTTP, for curl, other tools, or scripts run with --api.
import ArgumentParser
import Foundation
import NIOCore
import PaySandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Serve the simulated gateway over HTTP.")

    /// The key of the seed document's examples, so they work as written.
    static let defaultKey = "db41bf-90f909-b34b52-b7c222-fc1e99"

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "The API key clients must send in X-API-Key.") var key = SandboxCommand.defaultKey
    @Option(help: "Seed for ids, addresses and hashes.") var seed: UInt64 = 1
    @Flag(help: "Let virtual time follow the wall clock.") var realtime = false
    @Flag(help: "Answer GET /sandbox with 404, as a real gateway does, so clients keep their real-money guards (to rehearse them).")
    var hideSandbox = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard !key.isEmpty else { throw ValidationError("--key must not be empty") }
    }

    func run() async throws {
        var config = SandboxConfig(seed: seed, apiKey: key, realtime: realtime)
        config.announcesItself = !hideSandbox
        let sandbox = Sandbox(config: config)
        let host = self.host
        let key = self.key
        do {
            try await SandboxServer.serve(sandbox: sandbox, host: host, port: port) { bound in
                Console.out("pay sandbox listening on http://\(host):\(bound)")
                Console.out("API key: \(key)")
            }
        } catch let error as IOError {
            let reason = error.errnoCode == EADDRINUSE ? "the port is already in use" : String(cString: strerror(error.errnoCode))
            Console.err("pay sandbox: cannot listen on \(host):\(port): \(reason)")
            throw ExitStatus.runtimeError.exitCode
        }
    }
}
