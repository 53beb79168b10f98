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
        var lexer = Lexer("1.0000000000000000000000000000000000000001 123456789012345678901234567890123456789 9223372036854775807ms 36500d")
        let kinds = lexer.tokenize().map(\.kind)
        #expect(lexer.errors.map(\.1) == ["number has more than 38 digits after the point",
                                          "number has more than 38 significant digits and cannot be exact",
                                          "duration is longer than 100 years"])
        #expect(kinds.last(where: { if case .duration = $0 { true } else { false } }) == .duration(3_153_600_000_000))
        #expect(FixedDecimal.parse("1.0000000000000000000000000000000000000001") == nil)
        #expect(FixedDecimal.parse("0.00000000000000000000000000000000000001")?.scale == 38)
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
