// How the HTTP transport reaches a gateway on a real network: extra CAs for TLS, verification
// off for a loopback gateway only, and the proxy curl would use for the same URL (HTTPS_PROXY /
// HTTP_PROXY / NO_PROXY, upper or lower case, lower case first, as curl reads them).
import Foundation
import NIOSSL

public struct NetworkSettings: Sendable, Equatable {
    /// PEM files of CAs to trust besides the system's (`--cacert`, `SSL_CERT_FILE`).
    public var caFiles: [String] = []
    /// Skip certificate verification: refused unless the gateway is on loopback.
    public var insecure = false
    /// The proxy requests go through, if any.
    public var proxy: ProxyURL?

    public init(caFiles: [String] = [], insecure: Bool = false, proxy: ProxyURL? = nil) {
        self.caFiles = caFiles
        self.insecure = insecure
        self.proxy = proxy
    }

    /// What is wrong with these settings for a gateway at `url`, said as a usage error.
    public func problem(for url: String) -> String? {
        for file in caFiles {
            guard FileManager.default.isReadableFile(atPath: file) else { return "the CA file \(file) cannot be read" }
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(file)
                if certificates.isEmpty { return "the CA file \(file) holds no PEM certificate" }
            } catch {
                return "the CA file \(file) is not a PEM certificate bundle (\(error))"
            }
        }
        if insecure, let host = URLComponents(string: url)?.host, !NetworkSettings.isLoopback(host) {
            return "--insecure skips certificate checks for a gateway on this machine only (127.0.0.1, ::1, localhost), not \(host)"
        }
        return nil
    }

    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    /// The proxy for `url` from `environment`, as curl chooses it: `https_proxy`/`HTTPS_PROXY` for
    /// https, `http_proxy`/`HTTP_PROXY` for http (curl reads only the lower-case `http_proxy`; the
    /// upper case is accepted here too), unless `no_proxy`/`NO_PROXY` names the host. A proxy URL
    /// that cannot be read throws, naming the variable.
    public static func proxy(for url: String, environment: [String: String]) throws(ProxyURL.Problem) -> ProxyURL? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else { return nil }
        let scheme = components.scheme?.lowercased() ?? "http"
        let names = scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"]
        guard let name = names.first(where: { !(environment[$0] ?? "").isEmpty }), let value = environment[name] else { return nil }
        let exceptions = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        if bypasses(host: host, port: components.port, noProxy: exceptions) { return nil }
        return try ProxyURL(parsing: value, variable: name)
    }

    /// `NO_PROXY`: `*`, or a comma list of hosts, domains (`.example.com` or `example.com`, which
    /// also match their subdomains) and `host:port`.
    static func bypasses(host: String, port: Int?, noProxy: String) -> Bool {
        for entry in noProxy.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !entry.isEmpty {
            if entry == "*" { return true }
            var name = entry
            if let colon = entry.lastIndex(of: ":"), !entry.hasPrefix("["), let wanted = Int(entry[entry.index(after: colon)...]) {
                guard wanted == port else { continue }
                name = String(entry[..<colon])
            }
            if name.hasPrefix(".") { name.removeFirst() }
            if host == name || host.hasSuffix("." + name) { return true }
        }
        return false
    }
}

/// `http://[user:password@]host[:port]`: the proxy, and how to log in to it.
public struct ProxyURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    public struct Problem: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(parsing text: String, variable: String) throws(Problem) {
        // curl takes a bare `host:port` as http.
        let full = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: full), let host = components.host, !host.isEmpty else {
            throw Problem(message: "\(variable) is not a proxy URL like http://proxy.example:3128, got '\(text)'")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw Problem(message: "\(variable): only http:// proxies are supported (CONNECT is used for https gateways), got '\(text)'")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw Problem(message: "\(variable) is not a proxy URL like http://proxy.example:3128 (it has a path), got '\(text)'")
        }
        self.host = host
        port = components.port ?? 80
        username = components.user.flatMap { $0.removingPercentEncoding }
        password = components.password.flatMap { $0.removingPercentEncoding }
    }

    /// Never with its password.
    public var description: String { "http://\(host):\(port)" }
}
