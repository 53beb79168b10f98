// Tokens with their exact positions.
import Foundation
import PayDecimal
import Testing
@testable import PayScript

struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        var lexer = Lexer(text)
        return lexer.tokenize().map(\.kind)
    }

    @Test func tokensCarryLineAndColumn() {
        var lexer = Lexer("let o = order 1 TRX\nwait o completed within 5m")
        let tokens = lexer.tokenize()
        #expect(tokens.map(\.kind) == [
            .keyword(.let), .identifier("o"), .equal, .keyword(.order), .number(1), .identifier("TRX"), .newline,
            .keyword(.wait), .identifier("o"), .identifier("completed"), .keyword(.within), .duration(300_000), .endOfInput,
        ])
        #expect(tokens[3].range == SourceRange(SourceLocation(line: 1, column: 9), SourceLocation(line: 1, column: 14)))
        #expect(tokens[11].range == SourceRange(SourceLocation(line: 2, column: 25), SourceLocation(line: 2, column: 27)))
        #expect(lexer.errors.isEmpty)
    }

    @Test func numbersDurationsAndPercentages() {
        #expect(kinds("0.995 250ms 30s 1h 2d 25% 12.50") == [
            .number(FixedDecimal("0.995")!), .duration(250), .duration(30_000), .duration(3_600_000),
            .duration(172_800_000), .percent(FixedDecimal("0.25")!), .number(FixedDecimal("12.5")!), .endOfInput,
        ])
        // The digits written after the point are kept.
        guard case let .number(written) = kinds("12.50")[0] else { Issue.record("not a number"); return }
        #expect(written.description == "12.50")
    }

    @Test func stringsSplitIntoTextAndCode() {
        #expect(kinds(#""pay {o.primaryAmount} to {o.paymentAddress}!""#) == [
            .string([.text("pay "), .code("o.primaryAmount", SourceLocation(line: 1, column: 7)), .text(" to "),
                     .code("o.paymentAddress", SourceLocation(line: 1, column: 28)), .text("!")]),
            .endOfInput,
        ])
        #expect(kinds(#""a \"b\" \{c\} \n""#) == [.string([.text("a \"b\" {c} \n")]), .endOfInput])
    }

    @Test func commentsAndBlankLinesCollapse() {
        #expect(kinds("# heading\n\nprint 1 # trailing\n\n\nprint 2") == [
            .keyword(.print), .number(1), .newline, .keyword(.print), .number(2), .endOfInput,
        ])
    }

    @Test func everyLineBreakIsANewlineTokenEvenInsideBrackets() {
        // The parser, which knows which brackets are open, skips these; see ParserTests.
        #expect(kinds("[1,\n 2]") == [.leftBracket, .number(1), .comma, .newline, .number(2), .rightBracket, .endOfInput])
    }

    @Test func errorsSayWhatAndWhere() {
        var lexer = Lexer("let a = \"open\nlet b = 5min\nlet c = 1 ! 2 @")
        _ = lexer.tokenize()
        #expect(lexer.errors.map { "\($0.reason.code) \($0.range.start): \($0.reason.message)" } == [
            "P102 1:9: unterminated string",
            "P302 2:10: unknown duration unit 'min' (use ms, s, m, h or d; put a space before a currency)",
            "P103 3:11: unexpected '!'; use 'not' for negation",
            "P103 3:15: unexpected character '@'",
        ])
        #expect(lexer.errors.map(\.reason) == [.unterminatedString, .unknownDurationUnit("min"), .bang, .unexpectedCharacter("@")])
    }

    @Test func columnsCountCharactersNotBytes() {
        // "é" and "ü" are two bytes each in UTF-8, "€" three; a column is one character.
        var lexer = Lexer("let café = \"ü {café} €\" € x")
        let tokens = lexer.tokenize()
        #expect(tokens.map(\.kind) == [
            .keyword(.let), .identifier("café"), .equal,
            .string([.text("ü "), .code("café", SourceLocation(line: 1, column: 16)), .text(" €")]), .identifier("x"), .endOfInput,
        ])
        #expect(tokens[1].range == SourceRange(SourceLocation(line: 1, column: 5), SourceLocation(line: 1, column: 9)))
        #expect(tokens[3].range == SourceRange(SourceLocation(line: 1, column: 12), SourceLocation(line: 1, column: 24)))
        #expect(tokens[4].range == SourceRange(SourceLocation(line: 1, column: 27), SourceLocation(line: 1, column: 28)))
        #expect(lexer.errors.map { "\($0.reason.code) \($0.range.start)-\($0.range.end): \($0.reason.message)" } == ["P103 1:25-1:26: unexpected character '€'"])
    }

    @Test func durationsUpToTheLimitAndPast() {
        // 100 years of 366 days is the limit, whole units or not.
        var lexer = Lexer("36600d 36601d 878400h 1.5h 0.0005s 52704001m")
        #expect(lexer.tokenize().map(\.kind) == [
            .duration(3_162_240_000_000), .duration(0), .duration(3_162_240_000_000), .duration(5_400_000),
            .duration(0), .duration(0), .endOfInput,
        ])
        #expect(lexer.errors.map { "\($0.reason.code) \($0.range.start): \($0.reason.message)" } == [
            "P302 1:8: duration is longer than 100 years", "P302 1:36: duration is longer than 100 years",
        ])
    }

    @Test func everyKeywordAndNoNearMiss() {
        let reserved = Keyword.allCases.filter { !$0.isContextual }
        #expect(kinds(reserved.map(\.rawValue).joined(separator: " ")) == reserved.map { .keyword($0) } + [.endOfInput])
        // `every` is a keyword only as wait's clause: elsewhere a name.
        #expect(Keyword.allCases.filter(\.isContextual) == [.every])
        #expect(kinds("every") == [.identifier("every"), .endOfInput])
        #expect(kinds("lets le Let _let orders i inn é") == ["lets", "le", "Let", "_let", "orders", "i", "inn", "é"].map { .identifier($0) } + [.endOfInput])
    }
}
