// Decodes `Decodable` models from a parsed JSONValue, so an answer is parsed once, by our own
// order-keeping reader, and both the model and the document come from that one parse. Errors are
// Foundation's DecodingError with the coding path, which JSONCoding turns into `$.a.b[0]` messages.

struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, path: [any CodingKey]) throws -> T {
        switch type {
        case is String.Type:
            guard case let .string(text) = value else { throw mismatch(type, value, path) }
            return text as! T
        case is Bool.Type:
            guard case let .bool(flag) = value else { throw mismatch(type, value, path) }
            return flag as! T
        case is Int.Type: return try integer(Int.self, value, path) as! T
        case is Int64.Type: return try integer(Int64.self, value, path) as! T
        case is Int32.Type: return try integer(Int32.self, value, path) as! T
        case is UInt64.Type: return try integer(UInt64.self, value, path) as! T
        case is UInt32.Type: return try integer(UInt32.self, value, path) as! T
        case is UInt.Type: return try integer(UInt.self, value, path) as! T
        case is Double.Type:
            guard case let .number(text) = value, let number = Double(text) else { throw mismatch(type, value, path) }
            return number as! T
        default:
            return try T(from: JSONValueDecoder(value, codingPath: path))
        }
    }

    private static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> I {
        guard case let .number(text) = value else { throw mismatch(type, value, path) }
        guard let number = I(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(text) is not a whole number that fits \(type)"))
        }
        return number
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "found null"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(fields) = value else { throw JSONValueDecoder.mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(Keyed<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(items) = value else { throw JSONValueDecoder.mismatch([Any].self, value, codingPath) }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath) }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [JSONField]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { fields.compactMap { Key(stringValue: $0.name) } }

        private func field(_ key: Key) -> JSONValue? {
            // Objects here are small: a scan beats building a dictionary. The last duplicate wins,
            // as JSONDecoder does.
            fields.last { $0.name == key.stringValue }?.value
        }

        private func required(_ key: Key) throws -> JSONValue {
            guard let value = field(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
            }
            return value
        }

        func contains(_ key: Key) -> Bool { field(key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try required(key) { return true }
            return false
        }

        // Called directly by the synthesized conformances for plain fields; the coding path is
        // built only when there is an error to describe.
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            guard case let .string(text) = try required(key) else { return try decodeSlowly(type, forKey: key) }
            return text
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            guard case let .bool(flag) = try required(key) else { return try decodeSlowly(type, forKey: key) }
            return flag
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try decodeSlowly(type, forKey: key)
        }

        private func decodeSlowly<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.decode(type, from: try required(key), path: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try JSONValueDecoder(try required(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONValueDecoder(try required(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            JSONValueDecoder(field(Key(stringValue: "super")!) ?? .null, codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONValueDecoder(field(key) ?? .null, codingPath: codingPath + [key])
        }
    }

    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(items: [JSONValue], codingPath: [any CodingKey]) {
            self.items = items
            self.codingPath = codingPath
        }

        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next(_ type: Any.Type) throws -> (JSONValue, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [Index(currentIndex)], debugDescription: "the array has ended"))
            }
            defer { currentIndex += 1 }
            return (items[currentIndex], codingPath + [Index(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, case .null = items[currentIndex] else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, path) = try next(type)
            return try JSONValueDecoder.decode(type, from: value, path: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (value, path) = try next([String: Any].self)
            return try JSONValueDecoder(value, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (value, path) = try next([Any].self)
            return try JSONValueDecoder(value, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (value, path) = try next(Any.self)
            return JSONValueDecoder(value, codingPath: path)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool {
            if case .null = value { return true }
            return false
        }

        func decode(_ type: String.Type) throws -> String {
            guard case let .string(text) = value else { throw JSONValueDecoder.mismatch(type, value, codingPath) }
            return text
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoder.decode(type, from: value, path: codingPath)
        }
    }
}
