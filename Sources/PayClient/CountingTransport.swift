// A transport that counts the requests passing through it: the test runner reports how many
// requests each scenario made.
import Synchronization

public final class CountingTransport: Transport {
    public let inner: any Transport
    private let made = Atomic<Int>(0)

    public init(_ inner: any Transport) { self.inner = inner }

    public var count: Int { made.load(ordering: .relaxed) }

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        made.add(1, ordering: .relaxed)
        return try await inner.send(request)
    }
}
