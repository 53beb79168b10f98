// Faults on purpose: a sandbox that misbehaves as networks and gateways do, at chosen rates and
// deterministically from a seed, so a client's handling of each can be tried and a soak repeated.
//
//   5xx          answer 503 without applying the request
//   drop-before  drop the connection before the request is applied
//   drop-after   apply the request, then drop the connection: the dangerous case for a POST
//   latency      wait, then apply and answer (the rate's duration, 200ms by default)
//   truncate     apply, then answer with the body cut in half
//   malformed    apply, then answer with a body that is not JSON
//   slow         apply, then answer after a long wait (the rate's duration, 5s by default); a
//                client whose deadline comes first does not know the outcome
//
// A spec is `kind=rate[:duration],…`, e.g. `drop-after=0.1,latency=0.2:50ms`. Faults hit the
// gateway's own paths only: `/sandbox/…` stays reliable, so a test can always look at the truth.
import PayClient
import Synchronization

public struct FaultSpec: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case serverError = "5xx", dropBefore = "drop-before", dropAfter = "drop-after", latency, truncate, malformed, slow

        /// `5xx, drop-before, …`: the kinds as options' help and errors list them.
        public static let listed = allCases.map(\.rawValue).joined(separator: ", ")
    }

    public struct Entry: Sendable, Equatable {
        public var kind: Kind
        /// From 0 to 1: the share of requests that get this fault.
        public var rate: Double
        public var delay: Duration
    }

    public var entries: [Entry]

    public var description: String {
        entries.map { "\($0.kind.rawValue)=\($0.rate)" }.joined(separator: ",")
    }

    /// Parses `kind=rate[:duration],…`; the rates may add up to at most 1.
    public init(parsing text: String) throws(FaultSpecError) {
        entries = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let kind = Kind(rawValue: String(pair[0]).trimmingSpaces) else {
                throw FaultSpecError("'\(part)': expected KIND=RATE with KIND one of \(Kind.listed)")
            }
            let rateAndDelay = pair[1].split(separator: ":", maxSplits: 1)
            guard let rate = Double(rateAndDelay[0]), rate >= 0, rate <= 1 else {
                throw FaultSpecError("'\(part)': the rate must be a number from 0 to 1")
            }
            var delay: Duration = kind == .slow ? .seconds(5) : .milliseconds(200)
            if rateAndDelay.count == 2 {
                guard let parsed = FaultSpec.duration(String(rateAndDelay[1])) else {
                    throw FaultSpecError("'\(part)': the delay must be like 200ms or 5s")
                }
                delay = parsed
            }
            entries.append(Entry(kind: kind, rate: rate, delay: delay))
        }
        guard !entries.isEmpty else { throw FaultSpecError("no faults given; expected KIND=RATE,…") }
        guard entries.reduce(0, { $0 + $1.rate }) <= 1.000001 else { throw FaultSpecError("the rates add up to more than 1") }
    }

    static func duration(_ text: String) -> Duration? {
        if text.hasSuffix("ms"), let n = Int64(text.dropLast(2)), n >= 0 { return .milliseconds(n) }
        if text.hasSuffix("s"), let n = Int64(text.dropLast(1)), n >= 0 { return .seconds(n) }
        return nil
    }
}

public struct FaultSpecError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }
}

private extension String {
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}

/// Decides, request by request, which fault (if any) it gets, from a seeded generator, and
/// counts what it decided.
public final class FaultInjector: Sendable {
    public let spec: FaultSpec
    private let state: Mutex<(generator: SeededGenerator, counts: [FaultSpec.Kind: Int], requests: Int)>

    public init(spec: FaultSpec, seed: UInt64) {
        self.spec = spec
        state = Mutex((SeededGenerator(seed: seed ^ 0xFA17), [:], 0))
    }

    /// The fault for a request to `path`, if any. `/sandbox/…` paths never get one.
    public func fault(for path: String) -> FaultSpec.Entry? {
        guard !path.hasPrefix("/sandbox") else { return nil }
        return state.withLock { state in
            state.requests += 1
            let draw = Double(state.generator.next() >> 11) / Double(1 << 53)
            var edge = 0.0
            for entry in spec.entries {
                edge += entry.rate
                if draw < edge {
                    state.counts[entry.kind, default: 0] += 1
                    return entry
                }
            }
            return nil
        }
    }

    /// How many requests were seen and how many got each fault.
    public var counts: (requests: Int, faults: [FaultSpec.Kind: Int]) {
        state.withLock { ($0.requests, $0.counts) }
    }

    /// The answer a fault turns `response` into, for the faults that still answer; nil for the
    /// ones that answer normally (after their wait) or drop the connection.
    public static func altered(_ response: APIResponse, by fault: FaultSpec.Entry) -> APIResponse? {
        switch fault.kind {
        case .truncate:
            var cut = response
            cut.body = Array(response.body.prefix(response.body.count / 2))
            return cut
        case .malformed:
            var broken = response
            broken.body = Array("<html>upstream error</html>".utf8)
            return broken
        case .serverError:
            return APIResponse(status: 503, headers: [("Content-Type", "application/problem+json")],
                               body: Array(#"{"type":"urn:pay:problem:fault","title":"Service unavailable","status":503,"detail":"an injected fault"}"#.utf8))
        case .dropBefore, .dropAfter, .latency, .slow:
            return nil
        }
    }
}

/// The embedded sandbox with faults: `pay run --faults` and `pay test --faults`.
public struct FaultyTransport: Transport {
    public let inner: InProcessTransport
    public let injector: FaultInjector

    public init(_ inner: InProcessTransport, injector: FaultInjector) {
        self.inner = inner
        self.injector = injector
    }

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        guard let fault = injector.fault(for: request.path) else { return await inner.sandbox.handle(request) }
        switch fault.kind {
        case .serverError:
            return FaultInjector.altered(APIResponse(status: 503, headers: [], body: []), by: fault)!
        case .dropBefore:
            throw NetworkFailure(kind: .connectionReset, message: "the connection was reset (injected, before the request was applied)",
                                 mayHaveReachedServer: true)
        case .dropAfter:
            _ = await inner.sandbox.handle(request)
            throw NetworkFailure(kind: .connectionReset, message: "the connection was reset (injected, after the request was applied)",
                                 mayHaveReachedServer: true)
        case .latency, .slow:
            // Latency waits before the request is applied, slow after; either wait is cut at what
            // the client allows this attempt, as a socket's read timeout would.
            let wait = request.timeout.map { min($0, fault.delay) } ?? fault.delay
            if fault.kind == .latency { try? await Task.sleep(for: wait) }
            let response = await inner.sandbox.handle(request)
            if fault.kind == .slow { try? await Task.sleep(for: wait) }
            if let limit = request.timeout, fault.delay >= limit {
                throw NetworkFailure(kind: .timedOut, message: "no response before the deadline (injected)", mayHaveReachedServer: true)
            }
            return response
        case .truncate, .malformed:
            return FaultInjector.altered(await inner.sandbox.handle(request), by: fault)!
        }
    }
}
