// JSON encoding and decoding shared by the client and the sandbox, with decoding errors that point
// at the exact place in the document.
import Foundation

public enum JSONCoding {
    /// JSON with object fields in declaration order (see OrderedJSONEncoder).
    public static func encode(_ value: some Encodable) -> [UInt8] {
        // Every type the project encodes is plain data; failing here is a programming error
        // the tests would show, so an empty object is a safe answer rather than a trap.
        (try? OrderedJSONEncoder.encode(value)) ?? Array("{}".utf8)
    }

    /// A decoding failure said in the document's terms: `$.transactions[0].primaryAmount.amount`.
    public struct Failure: Error, Sendable, Equatable {
        public var jsonPath: String
        public var found: String
        public var reason: String
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(Failure) -> T {
        try decodeDocument(type, from: bytes).value
    }

    /// Parses `bytes` once (with the order-keeping reader) and decodes the model from that
    /// parse: the model and the document it came from.
    public static func decodeDocument<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(Failure) -> (value: T, document: JSONValue) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw Failure(jsonPath: "$", found: preview(bytes), reason: error.reason == "nested more than \(JSONValue.maxDepth) levels"
                          ? error.reason : "not valid JSON")
        }
        do {
            return (try JSONValueDecoder.decode(type, from: document, path: []), document)
        } catch let error as DecodingError {
            throw describe(error, in: bytes)
        } catch {
            throw Failure(jsonPath: "$", found: preview(bytes), reason: "\(error)")
        }
    }

    static func describe(_ error: DecodingError, in bytes: [UInt8]) -> Failure {
        let root = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        switch error {
        case let .keyNotFound(key, context):
            let path = context.codingPath + [key]
            return Failure(jsonPath: render(path), found: "nothing", reason: "required field is missing")
        case let .valueNotFound(type, context):
            return Failure(jsonPath: render(context.codingPath), found: "null", reason: "expected \(type)")
        case let .typeMismatch(type, context):
            return Failure(jsonPath: render(context.codingPath), found: value(at: context.codingPath, in: root),
                           reason: "expected \(type)")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty && root == nil {
                return Failure(jsonPath: "$", found: preview(bytes), reason: "not valid JSON")
            }
            return Failure(jsonPath: render(context.codingPath), found: value(at: context.codingPath, in: root),
                           reason: context.debugDescription)
        @unknown default:
            return Failure(jsonPath: "$", found: preview(bytes), reason: "\(error)")
        }
    }

    static func render(_ path: [any CodingKey]) -> String {
        path.reduce("$") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text + "." + key.stringValue
        }
    }

    static func value(at path: [any CodingKey], in root: Any?) -> String {
        var node = root
        for key in path {
            if let index = key.intValue, let array = node as? [Any], index < array.count {
                node = array[index]
            } else if let object = node as? [String: Any] {
                node = object[key.stringValue]
            } else {
                return "nothing"
            }
        }
        guard let node else { return "nothing" }
        if node is NSNull { return "null" }
        if let text = node as? String { return "\"\(text)\"" }
        if JSONSerialization.isValidJSONObject(node),
           let data = try? JSONSerialization.data(withJSONObject: node, options: [.sortedKeys]) {
            return String(decoding: data.prefix(120), as: UTF8.self)
        }
        return "\(node)"
    }

    static func preview(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self)
        return text.isEmpty ? "an empty body" : "\"\(text)\""
    }
}
