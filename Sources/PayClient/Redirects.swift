// Where a redirect leads, and what may go there: the API key stays on the gateway's own scheme,
// host and port, and a POST is resent only there. 301, 302 and 303 turn a POST into a GET with no
// body, as curl -L and browsers do; 307 and 308 keep the method and the body.
import Foundation

/// One request of a chain of redirects: where it goes and what it carries.
struct RedirectHop {
    /// The statuses followed; any other 3xx (304, 300) is an answer of its own.
    static let followed: Set<Int> = [301, 302, 303, 307, 308]

    var url: String
    var method: HTTPMethod
    var body: [UInt8]
    var headers: [(name: String, value: String)]
    /// The first request's origin: the only one the key and a POST's body may go to.
    var home: Origin?
    /// True when this hop left the key behind because it goes to another origin.
    var droppedKey = false

    init(url: String, method: HTTPMethod, body: [UInt8], headers: [(name: String, value: String)]) {
        self.url = url
        self.method = method
        self.body = body
        self.headers = headers
        home = URL(string: url).flatMap(Origin.init)
    }

    /// The origin this hop goes to, for messages.
    var origin: String { URL(string: url).flatMap(Origin.init)?.description ?? url }

    /// The next hop for a `status` redirect to `location`, or nil when it is not to be followed:
    /// a `Location` that is not an http(s) URL, or a POST that would be resent, body and all, to
    /// another origin. Either way the 3xx answer stands, and nothing was applied.
    func following(status: Int, location: String) -> RedirectHop? {
        guard let base = URL(string: url), let target = URL(string: location, relativeTo: base)?.absoluteURL,
              let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let origin = Origin(target) else { return nil }
        let keepsMethod = status == 307 || status == 308 || method == .get
        let sameOrigin = origin == home
        if keepsMethod && method != .get && !sameOrigin { return nil }
        var next = self
        next.url = target.absoluteString
        if !keepsMethod {
            next.method = .get
            next.body = []
            next.headers.removeAll { $0.name.lowercased() == "content-type" }
        }
        if !sameOrigin {
            let before = next.headers.count
            next.headers.removeAll { $0.name.lowercased() == Redaction.keyHeader }
            next.droppedKey = next.headers.count != before
        } else {
            next.droppedKey = false
        }
        return next
    }
}

/// Scheme, host and port, with the scheme's default port filled in.
struct Origin: Equatable, CustomStringConvertible {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        self.scheme = scheme
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    var description: String { "\(scheme)://\(host):\(port)" }
}
