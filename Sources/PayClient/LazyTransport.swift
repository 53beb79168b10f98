// A transport made on the first request: the embedded sandbox is seeded only for a script that
// calls it, so a script that makes no request does not pay for one at start-up (BENCHMARKS.md,
// issue 13, item 1).
import Synchronization

public final class LazyTransport: Transport {
    private let make: @Sendable () -> any Transport
    private let made = Mutex<(any Transport)?>(nil)

    public init(_ make: @escaping @Sendable () -> any Transport) { self.make = make }

    /// Whether a request has come yet, so the transport exists.
    public var isMade: Bool { made.withLock { $0 != nil } }

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        let transport = made.withLock { made in
            if let made { return made }
            let transport = make()
            made = transport
            return transport
        }
        return try await transport.send(request)
    }
}
