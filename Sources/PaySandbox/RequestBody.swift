// Reads a JSON request body field by field, collecting every field's complaint for one 422 answer.
import Foundation
import PayClient

struct RequestBody {
    private let object: [String: Any]
    private(set) var errors: [String: [String]] = [:]

    init(_ bytes: [UInt8]) throws(Refusal) {
        guard !bytes.isEmpty else { throw .badRequest("the request needs a JSON object body") }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(bytes)) else {
            throw .badRequest("the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw .badRequest("the body must be a JSON object") }
        self.object = object
    }

    mutating func complain(_ field: String, _ message: String) {
        errors[field, default: []].append(message)
    }

    /// A required string field; records "is required" or "must be a string" and returns nil.
    mutating func string(_ field: String) -> String? {
        guard let value = object[field], !(value is NSNull) else {
            complain(field, "is required")
            return nil
        }
        guard let text = value as? String else {
            complain(field, "must be a string")
            return nil
        }
        return text
    }

    mutating func optionalString(_ field: String) -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            complain(field, "must be a string")
            return nil
        }
        return text
    }

    /// A whole number field (JSON number without a fraction).
    mutating func integer(_ field: String) -> Int64? {
        guard let value = object[field], !(value is NSNull) else {
            complain(field, "is required")
            return nil
        }
        guard let number = value as? NSNumber, !(value is Bool), number.doubleValue == number.doubleValue.rounded(),
              let whole = Int64(exactly: number.doubleValue) else {
            complain(field, "must be a whole number")
            return nil
        }
        return whole
    }

    mutating func optionalInteger(_ field: String) -> Int64? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        return integer(field)
    }

    /// A positive decimal string with at most `precision` fraction digits (when the precision is known).
    mutating func amount(_ field: String, precision: Int?, unit: String?) -> FixedDecimal? {
        guard let text = string(field) else { return nil }
        guard let number = FixedDecimal.parse(text) else {
            complain(field, "must be a decimal string like \"1.5\", got \"\(text)\"")
            return nil
        }
        guard number.value > 0 else {
            complain(field, "must be greater than zero")
            return nil
        }
        if let precision, number.isFiner(than: precision) {
            complain(field, "has more than \(precision) decimal places\(unit.map { " for \($0)" } ?? "")")
            return nil
        }
        return number
    }

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
