// The command table and what runs it: every entry has exactly one run function, and the guards
// the table names hold at the dispatch, for whatever command carries the flag.
import Testing
@testable import PayScript

struct CommandTableTests {
    @Test func everyEntryHasOneRunFunctionAndNothingElseDoes() {
        let names = Commands.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Set(Interpreter.runners.keys) == Set(names))
    }

    @Test func theTableSaysWhichCommandsMoveMoneyAndWhichNeedTheSandbox() {
        #expect(Commands.all.filter(\.outgoing).map(\.name) == ["refund", "withdraw", "send"])
        #expect(Commands.all.filter(\.sandboxOnly).map(\.name) == ["pay", "advance", "balance"])
    }
}
