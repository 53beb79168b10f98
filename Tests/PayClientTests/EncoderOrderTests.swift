// The encoder against the orders of calls that synthesized conformances never make: nested
// containers, a parent moving on, a container asked for twice, values that encode nothing, and
// writing into a container after its parent moved on. (A streaming encoder, which would have to
// refuse the last, was tried and was no faster: BENCHMARKS.md, issue 13, item 4.)
import Testing
@testable import PayClient

private enum Key: String, CodingKey { case a, b, c, rows, `super` }

/// Encodes itself through `body`, so each test states its calls.
private struct Custom: Encodable {
    let body: @Sendable (any Encoder) throws -> Void
    func encode(to encoder: any Encoder) throws { try body(encoder) }
}

private func text(_ body: @escaping @Sendable (any Encoder) throws -> Void) throws -> String {
    String(decoding: try OrderedJSONEncoder.encode(Custom(body: body)), as: UTF8.self)
}

struct EncoderOrderTests {
    @Test func nestedContainersCloseWhenTheParentMovesOn() throws {
        #expect(try text { encoder in
            var outer = encoder.container(keyedBy: Key.self)
            var inner = outer.nestedContainer(keyedBy: Key.self, forKey: .a)
            try inner.encode(1, forKey: .b)
            var rows = outer.nestedUnkeyedContainer(forKey: .rows)
            try rows.encode("x")
            var deeper = rows.nestedUnkeyedContainer()
            try deeper.encode(true)
            try rows.encodeNil()
            try outer.encode("last", forKey: .c)
        } == #"{"a":{"b":1},"rows":["x",[true],null],"c":"last"}"#)
    }

    @Test func aContainerAskedForTwiceIsTheSameOne() throws {
        #expect(try text { encoder in
            var first = encoder.container(keyedBy: Key.self)
            try first.encode(1, forKey: .a)
            var again = encoder.container(keyedBy: Key.self)
            try again.encode(2, forKey: .b)
        } == #"{"a":1,"b":2}"#)
    }

    @Test func valuesThatEncodeNothing() throws {
        #expect(try text { _ in } == "null")
        #expect(try text { encoder in _ = encoder.container(keyedBy: Key.self) } == "{}")
        #expect(try text { encoder in _ = encoder.unkeyedContainer() } == "[]")
        // A super encoder never written to leaves its key null, not dangling.
        #expect(try text { encoder in
            var outer = encoder.container(keyedBy: Key.self)
            _ = outer.superEncoder()
            try outer.encode(3, forKey: .c)
        } == #"{"super":null,"c":3}"#)
        #expect(try text { encoder in
            var outer = encoder.container(keyedBy: Key.self)
            var single = outer.superEncoder(forKey: .a).singleValueContainer()
            try single.encode("s")
        } == #"{"a":"s"}"#)
    }

    @Test func writingIntoANestedContainerAfterItsParentMovedOnLandsInPlace() throws {
        #expect(try text { encoder in
            var outer = encoder.container(keyedBy: Key.self)
            var inner = outer.nestedContainer(keyedBy: Key.self, forKey: .a)
            try outer.encode(2, forKey: .b)
            try inner.encode(1, forKey: .c)
        } == #"{"a":{"c":1},"b":2}"#)
    }

    @Test func anOrderIsWrittenInTheAPIsFieldOrder() throws {
        // Every answer the sandbox gives goes through here (FixtureTests round-trips each model).
        let order = Order(
            id: "o-1", status: .completed,
            createdAt: Timestamp(epochSeconds: 0), updatedAt: Timestamp(epochSeconds: 60),
            transactions: [Transaction(
                id: "t-1", orderId: nil, hash: "h", status: .completed,
                createdAt: Timestamp(epochSeconds: 1), updatedAt: Timestamp(epochSeconds: 2), receiverAddress: "r",
                primaryAmount: Amount(FixedDecimal("1.000000")!, "TRX"), secondaryAmount: Amount(FixedDecimal("0.27")!, "EUR"),
                serviceFeeAmount: Amount(FixedDecimal("0.005000")!, "TRX"), totalAmount: Amount(FixedDecimal("0.995000")!, "TRX"),
                externalId: nil, senderAddress: "s")],
            primaryAmount: Amount(FixedDecimal("1.000000")!, "TRX"), secondaryAmount: Amount(FixedDecimal("0.27")!, "EUR"),
            serviceFeeAmount: Amount(FixedDecimal("0.005000")!, "TRX"), totalAmount: Amount(FixedDecimal("0.995000")!, "TRX"),
            externalId: "A-1")
        let json = String(decoding: try OrderedJSONEncoder.encode(order), as: UTF8.self)
        #expect(json == #"{"id":"o-1","status":"completed","createdAt":"1970-01-01T00:00:00+00:00","updatedAt":"1970-01-01T00:01:00+00:00","transactions":[{"id":"t-1","hash":"h","status":"completed","createdAt":"1970-01-01T00:00:01+00:00","updatedAt":"1970-01-01T00:00:02+00:00","receiverAddress":"r","primaryAmount":{"amount":"1.000000","currency":"TRX"},"secondaryAmount":{"amount":"0.27","currency":"EUR"},"serviceFeeAmount":{"amount":"0.005000","currency":"TRX"},"totalAmount":{"amount":"0.995000","currency":"TRX"},"senderAddress":"s"}],"primaryAmount":{"amount":"1.000000","currency":"TRX"},"secondaryAmount":{"amount":"0.27","currency":"EUR"},"serviceFeeAmount":{"amount":"0.005000","currency":"TRX"},"totalAmount":{"amount":"0.995000","currency":"TRX"},"externalId":"A-1"}"#)
    }
}
