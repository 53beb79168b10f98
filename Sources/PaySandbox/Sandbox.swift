// The embedded gateway: one actor, so requests apply one at a time and each is all or nothing.
import PayClient

public actor Sandbox {
    private var gateway: Gateway

    public init(config: SandboxConfig = SandboxConfig()) {
        gateway = Gateway(config: config)
    }

    /// Answers one request exactly as the HTTP gateway would.
    public func handle(_ request: APIRequest) -> APIResponse {
        Router.route(request, &gateway)
    }

    /// Per-asset totals; `received == held + sent + fees` must hold after every request.
    public func ledger() -> [LedgerTotals] { gateway.ledger() }

    public var config: SandboxConfig { gateway.config }

    /// The answer for a method the sandbox serves nowhere (PUT, DELETE, TRACE…): 405 with `Allow`
    /// where the path exists, 404 where it does not.
    public nonisolated static func unsupportedMethod(_ method: String, path: String) -> APIResponse {
        Router.notServed(method, path)
    }
}

/// Hands the client's request bytes straight to a sandbox: no socket, but the same encoding and
/// decoding as HTTP.
public struct InProcessTransport: Transport {
    public let sandbox: Sandbox

    public init(sandbox: Sandbox) { self.sandbox = sandbox }

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        await sandbox.handle(request)
    }
}
