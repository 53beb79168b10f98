// `pay fmt`'s printer: one exact layout for a sample that has every construct that needs care
// (precedence, commands inside expressions, comments, one-line blocks, `else if`, a long list),
// and over every .pay file in the repository that parses: formatting twice changes nothing the
// second time, and the formatted file's tree is the original's, positions aside.
import Foundation
import Testing
@testable import PayScriptSyntax

struct FormatterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func format(_ text: String) -> String? {
        if case let .success(out) = Formatter.format(SourceFile(path: "t.pay", text: text)) { return out }
        return nil
    }

    @Test func theOneLayout() {
        let source = """
            # heading comment
            let   o=order 1 TRX   for shop external "A-1"   # trailing
            let x = (1+2)*3 - -4
            let y = not (a and b) or c
            expect balance TRX==before-0.995 TRX
            print (get order o.id).status
            let n = 1 + (order 2 TRX).primaryAmount


            repeat 3 { pay 1 TRX to o }
            if x>1 {
              print "big {x}"   # why
            } else if x < 0 {
              print "neg"
            }
            else {
              # nothing to do
            }
            wait (failed) completed, "partiallyRefunded" within 5m
            wait o completed every   2s  within 5m
            expect refused { refund 5 TRX of o } as why
            let names = ["aaaaaaaaaaaa", "bbbbbbbbbbbbbbbbb", "ccccccccccccccccccc", "dddddddddddddddddddd", "eeeeeeeeeeeee"]
            def f(a,b) {
              return {amount: a, ref: b}
            }
            # end
            """
        #expect(Self.format(source) == """
            # heading comment
            let o = order 1 TRX for shop external "A-1"  # trailing
            let x = (1 + 2) * 3 - -4
            let y = not (a and b) or c
            expect balance TRX == before - 0.995 TRX
            print (get order o.id).status
            let n = 1 + (order 2 TRX).primaryAmount

            repeat 3 { pay 1 TRX to o }
            if x > 1 {
              print "big {x}"  # why
            } else if x < 0 {
              print "neg"
            } else {
              # nothing to do
            }
            wait (failed) completed, "partiallyRefunded" within 5m
            wait o completed within 5m every 2s
            expect refused { refund 5 TRX of o } as why
            let names = [
              "aaaaaaaaaaaa",
              "bbbbbbbbbbbbbbbbb",
              "ccccccccccccccccccc",
              "dddddddddddddddddddd",
              "eeeeeeeeeeeee",
            ]
            def f(a, b) {
              return {amount: a, ref: b}
            }
            # end

            """)
    }

    @Test func aFileWithSyntaxErrorsIsRefused() {
        guard case let .failure(error) = Formatter.format(SourceFile(path: "t.pay", text: "let = 1\n")) else {
            Issue.record("expected the syntax error")
            return
        }
        #expect(error.diagnostics.first.map { "\($0.range.start) \($0.message)" } == "1:5 variable name after 'let' expected, found '='")
    }

    /// Every .pay file here that parses: formatted once, formatted again unchanged, same tree.
    @Test func everyFileKeepsItsTreeAndFormatsOnce() throws {
        let folders = ["examples", "Tests/EndToEndTests/Cases", "bench/scenarios", "Tests/fuzz/corpus"]
        var checked = 0
        for folder in folders {
            let base = Self.root.appendingPathComponent(folder)
            for name in (FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []) where name.hasSuffix(".pay") {
                let path = base.appendingPathComponent(name).path
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                let (original, errors) = ScriptLoader.parse(SourceFile(path: path, text: text))
                guard errors.isEmpty else { continue }
                guard let once = Self.format(text) else {
                    Issue.record("\(folder)/\(name) did not format")
                    continue
                }
                let (formatted, again) = ScriptLoader.parse(SourceFile(path: path, text: once))
                #expect(again.isEmpty, "\(folder)/\(name): \(again.map(\.message))")
                #expect(TreeShape.of(formatted.statements) == TreeShape.of(original.statements), "\(folder)/\(name)")
                #expect(Self.format(once) == once, "\(folder)/\(name) changed when formatted again")
                checked += 1
            }
        }
        #expect(checked >= 55, "\(checked)")
    }
}
