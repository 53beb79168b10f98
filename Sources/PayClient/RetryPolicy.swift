// When a failed call may be tried again, and how long to wait first.
import Synchronization

/// GETs are retried on 5xx answers and dropped or failed connections with exponential backoff,
/// bounded in attempts and delay. POSTs are never retried: a second POST could pay twice.
/// Every call, all its attempts and waits included, ends within `budget`: a gateway that never
/// answers costs a support person at most that long, not attempts × the request timeout.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The most one call may take in all (`--api-timeout`).
    public var budget: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(2),
                budget: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.budget = budget
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `attempt + 1`, after `attempt` failures: base, 2×base, 4×base… up to max.
    public func delay(afterFailures attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 20)
        return min(baseDelay * factor, maxDelay)
    }

    func shouldRetry(_ method: HTTPMethod, status: Int) -> Bool {
        method == .get && (500...599).contains(status)
    }

    func shouldRetry(_ method: HTTPMethod, failure: NetworkFailure) -> Bool {
        method == .get && failure.kind != .notRecorded && failure.kind != .refused
    }
}

/// Retries that several calls share. The start of a run asks a few reads side by side (is it a
/// sandbox? the assets, the integrations): against a gateway that fails them all, they have one
/// budget of retries between them, not one each, so the run gives up as fast as one read would.
public final class RetryPool: Sendable {
    private let left: Mutex<Int>

    public init(retries: Int) { left = Mutex(max(0, retries)) }

    /// One retry, if any is left.
    func take() -> Bool {
        left.withLock { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }
}
