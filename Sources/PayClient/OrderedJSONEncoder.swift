// Encodes `Encodable` values to JSON with object fields in the order they are encoded, which for
// synthesized conformances is declaration order: the sandbox answers with the API's documented
// field order, as a real gateway does. (Foundation's JSONEncoder on Linux orders fields by hash
// unless told to sort them.) Optional fields that are nil are left out, as JSONEncoder does.

enum OrderedJSONEncoder {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = Slot()
        try encodeValue(value, into: root, path: [])
        var out: [UInt8] = []
        out.reserveCapacity(512)
        root.write(to: &out)
        return out
    }

    /// Where one value goes; containers fill it in as the value encodes itself.
    final class Slot {
        var value: JSONValue?
        var fields: [(String, Slot)]?
        var items: [Slot]?

        /// Writes the value as compact JSON, straight from the slots (no tree of JSONValues
        /// in between: building one cost as much again as the encoding).
        func write(to out: inout [UInt8]) {
            if let fields {
                out.append(UInt8(ascii: "{"))
                for (index, field) in fields.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.writeString(field.0, to: &out)
                    out.append(UInt8(ascii: ":"))
                    field.1.write(to: &out)
                }
                out.append(UInt8(ascii: "}"))
            } else if let items {
                out.append(UInt8(ascii: "["))
                for (index, item) in items.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    item.write(to: &out)
                }
                out.append(UInt8(ascii: "]"))
            } else {
                (value ?? .null).write(to: &out)
            }
        }
    }

    static func encodeValue<T: Encodable>(_ value: T, into slot: Slot, path: [any CodingKey]) throws {
        // Plain values by their static type: comparing metatypes is cheap, where a failed `as?`
        // cast of every record and amount to each plain type was a tenth of the encoding.
        if T.self == String.self { slot.value = .string(value as! String) }
        else if T.self == Bool.self { slot.value = .bool(value as! Bool) }
        else if T.self == Int.self { slot.value = .number(String(value as! Int)) }
        else if T.self == Int64.self { slot.value = .number(String(value as! Int64)) }
        else if T.self == UInt64.self { slot.value = .number(String(value as! UInt64)) }
        else if T.self == Int32.self { slot.value = .number(String(value as! Int32)) }
        else if T.self == UInt32.self { slot.value = .number(String(value as! UInt32)) }
        else if T.self == UInt.self { slot.value = .number(String(value as! UInt)) }
        else if T.self == Double.self {
            let number = value as! Double
            guard number.isFinite else {
                throw EncodingError.invalidValue(number, .init(codingPath: path, debugDescription: "not a finite number"))
            }
            slot.value = .number(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        } else {
            try value.encode(to: TreeEncoder(slot: slot, codingPath: path))
        }
    }

    struct TreeEncoder: Encoder {
        let slot: Slot
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if slot.fields == nil { slot.fields = [] }
            return KeyedEncodingContainer(Keyed<Key>(slot: slot, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if slot.items == nil { slot.items = [] }
            return Unkeyed(slot: slot, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(slot: slot, codingPath: codingPath)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        let codingPath: [any CodingKey]

        /// Each key is encoded once by the models here, so fields are appended without a search.
        private func child(_ key: Key) -> Slot {
            let child = Slot()
            slot.fields?.append((key.stringValue, child))
            return child
        }

        mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }

        // The synthesized conformances call these directly for plain fields, skipping the
        // generic path's dynamic casts: the sandbox encodes every answer through here.
        mutating func encode(_ value: String, forKey key: Key) throws { child(key).value = .string(value) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).value = .bool(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { child(key).value = .number(String(value)) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).value = .number(String(value)) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { child(key).value = .number(String(value)) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try OrderedJSONEncoder.encodeValue(value, into: child(key), path: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(slot: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(slot: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            TreeEncoder(slot: child(Key(stringValue: "super")!), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TreeEncoder(slot: child(key), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]
        var count: Int { slot.items?.count ?? 0 }

        private func next() -> Slot {
            let child = Slot()
            slot.items?.append(child)
            return child
        }

        mutating func encodeNil() throws { next().value = .null }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try OrderedJSONEncoder.encodeValue(value, into: next(), path: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(slot: next(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(slot: next(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { TreeEncoder(slot: next(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { slot.value = .null }
        mutating func encode(_ value: String) throws { slot.value = .string(value) }
        mutating func encode(_ value: Bool) throws { slot.value = .bool(value) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try OrderedJSONEncoder.encodeValue(value, into: slot, path: codingPath)
        }
    }
}

extension JSONValue {
    /// The value as compact JSON text, numbers exactly as they came.
    public var jsonText: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Compact JSON text; strings escaped as RFC 8259 requires, `/` left alone.
    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .number(text): out.append(contentsOf: text.utf8)
        case let .string(text): JSONValue.writeString(text, to: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(fields):
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                field.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string literal, quotes included: the one escaping rule for everything
    /// `pay` writes as JSON (answers, reports).
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        writeString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Ids, codes, addresses and amounts need no escape: copied whole rather than byte by byte.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
