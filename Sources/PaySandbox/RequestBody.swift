// Reads a JSON request body field by field, collecting every field's complaint for one 422 answer.
import Foundation
import PayClient

struct RequestBody {
    /// The body's fields, parsed by the client's JSON reader, which keeps `true`, `1` and `1.5`
    /// apart. A field named twice is refused: which one counts would be a guess.
    private let object: [String: JSONValue]
    private(set) var errors: [String: [String]] = [:]

    init(_ bytes: [UInt8]) throws(Refusal) {
        guard !bytes.isEmpty else { throw .badRequest("the request needs a JSON object body") }
        // JSON is UTF-8 (RFC 8259): a bad byte would otherwise be stored as U+FFFD, or drop the
        // field whose name holds it.
        if let offset = RequestBody.firstInvalidUTF8(bytes) {
            throw .badRequest("the body is not valid UTF-8: a bad byte at byte \(offset)")
        }
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(bytes)
        } catch {
            throw .badRequest("the body is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        guard case let .object(fields) = parsed else { throw .badRequest("the body must be a JSON object") }
        var object: [String: JSONValue] = [:]
        for field in fields {
            guard object.updateValue(field.value, forKey: field.name) == nil else {
                throw .badRequest("the body names the field \(field.name) twice")
            }
        }
        self.object = object
    }

    /// Where the first byte that is not part of valid UTF-8 stands, or nil when all of it is.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        // ASCII bodies, nearly all of them, need no decoding.
        guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    mutating func complain(_ field: String, _ message: String) {
        errors[field, default: []].append(message)
    }

    /// A required string field; records "is required" or "must be a string" and returns nil.
    private func present(_ field: String) -> JSONValue? {
        if case .null? = object[field] { return nil }
        return object[field]
    }

    mutating func string(_ field: String) -> String? {
        guard let value = present(field) else {
            complain(field, "is required")
            return nil
        }
        guard case let .string(text) = value else {
            complain(field, "must be a string")
            return nil
        }
        return text
    }

    mutating func optionalString(_ field: String) -> String? {
        guard present(field) != nil else { return nil }
        return string(field)
    }

    /// A whole number field (a JSON number without a fraction).
    mutating func integer(_ field: String) -> Int64? {
        guard let value = present(field) else {
            complain(field, "is required")
            return nil
        }
        guard case let .number(text) = value, let whole = Int64(text) else {
            complain(field, "must be a whole number")
            return nil
        }
        return whole
    }

    mutating func optionalInteger(_ field: String) -> Int64? {
        guard present(field) != nil else { return nil }
        return integer(field)
    }

    /// A positive decimal string with at most `precision` fraction digits (when the precision is known).
    mutating func amount(_ field: String, precision: Int?, unit: String?) -> FixedDecimal? {
        guard let text = string(field) else { return nil }
        guard let number = FixedDecimal.parse(text) else {
            complain(field, "must be a decimal string like \"1.5\", got \"\(text)\"")
            return nil
        }
        guard number.signum > 0 else {
            complain(field, "must be greater than zero")
            return nil
        }
        guard RequestBody.withinLimits(number) else {
            complain(field, "has more than \(SandboxCatalog.maxIntegerDigits) integer digits")
            return nil
        }
        if let precision, number.isFiner(than: precision) {
            complain(field, "has more than \(precision) decimal places\(unit.map { " for \($0)" } ?? "")")
            return nil
        }
        return number
    }

    /// At most `SandboxCatalog.maxIntegerDigits` digits before the point.
    static func withinLimits(_ number: FixedDecimal) -> Bool { number.magnitude < amountCeiling }

    /// 10^21: the first amount with 22 integer digits.
    private static let amountCeiling = FixedDecimal("1" + String(repeating: "0", count: SandboxCatalog.maxIntegerDigits))!

    mutating func address(_ field: String) -> String? {
        guard let text = string(field) else { return nil }
        do {
            try TronAddress.validate(text)
            return text
        } catch {
            complain(field, "is not a valid Tron address: \(error)")
            return nil
        }
    }

    /// Throws the collected complaints, if any.
    func check() throws(Refusal) {
        if !errors.isEmpty { throw .validation(errors) }
    }
}
