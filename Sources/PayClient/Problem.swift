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
