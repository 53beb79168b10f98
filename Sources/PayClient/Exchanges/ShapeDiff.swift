// `pay diff`: a recorded answer and the answer the same request gets now, compared by shape: the
// status code, field names and their order, JSON types, the scale of decimal strings ("1.000000"
// against "1.0"), and enumerated values (statuses, currencies, asset ids) exactly. Ids,
// addresses, hashes and times differ from one gateway to the next, so they are compared by
// format only. Lists are compared item by item as far as both go: how many orders a gateway
// holds is not its shape.
//
// Ids a recording's answers hand out (an order id, a transaction id) are used by later requests;
// `Correlation` learns which new id stands for which recorded one, so the same flow runs again.

/// One way the answer now differs from the recorded one.
public struct ShapeDifference: Sendable, Equatable, CustomStringConvertible {
    /// The JSON path (`$.transactions[0].hash`), or `status` for the status code.
    public var path: String
    public var recorded: String
    public var now: String

    public var description: String { "\(path): recorded \(recorded), now \(now)" }

    public init(path: String, recorded: String, now: String) {
        self.path = path
        self.recorded = recorded
        self.now = now
    }
}

public enum ShapeDiff {
    /// Fields whose values are compared exactly: the gateway's enumerations.
    public static let enumerated: Set<String> = ["status", "currency", "assetId", "currencyCode", "blockchainId"]

    /// The differences between a recorded answer and one received now. `extensions` are extra
    /// fields the target documents as its own (the sandbox's `precision`, `senderAddress`):
    /// found where they are allowed, they are not differences.
    public static func compare(recordedStatus: Int, recorded: [UInt8], nowStatus: Int, now: [UInt8],
                               extensions: Set<String> = []) -> [ShapeDifference] {
        var found: [ShapeDifference] = []
        if recordedStatus != nowStatus {
            found.append(ShapeDifference(path: "status", recorded: "\(recordedStatus)", now: "\(nowStatus)"))
        }
        let old = recorded.isEmpty ? nil : try? JSONValue.parse(recorded)
        let new = now.isEmpty ? nil : try? JSONValue.parse(now)
        switch (old, new) {
        case let (old?, new?): compare(old, new, at: "$", key: nil, extensions: extensions, into: &found)
        case (nil, nil): break
        case (_?, nil): found.append(ShapeDifference(path: "$", recorded: "JSON", now: now.isEmpty ? "no body" : "not JSON"))
        case (nil, _?): found.append(ShapeDifference(path: "$", recorded: recorded.isEmpty ? "no body" : "not JSON", now: "JSON"))
        }
        return found
    }

    static func compare(_ old: JSONValue, _ new: JSONValue, at path: String, key: String?,
                        extensions: Set<String>, into found: inout [ShapeDifference]) {
        switch (old, new) {
        case let (.object(a), .object(b)):
            let oldNames = a.map(\.name)
            let newNames = b.map(\.name).filter { oldNames.contains($0) || !extensions.contains($0) }
            for name in oldNames where !newNames.contains(name) {
                found.append(ShapeDifference(path: "\(path).\(name)", recorded: "present", now: "missing"))
            }
            for name in newNames where !oldNames.contains(name) {
                found.append(ShapeDifference(path: "\(path).\(name)", recorded: "absent", now: "an extra field"))
            }
            let common = oldNames.filter(newNames.contains)
            if common != newNames.filter(oldNames.contains) {
                found.append(ShapeDifference(path: path, recorded: "fields in the order \(common.joined(separator: ", "))",
                                             now: newNames.filter(oldNames.contains).joined(separator: ", ")))
            }
            for name in common {
                compare(a.first { $0.name == name }!.value, b.first { $0.name == name }!.value,
                        at: "\(path).\(name)", key: name, extensions: extensions, into: &found)
            }
        case let (.array(a), .array(b)):
            for (index, pair) in zip(a, b).enumerated() {
                compare(pair.0, pair.1, at: "\(path)[\(index)]", key: key, extensions: extensions, into: &found)
            }
        case let (.string(x), .string(y)):
            if let key, enumerated.contains(key) {
                if x != y { found.append(ShapeDifference(path: path, recorded: "\"\(x)\"", now: "\"\(y)\"")) }
                return
            }
            let (f, g) = (Format(x), Format(y))
            if f != g { found.append(ShapeDifference(path: path, recorded: f.description, now: g.description)) }
        default:
            if kind(of: old) != kind(of: new) {
                found.append(ShapeDifference(path: path, recorded: kind(of: old), now: kind(of: new)))
            }
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// What a string looks like, for values compared by format.
    public enum Format: Equatable, CustomStringConvertible {
        case uuid, tronAddress, hash, timestamp, digits
        case decimal(scale: Int)
        case text

        public init(_ text: String) {
            let bytes = Array(text.utf8)
            func all(_ test: (UInt8) -> Bool) -> Bool { !bytes.isEmpty && bytes.allSatisfy(test) }
            let hex: (UInt8) -> Bool = { (48...57).contains($0) || (97...102).contains($0) }
            if bytes.count == 36, [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }),
               bytes.enumerated().allSatisfy({ [8, 13, 18, 23].contains($0.offset) || hex($0.element) }) {
                self = .uuid
            } else if bytes.count == 64, all(hex) {
                self = .hash
            } else if bytes.count == 34, bytes[0] == UInt8(ascii: "T"), (try? TronAddress.validate(text)) != nil {
                self = .tronAddress
            } else if Timestamp(text) != nil {
                self = .timestamp
            } else if all({ (48...57).contains($0) }) {
                self = .digits
            } else if let point = bytes.firstIndex(of: UInt8(ascii: ".")), FixedDecimal.parse(text) != nil {
                self = .decimal(scale: bytes.count - point - 1)
            } else {
                self = .text
            }
        }

        public var description: String {
            switch self {
            case .uuid: "a UUID"
            case .tronAddress: "a Tron address"
            case .hash: "a 64-hex hash"
            case .timestamp: "a timestamp"
            case .digits: "a number as text"
            case let .decimal(scale): "a decimal with \(scale) place\(scale == 1 ? "" : "s")"
            case .text: "text"
            }
        }
    }
}

/// Which value now stands for which recorded one: ids, addresses and hashes an answer handed out,
/// learned by walking a recorded answer and the new one side by side, and put back into the
/// requests that follow (their paths and their JSON bodies).
public struct Correlation: Sendable {
    public private(set) var replacements: [String: String] = [:]

    public init() {}

    public mutating func learn(recorded: [UInt8], now: [UInt8]) {
        guard let old = try? JSONValue.parse(recorded), let new = try? JSONValue.parse(now) else { return }
        learn(old, new)
    }

    private mutating func learn(_ old: JSONValue, _ new: JSONValue) {
        switch (old, new) {
        case let (.object(a), .object(b)):
            for field in a {
                if let other = b.first(where: { $0.name == field.name }) { learn(field.value, other.value) }
            }
        case let (.array(a), .array(b)):
            for pair in zip(a, b) { learn(pair.0, pair.1) }
        case let (.string(x), .string(y)) where x != y:
            switch ShapeDiff.Format(x) {
            case .uuid, .tronAddress, .hash, .digits:
                if replacements[x] == nil { replacements[x] = y }
            default: break
            }
        default: break
        }
    }

    /// A path with every recorded id among its segments replaced.
    public func path(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            let text = String(segment)
            guard let decoded = PathEncoding.decode(text), let new = replacements[decoded] else { return text }
            return PathEncoding.encode(new)
        }.joined(separator: "/")
    }

    /// A JSON body with every string value that is a recorded id replaced; other bodies as they are.
    public func body(_ bytes: [UInt8]) -> [UInt8] {
        guard !replacements.isEmpty, let json = try? JSONValue.parse(bytes) else { return bytes }
        var out: [UInt8] = []
        replaced(json).write(to: &out)
        return out
    }

    private func replaced(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .string(text): .string(replacements[text] ?? text)
        case let .array(items): .array(items.map(replaced))
        case let .object(fields): .object(fields.map { JSONField($0.name, replaced($0.value)) })
        default: value
        }
    }
}
