// The API's error body (RFC 9457 application/problem+json), with per-field validation errors.

public struct Problem: Codable, Sendable, Equatable, Error {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    /// Validation failures by request field: `{"amount": ["must be greater than zero"]}`.
    public var errors: [String: [String]]?

    public init(type: String = "about:blank", title: String, status: Int, detail: String? = nil,
                errors: [String: [String]]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    /// RFC 9457 makes every member optional: a gateway's problem without `type` (or `title`, or
    /// `status`) is still read, with the RFC's defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // JSON that names none of a problem's members is some other body, shown as it is.
        guard container.contains(.type) || container.contains(.title) || container.contains(.detail) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a problem"))
        }
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "about:blank"
        status = try container.decodeIfPresent(Int.self, forKey: .status) ?? 0
        title = try container.decodeIfPresent(String.self, forKey: .title) ?? "HTTP \(status)"
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        errors = try? container.decodeIfPresent([String: [String]].self, forKey: .errors)
    }

    /// An error body that is not a problem (plain text, an HTML error page, nothing) as one
    /// readable line: an HTML page's `<title>` or its text without tags, spaces folded, cut at
    /// 200 characters.
    public static func fromBody(_ body: [UInt8], status: Int) -> Problem {
        var text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        if text.range(of: "<html", options: .caseInsensitive) != nil || text.range(of: "<!doctype", options: .caseInsensitive) != nil {
            if let open = text.range(of: "<title>", options: .caseInsensitive),
               let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex) {
                text = String(text[open.upperBound..<close.lowerBound])
            } else {
                text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            }
        }
        text = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        if text.count > 200 { text = String(text.prefix(199)) + "…" }
        return Problem(title: "HTTP \(status)", status: status, detail: text.isEmpty ? "(an empty body)" : text)
    }

    /// One line for people: the title, the detail, and each field error.
    public var summary: String {
        var text = title
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        for (field, messages) in (errors ?? [:]).sorted(by: { $0.key < $1.key }) where detail?.contains("\(field):") != true {
            text += "; \(field): \(messages.joined(separator: ", "))"
        }
        return text
    }
}
