// How a `cases` loop names its cases (grammar.md): each by its first field; only the cases that
// would share a label widen to all their fields, and only those that still would get a number.
// Issue 31: every case widened as soon as two collided.
import Testing
@testable import PayScript

struct CaseLabelTests {
    static func row(_ pairs: (String, Value)...) -> Value { .record(Record(pairs)) }

    @Test func onlyTheCollidingCasesWiden() {
        let rows = [Self.row(("ref", .string("A")), ("amount", .number(1))), Self.row(("ref", .string("A")), ("amount", .number(2))),
                    Self.row(("ref", .string("B")), ("amount", .number(3)))]
        #expect(CaseLabels.labels(for: rows) == [#"ref="A", amount=1"#, #"ref="A", amount=2"#, #"ref="B""#])
    }

    @Test func onlyTheCasesStillCollidingAreNumbered() {
        let rows = [Self.row(("ref", .string("A")), ("amount", .number(1))), Self.row(("ref", .string("A")), ("amount", .number(1))),
                    Self.row(("ref", .string("B")), ("amount", .number(3)))]
        #expect(CaseLabels.labels(for: rows) == [#"ref="A", amount=1 #1"#, #"ref="A", amount=1 #2"#, #"ref="B""#])
        #expect(CaseLabels.labels(for: [.number(1), .number(2), .number(1)]) == ["1 #1", "2", "1 #3"])
    }
}
