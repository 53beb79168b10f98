// The language server's names and `pay check` agree: at the start of every statement of every
// example and end-to-end case, each variable and function the index offers there, used on a new
// line put there, is one the checker accepts. (Issue 30: completion offered a function that
// `pay check` then rejected, defined further down the block.)
import Foundation
@testable import PayLanguageServer
import PayScriptSyntax
import Testing

struct CompletionAgreesWithCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    /// Every script here that checks clean: the examples, their library, and the end-to-end cases.
    static func scripts() -> [URL] {
        ["examples", "examples/lib", "Tests/EndToEndTests/Cases"].flatMap { folder -> [URL] in
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0.hasSuffix(".pay") }.sorted().map { url.appendingPathComponent($0) }
        }
    }

    /// Where each statement starts, blocks included, outermost first.
    static func starts(_ statements: [Stmt]) -> [PayScriptSyntax.SourceLocation] {
        statements.flatMap { statement -> [PayScriptSyntax.SourceLocation] in
            var inner: [Stmt] = []
            switch statement.kind {
            case let .if(_, then, otherwise): inner = then + (otherwise ?? [])
            case let .for(_, _, body), let .repeat(_, body), let .cases(_, _, body), let .def(_, _, body), let .expectRefused(body, _):
                inner = body
            default: break
            }
            return [statement.range.start] + starts(inner)
        }
    }

    @Test func everyNameOfferedAtAStatementIsOneTheCheckerAccepts() throws {
        var positions = 0, offered = 0
        for url in Self.scripts() {
            let path = url.path
            guard let script = try? ScriptLoader.load(path: path), Checker.check(script).errors.isEmpty else { continue }
            let index = SymbolIndex(script, mainPath: path)
            let lines = script.main.file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for start in Self.starts(script.main.statements) {
                // A statement after others on its line (`repeat 3 { pay … }`): no line of its own to use names before.
                guard lines[start.line - 1].prefix(start.column - 1).allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
                let names = index.visible(at: start).filter { [.variable, .function, .parameter, .loopVariable].contains($0.kind) }
                guard !names.isEmpty else { continue }
                positions += 1
                offered += names.count
                let indent = String(repeating: " ", count: start.column - 1)
                let uses = names.map { definition -> String in
                    if case let .function(parameters) = definition.shape {
                        return "\(indent)print \(definition.name)(\(parameters.map { _ in "1" }.joined(separator: ", ")))"
                    }
                    return "\(indent)print \(definition.name)"
                }
                var text = lines
                // The statement may start mid-line (`repeat 3 { pay … }`): the uses go on lines of
                // their own before that line.
                text.insert(contentsOf: uses, at: start.line - 1)
                let file = SourceFile(path: path, text: text.joined(separator: "\n"))
                guard let changed = try? ScriptLoader.load(file, absolutePath: path) else { continue }
                let rejected = Checker.check(changed).errors.filter { error in
                    names.contains { error.message.contains("'\($0.name)'") }
                }
                #expect(rejected.isEmpty, "\(url.lastPathComponent):\(start): \(rejected.map { "\($0.range.start) \($0.message)" })")
            }
        }
        // The walk covered something: every example and case that checks clean.
        #expect(positions >= 300 && offered >= 700, "\(positions) positions, \(offered) names")
    }
}
