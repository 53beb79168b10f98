// The seam between the typed client and whatever carries its bytes: HTTP, or the sandbox in-process.

public enum HTTPMethod: String, Sendable {
    case get = "GET", post = "POST", delete = "DELETE"
}

/// One HTTP request as bytes: the same value goes over a socket or straight to the sandbox's router.
public struct APIRequest: Sendable, Equatable {
    public var method: HTTPMethod
    /// The path below the base URL, starting with "/", segments already percent-encoded.
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// How long this attempt may take, when less than the transport's own request timeout: what
    /// is left of the call's budget (RetryPolicy.budget).
    public var timeout: Duration?

    public init(method: HTTPMethod, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8] = [], timeout: Duration? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// "/orders/incoming?x=1" with the query percent-encoded.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(PathEncoding.encode($0.name))=\(PathEncoding.encode($0.value))" }
            .joined(separator: "&")
    }

    public static func == (lhs: APIRequest, rhs: APIRequest) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Carries a request to a gateway and brings back its response. Throws only `NetworkFailure`:
/// an HTTP error status is a response, not a throw.
public protocol Transport: Sendable {
    func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse
}

public enum PathEncoding {
    /// Percent-encodes everything but RFC 3986 unreserved characters, so an id cannot change the path.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])"
            }
        }
        return out
    }

    /// Reverses `encode`; nil for malformed escapes or bytes that are not UTF-8.
    public static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
