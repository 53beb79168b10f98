// Everything a call to the gateway can fail with, said so that a person knows what happened.

/// A transport-level failure: no HTTP response came back.
public struct NetworkFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No connection could be made; the request never left.
        case connectFailed
        /// The connection dropped before a full response arrived.
        case connectionReset
        /// No response within the deadline.
        case timedOut
        /// Anything else the HTTP stack reported.
        case other
        /// An answer short of the gateway that asking again cannot change: a certificate that
        /// does not verify or is for another host, a proxy's refusal (407, a non-200 to CONNECT).
        /// The request never left; it is not retried.
        case refused
        /// A replayed run (`--replay`) asked for something its recording does not hold: nothing
        /// was sent anywhere, and asking again would not help.
        case notRecorded
    }

    public var kind: Kind
    public var message: String
    /// False only when the request certainly did not reach the server (it could not connect).
    public var mayHaveReachedServer: Bool

    public init(kind: Kind, message: String, mayHaveReachedServer: Bool) {
        self.kind = kind
        self.message = message
        self.mayHaveReachedServer = mayHaveReachedServer
    }
}

/// The error every `PaymentClient` call throws.
public enum PaymentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The gateway refused the request: its HTTP status and problem body.
    case api(method: String, path: String, problem: Problem)
    /// No answer: the connection failed, dropped or timed out.
    case network(method: String, path: String, failure: NetworkFailure)
    /// The answer did not have the documented shape: where in the JSON, and what was found there.
    case decoding(method: String, path: String, jsonPath: String, found: String, reason: String)
    /// The request could not be built (for example an amount that cannot be encoded).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case let .api(method, path, problem):
            // Only a 4xx is a refusal; after a 5xx the gateway may have acted, and a redirect
            // that was not followed is neither.
            switch problem.status {
            case 300...399: return "\(method) \(path) was redirected (\(problem.status)) and not followed: \(problem.summary)"
            case 400...499: return "\(method) \(path) was refused (\(problem.status)): \(problem.summary)"
            default: return "\(method) \(path) answered \(problem.status): \(problem.summary)"
            }
        case let .network(method, path, failure):
            var text = "\(method) \(path) failed: \(failure.message)"
            if method != "GET" {
                text += failure.mayHaveReachedServer
                    ? "; the request may have reached the gateway, so it was not retried: look the order up before trying again"
                    : "; the request did not reach the gateway, nothing was created"
            }
            return text
        case let .decoding(method, path, jsonPath, found, reason):
            return "\(method) \(path): unexpected response at \(jsonPath): \(reason) (found \(found))"
        case let .invalidRequest(message):
            return message
        }
    }

    /// True when the gateway definitely refused (a 4xx answer), redirected the request elsewhere
    /// (a 3xx that was not followed, see Redirects.swift), or it was never sent: nothing happened. False for 5xx answers, dropped connections, timeouts and unreadable replies, after
    /// which a POST may or may not have taken effect.
    public var isDefinite: Bool {
        switch self {
        case let .api(_, _, problem): (300...499).contains(problem.status)
        case .invalidRequest: true
        case let .network(_, _, failure): failure.kind == .notRecorded
        case .decoding: false
        }
    }

    /// True when a POST with this failure may have taken effect on the gateway.
    public var mayHaveTakenEffect: Bool {
        if case let .network(_, _, failure) = self { return failure.mayHaveReachedServer }
        return !isDefinite
    }

    /// The HTTP status of an API refusal, if this is one.
    public var status: Int? {
        if case let .api(_, _, problem) = self { return problem.status }
        return nil
    }
}
