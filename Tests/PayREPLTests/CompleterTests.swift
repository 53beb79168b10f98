// Tab completion's choices, from a line and the values bound, without a terminal.
import Foundation
import PayClient
import Testing
@testable import PayREPL
@testable import PayScript

struct CompleterTests {
    static var order: Value { .record(Record([
        ("id", .string("o-1")), ("status", .string("completed")),
        ("totalAmount", .amount(Amount(FixedDecimal("0.995")!, "TRX"))),
        ("transactions", .list([.record(Record([("id", .string("705")), ("hash", .string("36c8")), ("status", .string("completed"))]))])),
    ])) }

    static var completer: Completer { Completer(
        names: { ["o", "orders", "fee"] }, value: { $0 == "o" ? order : nil }, lastOrder: { order },
        units: { ["TRX", "USDT", "USDT_TRC20", "EUR"] },
        directory: FileManager.default.temporaryDirectory.path) }

    func complete(_ line: String) -> [String] {
        let word = String(line.reversed().prefix { !" \t\"(,+-*".contains($0) }.reversed())
        return Self.completer.complete(line: line, word: word)
    }

    @Test func fieldsComeFromTheValue() {
        #expect(complete("o.t") == ["o.totalAmount", "o.transactions"])
        #expect(complete("print o.transactions[0].h") == ["o.transactions[0].hash"])
        #expect(complete("it.st") == ["it.status"])
        #expect(complete("o.transactions[3].") == [])
        #expect(complete("nothing.") == [])
    }

    @Test func keywordsNamesAndBuiltins() {
        #expect(complete("or") == ["or", "order", "orders"])
        #expect(complete("let x = su") == ["sum"])
        #expect(complete("re") == ["refresh", "refund", "repeat", "return"])
        // `cases` is no keyword (a name elsewhere), but Tab offers it, as :help lists it.
        #expect(complete("ca") == ["cases"])
        // `every` is wait's clause only: not offered as a word on its own.
        #expect(complete("ev") == [])
    }

    @Test func unitsAfterANumberAndStatusesAfterWait() {
        #expect(complete("order 1 US") == ["USDT", "USDT_TRC20"])
        #expect(complete("wait ") == Commands.statusWords)
        #expect(complete("wait o co") == ["completed"])
        #expect(complete("wait o completed, ex") == ["expired"])
        #expect(complete("wait o completed ") != Commands.statusWords)
        // After `get`, its forms from the command table; `rate` is no keyword, yet offered here.
        #expect(complete("let r = get ") == ["order", "transaction", "rate"])
        #expect(complete("get r") == ["rate"])
    }

    @Test func metaCommandsAtTheStart() {
        #expect(complete(":s") == [":save"])
        #expect(complete(":") == [":help", ":vars", ":env", ":last", ":curl", ":save", ":load", ":reset", ":quit"])
    }

    @Test func filesInsideUse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("lib"), withIntermediateDirectories: true)
        for name in ["lib/payments.pay", "lib/notes.txt", "main.pay"] {
            try "".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let completer = Completer(names: { [] }, value: { _ in nil }, lastOrder: { nil }, units: { [] }, directory: directory.path)
        #expect(completer.complete(line: "use \"", word: "") == ["lib/", "main.pay"])
        #expect(completer.complete(line: "use \"lib/p", word: "lib/p") == ["lib/payments.pay"])
        #expect(completer.complete(line: "use \"lib/", word: "lib/") == ["lib/payments.pay"])
    }

    @Test func helpListsEveryCommandFromTheSpecTable() {
        let overview = Help.overview
        for spec in Commands.all { #expect(overview.contains(spec.usage), "\(spec.name)") }
        #expect(Help.text(for: "refund") == """
            refund [half|all|AMOUNT|PERCENT] [of ORDER] [to ADDRESS]
              refund an order (all that is left, by default) to its payer; binds the refund
              Sends money: on a live gateway it asks y/N at the prompt first (or needs --allow-outgoing
              without a terminal), and counts against --max-outgoing.
              Optional clauses, in any order: of ORDER, to ADDRESS.
            """)
        #expect(Help.text(for: "nope") == "no command 'nope'; :help lists them")
        #expect(overview.contains("Statements: let, if/else, for, cases, repeat, def/return, use, expect, expect refused, fail, print, show, sleep."))
    }
}
