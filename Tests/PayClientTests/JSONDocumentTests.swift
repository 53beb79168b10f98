// The order-keeping JSON reader and writer: field order, exact number text, escapes, and limits.
import Foundation
import Testing
@testable import PayClient

struct JSONDocumentTests {
    func parse(_ text: String) throws(JSONValue.ParseError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func objectsKeepTheirFieldOrderAndNumbersTheirText() throws {
        let value = try parse(#" {"z": 1, "a": [true, null, -0.50, 1e3], "m": {"y": "", "b": false}} "#)
        #expect(value == .object([
            JSONField("z", .number("1")),
            JSONField("a", .array([.bool(true), .null, .number("-0.50"), .number("1e3")])),
            JSONField("m", .object([JSONField("y", .string("")), JSONField("b", .bool(false))])),
        ]))
        #expect(value["m"]?["b"] == .bool(false))
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\ud800x""#) == .string("a\"b\\c/d\n\té😀\u{FFFD}x"))
    }

    /// Every escape, with multi-byte text between them, and a long string of many escapes (the
    /// reader gathers bytes in one buffer; it once appended piece by piece, quadratic in escapes).
    @Test func everyEscapeAndTextBetweenThem() throws {
        #expect(try parse(#""é\b€\f→\r\u0041ü\"""#) == .string("é\u{08}€\u{0C}→\rAü\""))
        let lines = String(repeating: #"let o = order 1 TRX\n"#, count: 20_000)
        #expect(try parse("\"" + lines + "\"") == .string(String(repeating: "let o = order 1 TRX\n", count: 20_000)))
    }

    @Test func malformedDocumentsSayWhere() {
        let cases: [(String, Int, String)] = [
            (#"{"a" 1}"#, 5, "':' expected"),
            ("[1,]", 3, "unexpected character"),
            ("01", 2, "leading zero in a number"),
            (#""abc"#, 4, "unterminated string"),
            ("[1] 2", 4, "text after the document"),
            ("\"a\u{01}\"", 2, "control character in a string"),
            ("", 0, "unexpected end"),
        ]
        for (text, offset, reason) in cases {
            #expect(throws: JSONValue.ParseError(offset: offset, reason: reason), "\(text)") { try parse(text) }
        }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "[", count: 201) + String(repeating: "]", count: 201)
        #expect(throws: JSONValue.ParseError(offset: 200, reason: "nested more than 200 levels")) { try parse(deep) }
        let fits = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try parse(fits) != .null)
    }

    struct Sample: Encodable {
        var zeta = "z\u{01}\"é"
        var alpha: Int? = nil
        var amount = Amount(FixedDecimal("0.50")!, "EUR")
        var list = [1.5, 2]
    }

    @Test func encodingKeepsDeclarationOrderAndLeavesOutNil() throws {
        let bytes = JSONCoding.encode(Sample())
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"zeta":"z\u0001\"é","amount":{"amount":"0.50","currency":"EUR"},"list":[1.5,2]}"#)
        #expect(try JSONValue.parse(bytes)["amount"]?["amount"] == .string("0.50"))
    }
}
