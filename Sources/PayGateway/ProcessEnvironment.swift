// One environment variable, read with getenv: `ProcessInfo.environment` copies every variable
// into a dictionary on each call, which showed in a script's start-up profile (BENCHMARKS.md).
import Foundation

public enum ProcessEnvironment {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The variables whose names start with `prefix` (`PAY_VAR_`), by name, read from `environ`
    /// directly for the same reason.
    public static func values(withPrefix prefix: String) -> [(name: String, value: String)] {
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
    public static var proxyVariables: [String: String] {
        var found: [String: String] = [:]
        for name in ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"] {
            found[name] = value(name)
        }
        return found
    }
}

/// Where settings read environment variables: the process's (`.process`), or a fixed table, so a
/// test can set each combination without touching the process.
public struct SettingsEnvironment: Sendable {
    public var value: @Sendable (String) -> String?
    public var values: @Sendable (String) -> [(name: String, value: String)]

    public static let process = SettingsEnvironment(value: { ProcessEnvironment.value($0) },
                                                    values: { ProcessEnvironment.values(withPrefix: $0) })

    /// Exactly these variables, and no others.
    public static func fixed(_ table: [String: String]) -> SettingsEnvironment {
        SettingsEnvironment(value: { table[$0] },
                            values: { prefix in table.filter { $0.key.hasPrefix(prefix) }.map { (name: $0.key, value: $0.value) } })
    }

    public func value(_ name: String) -> String? { value(name) as String? }

    public func values(withPrefix prefix: String) -> [(name: String, value: String)] { values(prefix) }

    /// The variables that choose a proxy, as `NetworkSettings.proxy` reads them.
    public var proxyVariables: [String: String] {
        var found: [String: String] = [:]
        for name in ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"] {
            found[name] = value(name)
        }
        return found
    }
}
