// grammar.md and the parser cannot drift apart silently: every example in grammar.md's tables
// parses, and every rule a parse function opens with is written the same in grammar.md.
import Foundation
import Testing
@testable import PayScriptSyntax
import PayClient

struct GrammarDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let grammar = (try? String(contentsOf: root.appendingPathComponent("grammar.md"), encoding: .utf8)) ?? ""
    static let parser = (try? String(contentsOf: root.appendingPathComponent("Sources/PayScriptSyntax/Parser.swift"), encoding: .utf8)) ?? ""

    /// The `code` spans in the example (or literal) column of grammar.md's tables.
    static var examples: [String] {
        var found: [String] = []
        var column: Int?
        for line in grammar.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { column = nil; continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if column == nil {
                column = cells.firstIndex { $0 == "example" || $0 == "literal" } ?? -1
                continue
            }
            guard let column, column >= 0, column < cells.count, !cells[column].hasPrefix("---") else { continue }
            let spans = cells[column].split(separator: "`", omittingEmptySubsequences: false)
            for (index, span) in spans.enumerated() where index % 2 == 1 { found.append(String(span)) }
        }
        return found
    }

    @Test func theTablesHaveExamples() {
        #expect(Self.examples.count >= 40, "\(Self.examples)")
    }

    @Test(arguments: GrammarDocumentTests.examples)
    func everyExampleParses(example: String) {
        var parser = Parser(Self.wrapped(example))
        _ = parser.parseProgram()
        #expect(parser.errors.isEmpty, "\(example): \(parser.errors.map(\.message))")
    }

    /// `return` only parses in a function, so its examples are read inside one.
    static func wrapped(_ example: String) -> String {
        example.contains("return") && !example.hasPrefix("def") ? "def f() {\n\(example)\n}" : example
    }

    /// rule name -> body as tokens, from `name -> body` lines and their `|` continuations.
    static func rules(in lines: [String]) -> [String: [String]] {
        var rules: [String: String] = [:]
        var current: String?
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces)
            let parts = text.components(separatedBy: "->")
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            if parts.count > 1, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) {
                rules[name] = parts.dropFirst().joined(separator: "->")
                current = name
            } else if let name = current, text.hasPrefix("|") {
                rules[name]! += " " + text
            } else {
                current = nil
            }
        }
        return rules.mapValues(tokens)
    }

    /// A rule's tokens: quoted terminals whole, `( ) ? * |` alone, names; `(* … *)` comments dropped.
    static func tokens(_ rule: String) -> [String] {
        var text = rule
        if let comment = text.range(of: "(*") { text = String(text[..<comment.lowerBound]) }
        var tokens: [String] = []
        var word = ""
        var quote: Character?
        for c in text {
            if let open = quote {
                word.append(c)
                if c == open { tokens.append(word); word = ""; quote = nil }
            } else if c == "\"" || c == "'" {
                if !word.isEmpty { tokens.append(word); word = "" }
                word.append(c)
                quote = c
            } else if "()?*|".contains(c) || c == " " {
                if !word.isEmpty { tokens.append(word); word = "" }
                if c != " " { tokens.append(String(c)) }
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    @Test func everyParseFunctionsRuleIsInGrammarMd() {
        let grammarLines = Self.grammar.split(separator: "\n").map(String.init)
        let documented = Self.rules(in: grammarLines)
        let commentLines = Self.parser.split(separator: "\n").map { line -> String in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("///") ? String(text.dropFirst(3)) : ""
        }
        let implemented = Self.rules(in: commentLines)
        #expect(implemented.count >= 30, "\(implemented.keys.sorted())")
        for (name, body) in implemented.sorted(by: { $0.key < $1.key }) {
            #expect(documented[name] == body, "rule \(name): Parser.swift says '\(body.joined(separator: " "))', grammar.md '\(documented[name]?.joined(separator: " ") ?? "nothing")'")
        }
        // Every grammar rule but the lexical ones is implemented by a parse function.
        let lexical: Set = ["NAME", "NUMBER", "DURATION", "PERCENT", "CURRENCY", "STRING", "escape", "comment"]
        #expect(Set(documented.keys).subtracting(lexical).subtracting(implemented.keys).sorted() == [])
    }

    /// grammar.md's table of commands names exactly the commands of the spec table (which
    /// `:help` prints), and marks the same ones as sandbox-only.
    @Test func theCommandTableMatchesTheSpecs() {
        var documented: [String: Bool] = [:]
        var inTable = false
        for line in Self.grammar.split(separator: "\n") {
            if line.hasPrefix("| command | example | result |") { inTable = true; continue }
            guard inTable else { continue }
            guard line.hasPrefix("|") else { break }
            let cell = line.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)
            guard !cell.hasPrefix("---") else { continue }
            let sandbox = cell.hasSuffix("(sandbox)")
            documented[cell.replacingOccurrences(of: " (sandbox)", with: "")] = sandbox
        }
        let specs = Dictionary(uniqueKeysWithValues: Commands.all.map { ($0.name, $0.sandboxOnly) })
        #expect(documented == specs)
    }
}

extension GrammarDocumentTests {
    /// grammar.md lists each command's form as `:help` prints it, from the command table.
    @Test func theCommandFormsAreTheTables() throws {
        let block = try #require(Self.grammar.components(separatedBy: "<!-- commands: begin -->\n```text\n").last?
            .components(separatedBy: "```\n<!-- commands: end -->").first)
        #expect(block.split(separator: "\n").map(String.init) == Commands.all.map(\.usage))
    }
}

extension GrammarDocumentTests {
    /// grammar.md's list of built-in functions is BuiltinFunction's table: every name, each
    /// written as its signature.
    @Test func theBuiltinListMatchesTheTable() throws {
        let paragraph = try #require(Self.grammar.components(separatedBy: "\n\n").first { $0.hasPrefix("Built-in functions:") })
        let pieces = paragraph.split(separator: "`", omittingEmptySubsequences: false)
        let calls = stride(from: 1, to: pieces.count, by: 2).map { String(pieces[$0]) }.filter { $0.contains("(") }
        let names = calls.map { String($0.prefix { $0 != "(" }) }
        #expect(Set(names) == Set(BuiltinFunction.allCases.map(\.rawValue)))
        for function in BuiltinFunction.allCases {
            #expect(calls.contains(function.signature), "\(function.signature)")
        }
    }
}

extension GrammarDocumentTests {
    /// The statuses `wait` names are the API's documented ones (PayClient's `OrderStatus.known`),
    /// and grammar.md lists the same.
    @Test func theStatusWordsAreTheAPIsAndGrammarMdsList() throws {
        #expect(Commands.statusWords == OrderStatus.known.map(\.rawValue))
        let sentence = try #require(Self.grammar.components(separatedBy: "The status names `").dropFirst().first)
        #expect(sentence.prefix { $0 != "`" }.split(separator: " ").map(String.init) == Commands.statusWords)
    }
}
