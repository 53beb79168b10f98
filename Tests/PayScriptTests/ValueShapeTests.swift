// ValueShape's table against what scripts really see: every command runs on a fresh embedded
// sandbox, and each variable's value must have the shape the editor infers for it without
// running, field by field and in order (optional fields may be missing, nothing may be extra).
import PayClient
import PayScriptSyntax
import Testing
@testable import PayScript

struct ValueShapeTests {
    static let script = """
        let o = order 1 TRX external "SHAPE-1"
        let plain = order 2 TRX
        let t = pay o
        let done = wait o completed
        let back = get order o.id
        let tx = get transaction t.id
        let inside = o.transactions
        let r = refund half of done
        let w = withdraw 1 TRX to "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"
        let s = send 1 TRX from "TKrzGg5YHerPLypmVq5pb525oDe451mbtM" to "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"
        let every = integrations
        let one = integration "test"
        let a = assets
        let rt = rates 10 EUR
        let held = balance TRX
        let later = advance 1m
        let rec = {amount: 1 TRX, ref: "A", tags: [1, 2]}
        let size = len(a)
        let id = uuid()
        """

    @Test func everyCommandGivesTheShapeAnEditorInfers() async throws {
        let file = SourceFile(path: "shapes.pay", text: ValueShapeTests.script)
        let (program, errors) = ScriptLoader.parse(file)
        try #require(errors.isEmpty)
        let interpreter = Interpreter(session: .embedded(), file: file) { _ in }
        try await interpreter.run(program)

        var inferred: [String: ValueShape] = [:]
        var checked = 0
        for statement in program.statements {
            guard case let .let(name, expr) = statement.kind else { continue }
            let shape = ValueShape.infer(expr) { inferred[$0] ?? ($0 == "it" ? .order : .unknown) }
            inferred[name] = shape
            let value = try #require(interpreter.global(name))
            #expect(ValueShapeTests.mismatch(shape, value, at: name) == nil)
            checked += 1
        }
        #expect(checked == 19)
        #expect(inferred["o"]?.description == "order")
        #expect(inferred["inside"]?.description == "list of transaction")
        #expect(inferred["r"]?.description == "refund")
        #expect(inferred["s"]?.description == "send")
        #expect(inferred["rec"]?.description == "record {amount, ref, tags}")
        #expect(inferred["rt"]?.description == "list of rate")
    }

    @Test func aChangedTableIsCaught() {
        // The check itself can fail: an order missing a field the shape requires.
        let value = Value.record(Record([("id", .string("x"))]))
        #expect(ValueShapeTests.mismatch(.integration, value, at: "i") == "i: has no name")
        #expect(ValueShapeTests.mismatch(.simple("amount"), .string("1"), at: "a") == "a: a string, not amount")
    }

    /// Where `value` differs from `shape`, or nil.
    static func mismatch(_ shape: ValueShape, _ value: Value, at path: String) -> String? {
        switch (shape, value) {
        case (.unknown, _): return nil
        case let (.simple(type), value): return value.typeName == type ? nil : "\(path): a \(value.typeName), not \(type)"
        case let (.list(element), .list(items)):
            for (index, item) in items.enumerated() {
                if let problem = mismatch(element, item, at: "\(path)[\(index)]") { return problem }
            }
            return nil
        case let (.record(name, fields), .record(record)):
            // A record named by the API lists every field; the balances (by asset id) list none.
            if name == "balances" { return nil }
            let present = fields.filter { !$0.optional || record[$0.name] != nil }
            for field in present {
                guard let inner = record[field.name] else { return "\(path): has no \(field.name)" }
                if let problem = mismatch(field.shape, inner, at: "\(path).\(field.name)") { return problem }
            }
            if record.keys != present.map(\.name) {
                return "\(path): fields \(record.keys), the shape says \(present.map(\.name))"
            }
            return nil
        default:
            return "\(path): a \(value.typeName), not \(shape.description)"
        }
    }
}
