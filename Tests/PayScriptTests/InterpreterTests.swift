// Values, money arithmetic, scoping, functions and `it`, run on a fresh embedded sandbox.
import Foundation
import PayClient
import PaySandbox
import Testing
@testable import PayScript

extension GatewaySession {
    /// A fresh in-process sandbox, as `pay run` uses without --api.
    static func embedded(seed: UInt64 = 1) -> GatewaySession {
        let sandbox = Sandbox(config: SandboxConfig(seed: seed))
        return GatewaySession(client: PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil), isSandbox: true)
    }
}

/// Runs a script and collects what it printed, or the first diagnostic it stopped with.
final class ScriptRun {
    var lines: [String] = []
    var error: ScriptError?

    static func of(_ text: String, file: String = "test.pay") async -> ScriptRun {
        let run = ScriptRun()
        let source = SourceFile(path: file, text: text)
        let (program, diagnostics) = ScriptLoader.parse(source)
        if !diagnostics.isEmpty {
            run.error = ScriptError(.syntax, diagnostics)
            return run
        }
        let interpreter = Interpreter(session: .embedded(), file: source) { run.lines.append($0) }
        do {
            try await interpreter.run(program)
        } catch {
            run.error = error
        }
        return run
    }

    var message: String? { error?.diagnostics.first?.message }
    var location: String? { error?.diagnostics.first.map { "\($0.range.start)" } }
}

struct InterpreterTests {
    @Test func printsValuesAsLiterals() async {
        let run = await ScriptRun.of("""
            print 1.50
            print 0.995 TRX
            print 2 EUR
            print 90s
            print 25%
            print [1, "a", null, true]
            print "x={1 + 1}"
            """)
        #expect(run.error == nil)
        #expect(run.lines == ["1.5", "0.995000 TRX", "2.00 EUR", "1m 30s", "25%", #"[1, "a", null, true]"#, "x=2"])
    }

    @Test func moneyArithmeticRoundsHalfToEven() async {
        let run = await ScriptRun.of("""
            print 0.995 TRX * 0.5
            print 0.000005 TRX / 2
            print 0.000015 TRX * 50%
            print 1 TRX + 0.000001 TRX
            print 10 EUR / 3
            print 3 TRX / 1.5 TRX
            """)
        #expect(run.lines == ["0.497500 TRX", "0.000002 TRX", "0.000008 TRX", "1.000001 TRX", "3.33 EUR", "2"])
    }

    @Test func currenciesNeverMix() async {
        let run = await ScriptRun.of("let a = 1 TRX\nlet b = a + 1 EUR")
        #expect(run.message == "cannot mix TRX and EUR: convert one first")
        #expect(run.location == "2:9")
        #expect(run.error?.kind == .runtime)
    }

    @Test func anAssetIdAndItsCurrencyCodeAreTheSameMoney() async {
        let run = await ScriptRun.of("""
            let o = order 2 USDT_TRC20
            pay o
            wait o completed
            expect o.totalAmount == 1.99 USDT_TRC20
            print o.totalAmount
            """)
        #expect(run.error == nil, "\(run.error?.rendered ?? "")")
        #expect(run.lines == ["1.990000 USDT"])
    }

    @Test func anAmountIsNeverComparedWithABareNumber() async {
        let run = await ScriptRun.of("expect 1 TRX > 0")
        #expect(run.message == "cannot compare an amount with a bare number: write the currency, like 0.995 TRX")
    }

    @Test func overPreciseLiteralsAreRefused() async {
        let run = await ScriptRun.of("let x = 0.0000001 TRX")
        #expect(run.message == "TRX has 6 decimal places; 0.0000001 has 7")
    }

    @Test func blocksScopeTheirLets() async {
        let run = await ScriptRun.of("""
            let x = 1
            if true {
              let x = 2
              let y = 3
              x = x + 10
              print x
            }
            print x
            print y
            """)
        #expect(run.lines == ["12", "1"])
        #expect(run.message == "'y' is not defined")
        #expect(run.location == "9:7")
    }

    @Test func functionsCloseOverTheirScopeAndReturn() async {
        let run = await ScriptRun.of("""
            let rate = 2%
            def fee(amount) {
              if amount < 1 TRX { return 0 TRX }
              return amount * rate
            }
            print fee(10 TRX)
            print fee(0.5 TRX)
            print fee(1 TRX, 2)
            """)
        #expect(run.lines == ["0.200000 TRX", "0.000000 TRX"])
        #expect(run.message == "fee takes 1 argument(s), got 2")
    }

    @Test func loopsAndRepeat() async {
        let run = await ScriptRun.of("""
            let total = 0 TRX
            for a in [1 TRX, 2 TRX, 3.5 TRX] { total = total + a }
            let n = 0
            repeat 3 { n = n + 1 }
            print total
            print n
            print sum([1, 2, 3])
            print len("abc")
            """)
        #expect(run.lines == ["6.500000 TRX", "3", "6", "3"])
    }

    @Test func itFollowsTheLastOrder() async {
        let run = await ScriptRun.of("""
            let first = order 1 TRX
            let second = order 2 TRX
            expect it.id == second.id
            pay 1 TRX to first
            wait first completed
            expect it.id == first.id
            refund half
            expect it.kind == "refund"
            expect it.refundOf == first.id
            print it.primaryAmount
            """)
        #expect(run.error == nil, "\(run.error?.rendered ?? "")")
        #expect(run.lines == ["0.497500 TRX"])
    }

    @Test func waitRebindsItsVariableAndFailsOnAnUnexpectedEnd() async {
        let run = await ScriptRun.of("""
            let o = order 1 TRX
            let before = o
            pay o
            wait o completed within 5m
            print before.status
            print o.status
            let late = order 1 TRX
            wait late completed within 1h
            """)
        #expect(run.lines == ["inProgress", "completed"])
        #expect(run.message?.hasSuffix("is expired, not completed (it will not change again)") == true)
        #expect(run.location == "8:1")
    }

    @Test func waitGivesUpAtItsDeadline() async {
        let run = await ScriptRun.of("let o = order 1 TRX\nwait o completed within 10m")
        #expect(run.message?.hasSuffix("is still inProgress after 10m; waited for completed") == true)
    }

    @Test func expectationFailuresShowBothSides() async {
        let run = await ScriptRun.of("let a = 1 TRX\nexpect a * 2 == 3 TRX else \"doubling\"")
        #expect(run.error?.kind == .expectation)
        #expect(run.message == "expectation failed: doubling")
        #expect(run.error?.diagnostics.first?.notes == ["  expected: a * 2 == 3 TRX", "  left:  2.000000 TRX", "  right: 3.000000 TRX"])
    }

    @Test func apiRefusalsNameTheStatementAndTheReason() async {
        let run = await ScriptRun.of("let o = order 1 TRX\npay o\nwait o completed\n\nrefund 2 TRX of o")
        #expect(run.error?.kind == .runtime)
        #expect(run.location == "5:1")
        #expect(run.message == "POST /orders/outgoing/refund was refused (422): Validation failed: amount: exceeds the refundable remainder of 0.995000 TRX")
    }

    @Test func refundingAnUnpaidOrderSaysSo() async {
        let run = await ScriptRun.of("let o = order 1 TRX\nrefund half of o")
        #expect(run.message?.hasSuffix("has no completed payment to refund (status: inProgress)") == true)
    }

    @Test func variablesFromTheCommandLine() async {
        let source = SourceFile(path: "v.pay", text: "print amount * count\nprint name")
        let (program, _) = ScriptLoader.parse(source)
        var lines: [String] = []
        let interpreter = Interpreter(session: .embedded(), file: source) { lines.append($0) }
        #expect(await interpreter.defineVariable("amount", literal: "2.5 TRX") == nil)
        #expect(await interpreter.defineVariable("count", literal: "3") == nil)
        #expect(await interpreter.defineVariable("name", literal: "ACME shop") == nil)
        #expect(await interpreter.defineVariable("bad name", literal: "x") == "--var name 'bad name' is not a valid variable name")
        #expect(await interpreter.defineVariable("fine", literal: "0.0000001 TRX")
                == "--var fine=0.0000001 TRX: TRX has 6 decimal places; 0.0000001 has 7")
        #expect(await interpreter.defineVariable("lower", literal: "5 trx") == "--var lower=5 trx: currency codes are upper case: write 5 TRX")
        try? await interpreter.run(program)
        #expect(lines == ["7.500000 TRX", "ACME shop"])
    }
}

extension InterpreterTests {
    /// What a run fetched is kept only until it changes something: a loop over many orders keeps
    /// the cards of the last change's aftermath, not one per order.
    @Test func aRunKeepsNoStaleCards() async throws {
        let source = SourceFile(path: "cards.pay", text: """
            repeat 50 {
              let o = order 1 TRX
              let again = get order o.id
              let t = get transaction 705
            }
            """)
        let (program, diagnostics) = ScriptLoader.parse(source)
        try #require(diagnostics.isEmpty)
        let interpreter = Interpreter(session: .embedded(), file: source) { _ in }
        try await interpreter.run(program)
        // The last order, fetched after its POST, and transaction 705, fetched after that.
        #expect(interpreter.context.orders.count == 1)
        #expect(interpreter.context.transactions.keys.sorted() == ["705"])
        #expect(interpreter.context.statuses.count == 1)
    }
}
