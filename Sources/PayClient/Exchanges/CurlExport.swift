// `--curl FILE`: each request the run made as one curl command a line, in order, so the file run
// as a shell script with PAY_API_KEY set repeats them. The key is never written: the header reads
// "$PAY_API_KEY", and the gateway "${PAY_API_URL:-…}", defaulting to the one the run used. Each
// command reaches the gateway as the run did: the CA file it trusted (`--cacert`, absolute) and
// `--insecure` when the run had them; a proxy curl finds itself in HTTPS_PROXY, as the run did,
// and the file's first lines say so. Each line is written (and flushed) as its exchange
// completes, so a run that stops midway leaves a file that ends with its last request.
import Foundation
import Synchronization

public final class CurlObserver: ExchangeObserver {
    private let handle: FileHandle
    private let redaction: Redaction
    private let network: NetworkSettings
    private let written = Mutex(false)

    /// `handle` is a file opened for writing, or standard error; `network` is how the run reached
    /// the gateway.
    public init(handle: FileHandle, redaction: Redaction, network: NetworkSettings = NetworkSettings()) {
        self.handle = handle
        self.redaction = redaction
        self.network = network
    }

    public func observe(_ exchange: Exchange) {
        let first = written.withLock { written in
            defer { written = true }
            return !written
        }
        var text = ""
        if first {
            text += "# The requests of one pay run, in order. Run with PAY_API_KEY set (and PAY_API_URL for another gateway).\n"
            text += "# Each is sent again as it was, old ids included: a line marked MOVES MONEY refunds, withdraws or sends again.\n"
            if let proxy = network.proxy {
                text += "# The run went through the proxy \(redaction.text(proxy.description)); curl reads HTTPS_PROXY (or HTTP_PROXY) itself: set it as the run had it.\n"
            }
        }
        if let what = CurlObserver.effect(of: exchange.request) { text += "# \(what)\n" }
        text += CurlObserver.command(for: exchange, redaction: redaction, network: network) + "\n"
        handle.write(Data(text.utf8))
    }

    /// `curl -sS [--cacert FILE] [--insecure] -X METHOD URL -H … --data-raw BODY`, every piece
    /// quoted for a POSIX shell.
    public static func command(for exchange: Exchange, redaction: Redaction, network: NetworkSettings = NetworkSettings()) -> String {
        let request = exchange.request
        let base = exchange.baseURL == ObservedTransport.embeddedBaseURL ? "http://127.0.0.1:8080" : exchange.baseURL
        var parts = ["curl", "-sS"]
        for file in network.caFiles { parts += ["--cacert", quoted(URL(fileURLWithPath: file).standardizedFileURL.path)] }
        if network.insecure { parts.append("--insecure") }
        parts += ["-X", request.method.rawValue,
                  "\"${PAY_API_URL:-\(shellEscapedInDoubleQuotes(redaction.text(base)))}\"" + quoted(redaction.text(request.target))]
        var sentKey = false
        for header in request.headers {
            if header.name.lowercased() == Redaction.keyHeader {
                parts += ["-H", "\"\(header.name): $PAY_API_KEY\""]
                sentKey = true
            } else {
                parts += ["-H", quoted("\(header.name): \(redaction.text(header.value))")]
            }
        }
        // The embedded sandbox needs no key; a `pay sandbox` the file is run against does.
        if !sentKey { parts += ["-H", "\"X-API-Key: $PAY_API_KEY\""] }
        if !request.body.isEmpty {
            parts += ["--data-raw", quoted(redaction.text(String(decoding: request.body, as: UTF8.self)))]
        }
        return parts.joined(separator: " ")
    }

    /// What sending `request` again does beyond reading: money out (a refund, withdrawal or send)
    /// or a new order; nil for a read.
    static func effect(of request: APIRequest) -> String? {
        guard request.method == .post else { return nil }
        switch request.path {
        case "/orders/outgoing/refund": return "MOVES MONEY: a refund, sent again if this line runs again"
        case "/orders/outgoing/withdrawal": return "MOVES MONEY: a withdrawal, sent again if this line runs again"
        case "/orders/outgoing/send": return "MOVES MONEY: a send, sent again if this line runs again"
        case "/orders/incoming": return "creates an order (a new one each time this line runs)"
        default: return nil
        }
    }

    /// Single-quoted: nothing inside is expanded; a `'` is closed, escaped and reopened.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Safe inside double quotes: `\`, `"`, `$` and backquote escaped.
    static func shellEscapedInDoubleQuotes(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\\"$`".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
