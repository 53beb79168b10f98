// `--replay FILE.har`: a run whose answers come from a recording instead of a gateway. Requests
// are matched in order, as VCR-style cassettes match them: method, path, query, and the JSON body
// compared as values (key order and spacing do not matter). Headers are not compared: the key is
// `***` in a recording. The first request that differs, or one past the recording's end, stops
// the run with what differs and the entry it was compared with; nothing is sent anywhere.
import Foundation
import Synchronization

public final class ReplayTransport: Transport {
    private let log: HARLog
    /// The file's name, for messages.
    private let name: String
    private let next = Mutex(0)

    public init(_ log: HARLog, name: String) {
        self.log = log
        self.name = name
    }

    /// Entries answered so far.
    public var used: Int { next.withLock { $0 } }

    public func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        let index = next.withLock { index in
            defer { index += 1 }
            return index
        }
        guard index < log.entries.count else {
            throw ReplayTransport.notRecorded("\(request.method.rawValue) \(request.target) is request \(index + 1), and \(name) holds only \(log.entries.count) exchange\(log.entries.count == 1 ? "" : "s")")
        }
        let entry = log.entries[index]
        if let difference = ReplayTransport.difference(request, entry) {
            throw ReplayTransport.notRecorded("request \(index + 1) differs from entry \(index) of \(name) (\(entry.method) \(entry.path)): \(difference)")
        }
        if let failure = entry.failure { throw failure }
        return APIResponse(status: entry.status, headers: entry.responseHeaders.map { ($0.name, $0.value) }, body: entry.responseBody)
    }

    static func notRecorded(_ message: String) -> NetworkFailure {
        NetworkFailure(kind: .notRecorded, message: "not in the recording: \(message)", mayHaveReachedServer: false)
    }

    /// The first way `request` differs from what `entry` recorded, or nil when it matches.
    public static func difference(_ request: APIRequest, _ entry: HAREntry) -> String? {
        if request.method.rawValue != entry.method {
            return "the method is \(request.method.rawValue), recorded \(entry.method)"
        }
        if request.path != entry.path {
            return "the path is \(request.path), recorded \(entry.path)"
        }
        let sent = request.query.map { HARPair(name: $0.name, value: $0.value) }
        if sent != entry.query {
            for (name, value) in request.query where entry.query.first(where: { $0.name == name })?.value != value {
                let recorded = entry.query.first { $0.name == name }?.value
                return "the query parameter \(name) is \"\(value)\", recorded \(recorded.map { "\"\($0)\"" } ?? "none")"
            }
            let extra = entry.query.first { pair in !request.query.contains { $0.name == pair.name } }
            return "the query parameter \(extra?.name ?? "?") was recorded, and is not sent"
        }
        if request.body == entry.requestBody { return nil }
        guard let sentJSON = try? JSONValue.parse(request.body), let recordedJSON = try? JSONValue.parse(entry.requestBody) else {
            return "the body differs (\(request.body.count) bytes, recorded \(entry.requestBody.count))"
        }
        return jsonDifference(sentJSON, recordedJSON, at: "$")
    }

    /// The JSON path of the first value that differs, comparing objects as sets of fields.
    static func jsonDifference(_ sent: JSONValue, _ recorded: JSONValue, at path: String) -> String? {
        switch (sent, recorded) {
        case let (.object(a), .object(b)):
            for field in a {
                guard let other = b.first(where: { $0.name == field.name }) else {
                    return "the body field \(path).\(field.name) is sent, and was not recorded"
                }
                if let found = jsonDifference(field.value, other.value, at: "\(path).\(field.name)") { return found }
            }
            if let missing = b.first(where: { field in !a.contains { $0.name == field.name } }) {
                return "the body field \(path).\(missing.name) was recorded, and is not sent"
            }
            return nil
        case let (.array(a), .array(b)):
            guard a.count == b.count else { return "the body list \(path) has \(a.count) items, recorded \(b.count)" }
            for (index, pair) in zip(a, b).enumerated() {
                if let found = jsonDifference(pair.0, pair.1, at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return sent == recorded ? nil : "the body field \(path) is \(sent.compactText), recorded \(recorded.compactText)"
        }
    }
}
