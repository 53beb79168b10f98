// The explorer's model of a walk: the actions it draws carry exact amounts, and an amount the
// arithmetic cannot hold ends the walk with an error instead of a stand-in value (issue 31: its
// `*` and `/` returned the left operand on overflow, so a payment of 1.5 times the largest TRX
// amount was drawn as the amount itself).
import PayDecimal
import PayClient
@testable import PayRunner
import Testing

struct ExplorerModelTests {
    @Test func aPartPaymentIsAnExactFractionOrAnError() throws {
        let largest = FixedDecimal("99999999999999999999999999999999.999999")!
        // A tenth to one and a half of it: up to the whole fits in 38 digits, more does not.
        let fitting = try Set((1...10).map { try largest.multiplied(by: FixedDecimal(coefficient: Int128($0), scale: 1)!, roundedTo: 6).description })
        var drawn: Set<String> = []
        var refused = 0
        for seed in UInt64(0)..<400 {
            var model = Model()
            model.orders[1] = Model.Order(asset: "TRX", amount: largest)
            model.next = 2
            var random = SplitMix64(seed: seed)
            do throws(DecimalError) {
                if case let .payPart(_, amount, _) = try model.draw(&random, outgoing: false, sandbox: true) { drawn.insert(amount) }
            } catch {
                #expect(error == .tooManyDigits)
                refused += 1
            }
        }
        #expect(refused > 0)
        #expect(drawn.count >= 5)
        #expect(drawn.isSubset(of: fitting), "\(drawn.subtracting(fitting))")
    }
}
