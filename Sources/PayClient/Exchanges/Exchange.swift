// One HTTP exchange as it happened, and the transport that hands each one to whoever watches:
// the trace, the curl export and the HAR recorder are observers of the same stream, composed
// by the command line around whatever transport the run uses. Nothing above PayClient knows.
import Foundation
import Synchronization

/// A request as it went out, and its response or why none came, with when and how long.
public struct Exchange: Sendable {
    /// 1 for the run's first request, counting every attempt.
    public var number: Int
    /// The gateway's root the request went to (`http://127.0.0.1:8080`), without a trailing `/`.
    public var baseURL: String
    public var request: APIRequest
    public var outcome: Result<APIResponse, NetworkFailure>
    /// When the request went out (wall clock, for HAR's `startedDateTime`).
    public var started: Date
    public var duration: Duration

    public var url: String { baseURL + request.target }

    public init(number: Int, baseURL: String, request: APIRequest, outcome: Result<APIResponse, NetworkFailure>,
                started: Date, duration: Duration) {
        self.number = number
        self.baseURL = baseURL
        self.request = request
        self.outcome = outcome
        self.started = started
        self.duration = duration
    }
}

public protocol ExchangeObserver: Sendable {
    func observe(_ exchange: Exchange)
}

/// Hands every exchange through it to its observers, in the order they complete.
public final class ObservedTransport: Transport {
    public let inner: any Transport
    private let baseURL: String
    private let observers: [any ExchangeObserver]
    private let made = Atomic<Int>(0)

    /// `baseURL` names the gateway in what the observers write: the real one, or for the
    /// embedded sandbox `ObservedTransport.embeddedBaseURL`.
    public init(_ inner: any Transport, baseURL: String, observers: [any ExchangeObserver]) {
        self.inner = inner
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.observers = observers
    }

    /// The embedded sandbox has no address; `.invalid` is a name no host will ever have (RFC 2606).
    public static let embeddedBaseURL = "http://embedded-sandbox.invalid"

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        let number = made.add(1, ordering: .relaxed).newValue
        let started = Date()
        let clock = ContinuousClock.now
        let outcome: Result<APIResponse, NetworkFailure>
        do throws(NetworkFailure) {
            outcome = .success(try await inner.send(request))
        } catch {
            outcome = .failure(error)
        }
        let exchange = Exchange(number: number, baseURL: baseURL, request: request, outcome: outcome,
                                started: started, duration: ContinuousClock.now - clock)
        for observer in observers { observer.observe(exchange) }
        return try outcome.get()
    }
}

/// How what is written hides secrets: the API key header's value is always `***`, and `text`
/// replaces every secret the run knows (the key, a sandbox world's key) wherever it stands,
/// including in a body the gateway echoes it in.
public struct Redaction: Sendable {
    public let text: @Sendable (String) -> String

    public init(_ text: @escaping @Sendable (String) -> String) { self.text = text }

    /// Replaces each of `secrets` with `***`.
    public init(secrets: [String?]) {
        let values = secrets.compactMap { $0 }.filter { !$0.isEmpty }
        self.init { text in values.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") } }
    }

    public static let keyHeader = "x-api-key"

    public func headers(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.map { header in
            header.name.lowercased() == Redaction.keyHeader ? (header.name, "***") : (header.name, text(header.value))
        }
    }
}
