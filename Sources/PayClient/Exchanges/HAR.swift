// HTTP Archive 1.2 (the format browsers' devtools export and import): a run's exchanges written
// as they complete, and read back for `--replay` and `pay diff`. Written with the client's own
// order-keeping JSON writer, so fields come out in the spec's order. The key header's value is
// `***` and every secret is redacted from URLs, headers and bodies before anything is written.
//
// What HAR has no field for is kept in `_`-prefixed fields, as the spec allows: `log._pay` says
// whether the run was on a sandbox (so a replay probes, or not, as the run did), and a request
// that got no response has status 0 with `response._error` saying why.
import Foundation

/// One exchange as HAR holds it.
public struct HAREntry: Sendable, Equatable {
    public var method: String
    public var url: String
    public var requestHeaders: [HARPair]
    public var query: [HARPair]
    public var requestBody: [UInt8]
    public var status: Int
    public var responseHeaders: [HARPair]
    public var responseBody: [UInt8]
    /// Why no response came (status 0): the failure's kind and message.
    public var failure: NetworkFailure?
    public var started: String
    public var milliseconds: Double
    /// A step only a sandbox takes (`_paySandboxStep`): its payer or its clock, standing for what
    /// happens out of band on a real gateway. `pay diff` sends it to a sandbox only, and compares
    /// nothing of it.
    public var sandboxStep = false

    public init(method: String, url: String, requestHeaders: [HARPair], query: [HARPair], requestBody: [UInt8], status: Int,
                responseHeaders: [HARPair], responseBody: [UInt8], failure: NetworkFailure?, started: String, milliseconds: Double) {
        self.method = method
        self.url = url
        self.requestHeaders = requestHeaders
        self.query = query
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.failure = failure
        self.started = started
        self.milliseconds = milliseconds
    }

    /// The request's path (percent-encoded, as sent), without the query.
    public var path: String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath
    }
}

public struct HARPair: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A run's recording: its entries, and what `pay` noted of the run.
public struct HARLog: Sendable {
    public var entries: [HAREntry]
    /// True when the run was on a sandbox (embedded, or a `pay sandbox` it probed); nil for a
    /// HAR from elsewhere (a browser's), which says nothing.
    public var sandbox: Bool?
    /// True when the run asked `GET /sandbox` first (it was given --api).
    public var probed: Bool?
    /// The run's --seed: on a sandbox, `uuid()` follows it, and a replay must too.
    public var seed: UInt64?
    /// Each value `uuid()` gave the run, in order (`_pay.uuids`): a replay gives them again, so a
    /// request that holds one matches its recording on a real gateway too.
    public var uuids: [String]?

    public init(entries: [HAREntry], sandbox: Bool? = nil, probed: Bool? = nil, seed: UInt64? = nil) {
        self.entries = entries
        self.sandbox = sandbox
        self.probed = probed
        self.seed = seed
    }
}

// MARK: Writing

extension HAREntry {
    init(_ exchange: Exchange, redaction: Redaction) {
        let request = exchange.request
        method = request.method.rawValue
        url = redaction.text(exchange.url)
        requestHeaders = redaction.headers(request.headers).map { HARPair(name: $0.name, value: $0.value) }
        query = request.query.map { HARPair(name: redaction.text($0.name), value: redaction.text($0.value)) }
        requestBody = HAREntry.redacted(request.body, redaction)
        switch exchange.outcome {
        case let .success(response):
            status = response.status
            responseHeaders = redaction.headers(response.headers).map { HARPair(name: $0.name, value: $0.value) }
            responseBody = HAREntry.redacted(response.body, redaction)
            failure = nil
        case let .failure(why):
            status = 0
            responseHeaders = []
            responseBody = []
            failure = NetworkFailure(kind: why.kind, message: redaction.text(why.message), mayHaveReachedServer: why.mayHaveReachedServer)
        }
        started = HARLog.timestamp(exchange.started)
        let (seconds, attoseconds) = exchange.duration.components
        milliseconds = (Double(seconds) * 1000 + Double(attoseconds) / 1e15 * 1000).rounded() / 1000
    }

    /// A body with every secret replaced; bytes that are not UTF-8 text are kept as they are.
    static func redacted(_ body: [UInt8], _ redaction: Redaction) -> [UInt8] {
        guard let text = String(validating: body, as: UTF8.self) else { return body }
        return Array(redaction.text(text).utf8)
    }

    var json: JSONValue {
        func pairs(_ list: [HARPair]) -> JSONValue {
            .array(list.map { .object([JSONField("name", .string($0.name)), JSONField("value", .string($0.value))]) })
        }
        func mime(_ headers: [HARPair]) -> String {
            headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        }
        var request: [JSONField] = [
            JSONField("method", .string(method)), JSONField("url", .string(url)), JSONField("httpVersion", .string("HTTP/1.1")),
            JSONField("cookies", .array([])), JSONField("headers", pairs(requestHeaders)), JSONField("queryString", pairs(query)),
        ]
        if !requestBody.isEmpty {
            request.append(JSONField("postData", .object([JSONField("mimeType", .string(mime(requestHeaders))),
                                                          JSONField("text", .string(String(decoding: requestBody, as: UTF8.self)))])))
        }
        request += [JSONField("headersSize", .number("-1")), JSONField("bodySize", .number("\(requestBody.count)"))]
        var content: [JSONField] = [JSONField("size", .number("\(responseBody.count)")),
                                    JSONField("mimeType", .string(mime(responseHeaders)))]
        if String(validating: responseBody, as: UTF8.self) != nil {
            content.append(JSONField("text", .string(String(decoding: responseBody, as: UTF8.self))))
        } else {
            content += [JSONField("text", .string(Data(responseBody).base64EncodedString())), JSONField("encoding", .string("base64"))]
        }
        var response: [JSONField] = [
            JSONField("status", .number("\(status)")), JSONField("statusText", .string(TraceObserver.reason(status))),
            JSONField("httpVersion", .string("HTTP/1.1")), JSONField("cookies", .array([])),
            JSONField("headers", pairs(responseHeaders)), JSONField("content", .object(content)),
            JSONField("redirectURL", .string(responseHeaders.first { $0.name.lowercased() == "location" }?.value ?? "")),
            JSONField("headersSize", .number("-1")), JSONField("bodySize", .number(failure == nil ? "\(responseBody.count)" : "-1")),
        ]
        if let failure {
            response.append(JSONField("_error", .object([
                JSONField("kind", .string(HAREntry.name(of: failure.kind))), JSONField("message", .string(failure.message)),
                JSONField("mayHaveReachedServer", .bool(failure.mayHaveReachedServer)),
            ])))
        }
        let time = String(format: "%.3f", milliseconds)
        return .object([
            JSONField("startedDateTime", .string(started)), JSONField("time", .number(time)),
            JSONField("request", .object(request)), JSONField("response", .object(response)),
            JSONField("cache", .object([])),
            JSONField("timings", .object([JSONField("send", .number("0")), JSONField("wait", .number(time)), JSONField("receive", .number("0"))])),
        ])
    }

    static let failureKinds: [(NetworkFailure.Kind, String)] = [
        (.connectFailed, "connectFailed"), (.connectionReset, "connectionReset"), (.timedOut, "timedOut"), (.refused, "refused"),
        (.other, "other"), (.notRecorded, "notRecorded"),
    ]

    static func name(of kind: NetworkFailure.Kind) -> String { failureKinds.first { $0.0 == kind }!.1 }
}

extension HARLog {
    /// The whole archive as JSON text, two spaces a level.
    public var text: String {
        var log: [JSONField] = [
            JSONField("version", .string("1.2")),
            JSONField("creator", .object([JSONField("name", .string("pay")), JSONField("version", .string(PayVersion.current))])),
        ]
        var notes: [JSONField] = []
        if let sandbox { notes.append(JSONField("sandbox", .bool(sandbox))) }
        if let probed { notes.append(JSONField("probed", .bool(probed))) }
        if let seed { notes.append(JSONField("seed", .number("\(seed)"))) }
        if let uuids, !uuids.isEmpty { notes.append(JSONField("uuids", .array(uuids.map(JSONValue.string)))) }
        if !notes.isEmpty { log.append(JSONField("_pay", .object(notes))) }
        log.append(JSONField("entries", .array(entries.map(\.json))))
        return JSONValue.object([JSONField("log", .object(log))]).pretty() + "\n"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// `--record FILE.har`: the run's exchanges, each written as it completes, so a run that stops
/// midway leaves a valid HAR that ends with its last exchange. The file is valid after every
/// write: a new entry goes in place of the archive's closing lines, which are written again after
/// it, so a run of thousands of requests writes each once (rewriting the whole archive each time
/// would be quadratic).
public final class HARRecorder: ExchangeObserver, @unchecked Sendable {
    private let path: String
    private let redaction: Redaction
    private let lock = NSLock()
    private var log: HARLog
    /// The open file, once something has been written; nil before.
    private var handle: FileHandle?
    /// The bytes after the last entry (`]`, and the braces that close the archive).
    private var closing: [UInt8] = []
    /// Entries in the file so far.
    private var written = 0
    /// The head holds something the file does not yet: the next write is a whole one.
    private var headChanged = false

    public init(path: String, redaction: Redaction, sandbox: Bool?, probed: Bool, seed: UInt64? = nil) {
        self.path = path
        self.redaction = redaction
        log = HARLog(entries: [], sandbox: sandbox, probed: probed, seed: seed)
    }

    /// A value `uuid()` gave: kept in the head (`_pay.uuids`), which is written whole again with
    /// the next exchange or at the end (draws are few).
    public func noteUUID(_ value: String) {
        lock.withLock {
            log.uuids = (log.uuids ?? []) + [value]
            headChanged = true
        }
    }

    /// Whether the run turned out to be on a sandbox, once the probe has answered: the head of
    /// the archive changes, so it is written whole again (once, early in a run).
    public func noteSandbox(_ sandbox: Bool) {
        lock.withLock {
            log.sandbox = sandbox
            rewrite()
        }
    }

    public func observe(_ exchange: Exchange) {
        lock.withLock {
            let entry = HAREntry(exchange, redaction: redaction)
            log.entries.append(entry)
            guard let handle, written > 0, !headChanged else { return rewrite() }
            let text = Array((",\n" + HARRecorder.indented(entry.json.pretty())).utf8)
            do {
                let end = try handle.seekToEnd()
                try handle.seek(toOffset: end - UInt64(closing.count))
                try handle.write(contentsOf: text + closing)
                written += 1
            } catch {
                rewrite()
            }
        }
    }

    /// Writes the archive as it stands (also with no entries, so a run that made no request still
    /// leaves a valid file), and closes it.
    public func flush() {
        lock.withLock {
            if handle == nil || headChanged { rewrite() }
            try? handle?.close()
            handle = nil
        }
    }

    /// An entry as it stands inside `log.entries`: six spaces in.
    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    }

    /// The whole archive, written anew: the head with the entries so far, then the closing.
    private func rewrite() {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        var empty = log
        empty.entries = []
        // The archive with no entries ends `"entries": []` and its closing braces.
        let skeleton = empty.text
        guard let marker = skeleton.range(of: "\"entries\": []") else { return }
        let head = skeleton[..<marker.lowerBound] + "\"entries\": ["
        let rest = String(skeleton[marker.upperBound...])
        closing = Array(((log.entries.isEmpty ? "" : "\n    ") + "]" + rest).utf8)
        let body = log.entries.isEmpty ? "" : "\n" + log.entries.map { HARRecorder.indented($0.json.pretty()) }.joined(separator: ",\n")
        try? handle?.close()
        _ = FileManager.default.createFile(atPath: path, contents: Data((head + body).utf8 + closing))
        handle = FileHandle(forUpdatingAtPath: path)
        written = log.entries.count
        headChanged = false
    }
}

// MARK: Reading

/// Why a HAR cannot be used, with the file and, where it is one entry's fault, its index.
public struct HARError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var entry: Int?
    public var reason: String

    public var description: String {
        entry.map { "\(file): entry \($0): \(reason)" } ?? "\(file): \(reason)"
    }
}

extension HARLog {
    /// Reads and checks a HAR 1.2 file: JSON, a `log` with version 1.2 and `entries`, and every
    /// entry a request with a method and an absolute URL, and a response with a status.
    public static func read(path: String) throws(HARError) -> HARLog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HARError(file: path, reason: "cannot read it (no such file, or permission denied)")
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(Array(data))
        } catch {
            throw HARError(file: path, reason: "not JSON: \(error.reason) at byte \(error.offset)")
        }
        guard let log = root["log"], case .object = log else { throw HARError(file: path, reason: "not a HAR: it has no \"log\" object") }
        guard case let .string(version)? = log["version"], version == "1.2" || version == "1.1" else {
            throw HARError(file: path, reason: "not HAR 1.2: log.version is \(log["version"].map { $0.compactText } ?? "missing")")
        }
        guard case let .array(items)? = log["entries"] else { throw HARError(file: path, reason: "not HAR 1.2: log.entries is not a list") }
        var entries: [HAREntry] = []
        for (index, item) in items.enumerated() { entries.append(try HAREntry(item, file: path, index: index)) }
        var sandbox: Bool?, probed: Bool?, seed: UInt64?
        if case let .bool(flag)? = log["_pay"]?["sandbox"] { sandbox = flag }
        if case let .bool(flag)? = log["_pay"]?["probed"] { probed = flag }
        if case let .number(text)? = log["_pay"]?["seed"] { seed = UInt64(text) }
        var read = HARLog(entries: entries, sandbox: sandbox, probed: probed, seed: seed)
        if case let .array(values)? = log["_pay"]?["uuids"] {
            read.uuids = try values.enumerated().map { (index, value) throws(HARError) -> String in
                guard case let .string(text) = value else { throw HARError(file: path, reason: "_pay.uuids[\(index)] is not a string") }
                return text
            }
        }
        return read
    }
}

extension HAREntry {
    init(_ item: JSONValue, file: String, index: Int) throws(HARError) {
        func fail(_ reason: String) -> HARError { HARError(file: file, entry: index, reason: reason) }
        func pairs(_ value: JSONValue?) -> [HARPair] {
            guard case let .array(list)? = value else { return [] }
            return list.compactMap { pair in
                guard case let .string(name)? = pair["name"], case let .string(value)? = pair["value"] else { return nil }
                return HARPair(name: name, value: value)
            }
        }
        guard let request = item["request"], case .object = request else { throw fail("it has no request") }
        guard let response = item["response"], case .object = response else { throw fail("it has no response") }
        guard case let .string(method)? = request["method"] else { throw fail("its request has no method") }
        guard case let .string(url)? = request["url"], let parsed = URLComponents(string: url), parsed.scheme != nil else {
            throw fail("its request has no absolute url")
        }
        guard case let .number(statusText)? = response["status"], let status = Int(statusText) else {
            throw fail("its response has no status")
        }
        self.method = method
        self.url = url
        requestHeaders = pairs(request["headers"])
        if case .array? = request["queryString"] {
            query = pairs(request["queryString"])
        } else {
            query = (parsed.percentEncodedQueryItems ?? []).map { HARPair(name: $0.name, value: $0.value ?? "") }
        }
        if case let .string(text)? = request["postData"]?["text"] { requestBody = Array(text.utf8) } else { requestBody = [] }
        self.status = status
        responseHeaders = pairs(response["headers"])
        let content = response["content"]
        if case let .string(text)? = content?["text"] {
            if case .string("base64")? = content?["encoding"] {
                guard let data = Data(base64Encoded: text) else { throw fail("its response content is not valid base64") }
                responseBody = Array(data)
            } else {
                responseBody = Array(text.utf8)
            }
        } else {
            responseBody = []
        }
        if let error = response["_error"], case let .string(kindName)? = error["kind"] {
            let kind = HAREntry.failureKinds.first { $0.1 == kindName }?.0 ?? .other
            var message = "no response"
            if case let .string(text)? = error["message"] { message = text }
            var reached = true
            if case let .bool(flag)? = error["mayHaveReachedServer"] { reached = flag }
            failure = NetworkFailure(kind: kind, message: message, mayHaveReachedServer: reached)
        } else if status == 0 {
            // A browser's HAR writes a request that got no answer as status 0.
            failure = NetworkFailure(kind: .other, message: "no response was recorded", mayHaveReachedServer: true)
        } else {
            failure = nil
        }
        if case .bool(true)? = item["_paySandboxStep"] { sandboxStep = true }
        if case let .string(text)? = item["startedDateTime"] { started = text } else { started = "" }
        if case let .number(text)? = item["time"], let time = Double(text) { milliseconds = time } else { milliseconds = 0 }
    }
}

extension JSONValue {
    /// Compact JSON text, for messages.
    public var compactText: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
