// One environment variable, read with getenv: `ProcessInfo.environment` copies every variable
// into a dictionary on each call, which showed in a script's start-up profile (BENCHMARKS.md).
import Foundation

enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The variables whose names start with `prefix` (`PAY_VAR_`), by name, read from `environ`
    /// directly for the same reason.
    static func values(withPrefix prefix: String) -> [(name: String, value: String)] {
        var found: [(String, String)] = []
        var cursor = environ
        while let entry = cursor.pointee {
            if strncmp(entry, prefix, prefix.utf8.count) == 0 {
                let text = String(cString: entry)
                if let equals = text.firstIndex(of: "=") {
                    found.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
                }
            }
            cursor += 1
        }
        return found
    }

    /// The variables that choose a proxy, as `NetworkSettings.proxy` reads them.
    static var proxyVariables: [String: String] {
        var found: [String: String] = [:]
        for name in ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"] {
            found[name] = value(name)
        }
        return found
    }
}
