// The editors' TextMate grammar (editors/pay.tmLanguage.json) highlights the words the language's
// tables name: its command words are the command table's, its clause words the table's clauses,
// its control words the statements'. A command added to the table and not to the grammar fails
// here. (Tests/editors/check_grammar.py checks its scopes against the lexer on every example.)
import Foundation
import Testing
@testable import PayScriptSyntax

struct EditorGrammarTests {
    /// The words of the keyword pattern named `scope`.
    static func words(_ scope: String) throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("editors/pay.tmLanguage.json")
        let grammar = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let repository = grammar?["repository"] as? [String: Any]
        let patterns = (repository?["keywords"] as? [String: Any])?["patterns"] as? [[String: String]] ?? []
        let match = try #require(patterns.first { $0["name"] == scope }?["match"])
        // `\b(a|b|c)\b`
        let inner = match.replacingOccurrences(of: #"\b("#, with: "").replacingOccurrences(of: #")\b"#, with: "")
        return Set(inner.split(separator: "|").map(String.init))
    }

    @Test func theGrammarsKeywordsAreTheTables() throws {
        let keywords = Set(Keyword.allCases.filter { !$0.isContextual }.map(\.rawValue))
        let forms = Set(Commands.all.compactMap(\.subword)).intersection(keywords)
        #expect(try Self.words("keyword.other.command.pay") == Set(Commands.all.map(\.keyword.rawValue)).union(forms))
        let control = Set(Commands.statements.map(\.word)).intersection(keywords).union(["else", "in", "return"])
        #expect(try Self.words("keyword.control.pay") == control)
        let clauses = Set(Commands.all.flatMap { $0.clauses.map(\.word.rawValue) }).intersection(keywords).subtracting(control)
        #expect(try Self.words("keyword.other.clause.pay") == clauses.union(OperandKind.refundSize.words))
    }
}
