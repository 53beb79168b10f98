// `--trace`: every exchange written as it completes, as `curl -v` shows one: the request line and
// headers after `>`, the status and headers after `<`, bodies as sent (JSON pretty-printed), the
// time taken. Bodies past 64 KiB are cut with a note. The key is `***` everywhere.

public struct TraceObserver: ExchangeObserver {
    /// Where each exchange's text goes: standard error, or a scenario's own output in `pay test`.
    public let write: @Sendable (String) -> Void
    public let redaction: Redaction

    public static let bodyLimit = 64 * 1024

    public init(redaction: Redaction, write: @escaping @Sendable (String) -> Void) {
        self.redaction = redaction
        self.write = write
    }

    /// Each exchange, then a blank line before the next.
    public func observe(_ exchange: Exchange) {
        write(TraceObserver.text(of: exchange, redaction: redaction) + "\n")
    }

    public static func text(of exchange: Exchange, redaction: Redaction) -> String {
        let request = exchange.request
        var lines = ["> \(request.method.rawValue) \(redaction.text(exchange.url))"]
        lines += redaction.headers(request.headers).map { "> \($0.name): \($0.value)" }
        if !request.body.isEmpty { lines += body(request.body, redaction: redaction) }
        let took = "\(milliseconds(exchange.duration)) ms"
        switch exchange.outcome {
        case let .success(response):
            lines.append("< \(response.status) \(reason(response.status)) (\(took))")
            lines += redaction.headers(response.headers).map { "< \($0.name): \($0.value)" }
            if !response.body.isEmpty { lines += body(response.body, redaction: redaction) }
        case let .failure(failure):
            lines.append("< no response (\(took)): \(failure.message)")
        }
        return lines.joined(separator: "\n")
    }

    /// A body as lines: JSON pretty-printed, other text as it is, cut past the limit.
    public static func body(_ bytes: [UInt8], redaction: Redaction) -> [String] {
        var text: String
        if bytes.count <= bodyLimit, let json = try? JSONValue.parse(bytes) {
            text = json.pretty()
        } else {
            text = String(decoding: bytes.prefix(bodyLimit), as: UTF8.self)
            if bytes.count > bodyLimit {
                text += "\n… (\(bytes.count - bodyLimit) more bytes not shown; the body is \(bytes.count) bytes)"
            }
        }
        return [""] + redaction.text(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = (seconds * 10_000 + attoseconds / 100_000_000_000_000) // in 0.1 ms
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The reason phrase for the statuses a gateway answers with.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}

extension JSONValue {
    /// Indented JSON text, two spaces a level, fields in their order; empty containers on one line.
    public func pretty() -> String {
        var out: [UInt8] = []
        writePretty(to: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func writePretty(to out: inout [UInt8], indent: Int) {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
        }
        switch self {
        case let .array(items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.writePretty(to: &out, indent: indent + 1)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case let .object(fields) where !fields.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONValue.writeString(field.name, to: &out)
                out.append(contentsOf: ": ".utf8)
                field.value.writePretty(to: &out, indent: indent + 1)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        default:
            write(to: &out)
        }
    }
}
