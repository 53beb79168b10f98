// Settings that need not be on the command line, where the process list shows them: an env file
// (`--env-file`, dotenv conventions) and a key file (`--key-file`, `PAY_API_KEY_FILE`).
//
// Precedence, for each setting: a command-line flag, else the process environment, else the env
// file (README's "Settings from files" table). A key file stands where the key would.
import Foundation
import Synchronization

/// The `PAY_` settings the environment and an env file may give: the one list the settings read
/// by, an env file checks its keys against, and a test holds README's table to.
public enum Setting: String, CaseIterable, Sendable {
    case apiURL = "PAY_API_URL"
    case apiKey = "PAY_API_KEY"
    case apiKeyFile = "PAY_API_KEY_FILE"
    case maxOutgoing = "PAY_MAX_OUTGOING"
    case allowOutgoing = "PAY_ALLOW_OUTGOING"
    case freshFor = "PAY_FRESH_FOR"

    /// `PAY_VAR_name` binds the script variable `name`.
    public static let variablePrefix = "PAY_VAR_"
}

/// `KEY=VALUE` lines: `#` comments and blank lines skipped, an `export ` prefix allowed, values in
/// single quotes taken as written, in double quotes with `\n`, `\"` and `\\` escapes, bare values
/// trimmed (a ` #` starts a comment after one).
public struct EnvFile: Sendable {
    public var path: String
    /// Each key's value and the line it came from.
    public var values: [String: (value: String, line: Int)] = [:]

    public struct Problem: Error, Sendable { public var message: String }

    /// The keys an env file may set; any other `PAY_` key is a typo worth saying.
    public static let known: Set<String> = Set(Setting.allCases.map(\.rawValue))

    public static func parse(_ text: String, path: String) throws(Problem) -> EnvFile {
        var file = EnvFile(path: path)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw Problem(message: "\(path):\(number): not KEY=VALUE: \(line.prefix(40))")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !key.first!.isNumber else {
                throw Problem(message: "\(path):\(number): '\(key)' is not a variable name")
            }
            let value = try Self.value(String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces),
                                       at: "\(path):\(number)")
            if key.hasPrefix("PAY_"), !known.contains(key), !key.hasPrefix(Setting.variablePrefix) {
                throw Problem(message: "\(path):\(number): unknown setting \(key) (known: \(known.sorted().joined(separator: ", ")), \(Setting.variablePrefix)name)")
            }
            file.values[key] = (value, number)
        }
        return file
    }

    private static func value(_ text: String, at place: String) throws(Problem) -> String {
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            if let comment = text.range(of: " #") { return text[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
            return text
        }
        var out = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                return out
            } else {
                out.append(character)
            }
        }
        throw Problem(message: "\(place): the value's \(quote) is never closed")
    }

    private static let cache = Mutex<[String: Result<EnvFile, Problem>]>([:])

    /// The file at `path`, read once per process.
    public static func load(_ path: String) -> Result<EnvFile, Problem> {
        if let known = cache.withLock({ $0[path] }) { return known }
        let result: Result<EnvFile, Problem>
        if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
            result = Result { () throws(Problem) -> EnvFile in try parse(text, path: path) }
        } else {
            result = .failure(Problem(message: "--env-file: cannot read \(path)"))
        }
        cache.withLock { $0[path] = result }
        return result
    }
}

public enum KeyFile {
    /// The key in the file at `path`: its text without the trailing newline. Refused, as ssh
    /// refuses a private key, when anyone but its owner may read it.
    public static func read(_ path: String, named flag: String) -> Result<String, EnvFile.Problem> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(.init(message: "\(flag): cannot read \(path): no such file")) }
        guard status.st_mode & 0o077 == 0 else {
            let mode = String(status.st_mode & 0o777, radix: 8)
            return .failure(.init(message: "\(flag): \(path) may be read by others (mode \(mode)); chmod 600 \(path), as ssh asks of a private key"))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(.init(message: "\(flag): cannot read \(path): permission denied, or not text"))
        }
        var key = text
        while key.hasSuffix("\n") || key.hasSuffix("\r") { key.removeLast() }
        guard !key.isEmpty else { return .failure(.init(message: "\(flag): \(path) is empty")) }
        return .success(key)
    }
}
