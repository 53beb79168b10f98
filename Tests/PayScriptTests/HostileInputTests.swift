// Input meant to break things gets a clear error, never a crash: deep nesting, runaway recursion,
// numbers and durations beyond what can be held exactly, and mangled scripts.
import Foundation
import PayClient
import Testing
@testable import PayScript

struct HostileInputTests {
    @Test func deepNestingIsASyntaxErrorNotAStackOverflow() {
        for text in [String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
                     String(repeating: "pay ", count: 5_000),
                     String(repeating: "-", count: 5_000) + "1",
                     String(repeating: "if true {\n", count: 300) + String(repeating: "}\n", count: 300)] {
            var parser = Parser(text)
            _ = parser.parseProgram()
            #expect(parser.errors.contains { $0.message == "nested more than 100 levels deep" })
        }
    }

    @Test func longChainsAreASyntaxErrorNotAStackOverflow() {
        let sum = "print " + Array(repeating: "1", count: 110_000).joined(separator: "+")
        let elseIfs = "let x = 1\nif x == 0 { print 0 }" + (1..<20_000).map { " else if x == \($0) { print \($0) }" }.joined()
        let fields = "print o" + String(repeating: ".a", count: 50_000)
        for text in [sum, elseIfs, fields] {
            var parser = Parser(text)
            _ = parser.parseProgram()
            #expect(parser.errors.first?.message
                    == "more than 1000 levels deep: split long expressions with let, and long 'else if' chains into a list and a loop")
        }
        // 999 operators in a row are fine, and add up exactly.
        var parser = Parser("print " + Array(repeating: "0.1", count: 1000).joined(separator: "+"))
        _ = parser.parseProgram()
        #expect(parser.errors.isEmpty)
    }

    @Test func valuesBuiltAtRunTimeAreBounded() async {
        let deep = await ScriptRun.of("let l = [1]\nrepeat 40000 { l = [l] }\nprint l")
        #expect(deep.message == "lists and records may nest at most 100 deep")
        #expect(deep.location == "2:20")
        let shared = await ScriptRun.of("let l = [1]\nrepeat 60 { l = [l, l] }\nprint l")
        #expect(shared.message == "a list may hold at most 1000000 values in all, nested ones included")
        let doubled = await ScriptRun.of("let l = [1]\nrepeat 40 { l = l + l }")
        #expect(doubled.message == "a list may hold at most 1000000 values in all, nested ones included")
        #expect(doubled.location == "2:17")
        let text = await ScriptRun.of("let s = \"x\"\nrepeat 40 { s = s + s }")
        #expect(text.message == "a string may hold at most 10000000 bytes")
        let interpolated = await ScriptRun.of("let s = \"x\"\nrepeat 40 { s = \"{s}{s}\" }")
        #expect(interpolated.message == "a string may hold at most 10000000 bytes")
        // Just inside the bounds: 99 levels of nesting print, compare and are freed without trouble.
        let fine = await ScriptRun.of("let l = [1]\nrepeat 99 { l = [l] }\nlet m = [1]\nrepeat 99 { m = [m] }\nprint l == m\nprint len(str(l))")
        #expect(fine.error == nil)
        #expect(fine.lines == ["true", "201"])
    }

    @Test func numbersPastThirtyEightDigitsAreALocatedError() async {
        let product = await ScriptRun.of("let x = 10000000000000000000000000000000000000\nprint x*x*x*x")
        #expect(product.message == "the result needs more than 38 significant digits: the exact value cannot be held")
        #expect(product.location == "2:7")
        #expect(product.error?.kind == .runtime)
        let fine = "0." + String(repeating: "1", count: 38)
        let fractions = await ScriptRun.of("print \(fine) * \(fine)")
        #expect(fractions.message == "the result needs more than 38 significant digits: the exact value cannot be held")
        let literal = await ScriptRun.of("print 42778513898218677143136175584319752331 EUR + 0.9 EUR")
        #expect(literal.message == "42778513898218677143136175584319752331 EUR needs more than 38 significant digits at EUR's 2 decimal places")
        let sum = await ScriptRun.of("print 4277851389821867714313617558431975233 EUR + 0.9 EUR")
        #expect(sum.message == "4277851389821867714313617558431975233 EUR needs more than 38 significant digits at EUR's 2 decimal places")
        let fits = await ScriptRun.of("print 427785138982186771431361755843197523.31 EUR + 0.9 EUR")
        #expect(fits.lines == ["427785138982186771431361755843197524.21 EUR"])
        let exact = await ScriptRun.of("print 999999999999999999999999999999999999.99 EUR + 0.01 EUR")
        #expect(exact.message == "the result needs more than 38 significant digits: the exact value cannot be held")
    }

    @Test func runawayRecursionStopsWithAnError() async {
        let run = await ScriptRun.of("def f(n) {\n  return f(n + 1)\n}\nprint f(0)")
        #expect(run.error?.kind == .runtime)
        #expect(run.message == "more than 500 nested calls: is f recursing without end?")
        #expect(run.location == "2:10")
    }

    @Test func deepButFiniteRecursionWorks() async {
        let run = await ScriptRun.of("def down(n) {\n  if n == 0 { return 0 }\n  return 1 + down(n - 1)\n}\nprint down(400)")
        #expect(run.error == nil)
        #expect(run.lines == ["400"])
    }

    @Test func numbersAreExactOrRefused() {
        let places77 = "0." + String(repeating: "0", count: 76) + "1"
        var lexer = Lexer("1.0000000000000000000000000000000000000001 123456789012345678901234567890123456789 \(places77) 9223372036854775807ms 36500d 0.\(String(repeating: "0", count: 74))1%")
        let kinds = lexer.tokenize().map(\.kind)
        #expect(lexer.errors.map(\.reason) == [.tooManyDigits(limit: 38), .tooManyDigits(limit: 38), .tooManyDecimals(limit: 76),
                                                .durationTooLong, .percentageDecimals(limit: 74)])
        #expect(lexer.errors.map(\.reason.code) == [.P301, .P301, .P301, .P302, .P301])
        #expect(kinds.last(where: { if case .duration = $0 { true } else { false } }) == .duration(3_153_600_000_000))
        #expect(FixedDecimal.parse("1.0000000000000000000000000000000000000001") == nil)
        #expect(FixedDecimal.parse("0.00000000000000000000000000000000000001")?.scale == 38)
        #expect(FixedDecimal.parse("0.00000000000000000000000000000000000000001")?.scale == 41)
        #expect(FixedDecimal.parse("0." + String(repeating: "0", count: 75) + "1")?.scale == 76)
        #expect(FixedDecimal.parse(places77) == nil)
    }

    /// What a value prints, a literal accepts: 40 places from a division paste back as the same value.
    @Test func aPrintedValuePastesBackAsALiteral() async {
        let run = await ScriptRun.of("""
            let q = 1 / 1099511627776
            print q
            expect q == 0.0000000000009094947017729282379150390625
            print 0.00000000000000000000000000000000000000001 * 10
            """)
        #expect(run.error == nil, "\(run.error?.rendered ?? "")")
        #expect(run.lines == ["0.0000000000009094947017729282379150390625", "0.0000000000000000000000000000000000000001"])
    }

    @Test func durationArithmeticCannotOverflow() async {
        let run = await ScriptRun.of("let d = 36000d\nprint d * 2")
        #expect(run.message == "duration is longer than 100 years")
    }

    /// Mangles every example many ways (deterministically); the parser must report errors inside
    /// the file and never crash or hang.
    @Test func mangledScriptsOnlyEverGiveDiagnostics() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".pay") }
        #expect(files.count >= 12)
        var seed: UInt64 = 0x5eed
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(max(bound, 1)))
        }
        let inserts = ["{", "}", "(", ")", "\"", "[", "]", ",", ".", "=", "%", " TRX", "\n", "#", "\\", "{x"]
        var parsed = 0
        for name in files {
            let text = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
            let scalars = Array(text.unicodeScalars)
            for _ in 0..<60 {
                var mangled = scalars
                switch next(3) {
                case 0: mangled = Array(mangled.prefix(next(mangled.count)))
                case 1:
                    let at = next(mangled.count)
                    mangled.removeSubrange(at..<min(mangled.count, at + 1 + next(12)))
                default:
                    mangled.insert(contentsOf: inserts[next(inserts.count)].unicodeScalars, at: next(mangled.count))
                }
                var string = ""
                string.unicodeScalars.append(contentsOf: mangled)
                var parser = Parser(string)
                _ = parser.parseProgram()
                let lines = string.split(separator: "\n", omittingEmptySubsequences: false).count
                for error in parser.errors {
                    #expect(error.range.start.line >= 1 && error.range.start.line <= lines + 1, "\(name): \(error)")
                    #expect(!error.message.isEmpty)
                }
                parsed += 1
            }
        }
        #expect(parsed == files.count * 60)
    }
}
