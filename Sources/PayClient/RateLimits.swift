// 429 Too Many Requests: a definite refusal, so the request was not applied and may be asked
// again after the time the gateway names (`Retry-After`: seconds, or an HTTP date). What a run
// spends waiting is kept here, for `pay test`'s summary and the trace.
import Foundation
import Synchronization

public final class RateLimitLedger: Sendable {
    private let waited = Mutex<Duration>(.zero)
    private let parent: RateLimitLedger?
    /// Told of each wait, as a line (the trace).
    private let note: (@Sendable (String) -> Void)?

    /// `parent` also counts what this one does (a scenario's ledger counts into the run's).
    public init(parent: RateLimitLedger? = nil, note: (@Sendable (String) -> Void)? = nil) {
        self.parent = parent
        self.note = note
    }

    public var total: Duration { waited.withLock { $0 } }

    func record(_ wait: Duration, _ request: APIRequest, because reason: String) {
        waited.withLock { $0 += wait }
        parent?.add(wait)
        note?("! \(request.method.rawValue) \(request.target): rate limited (429); asking again in \(RateLimitLedger.seconds(wait)) (\(reason))\n")
    }

    private func add(_ wait: Duration) {
        waited.withLock { $0 += wait }
        parent?.add(wait)
    }

    /// `2.0 s`.
    public static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}

/// `Retry-After`, RFC 9110 §10.2.3: a number of seconds, or an HTTP date.
public enum RetryAfter {
    public enum Reading: Equatable {
        case wait(Duration)
        case unreadable(String)
    }

    public static func read(_ value: String, now: Date = Date()) -> Reading {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .wait(.seconds(seconds)) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let ahead = max(0, date.timeIntervalSince(now))
                return .wait(.milliseconds(Int64((ahead * 1000).rounded(.up))))
            }
        }
        return .unreadable(text)
    }
}
