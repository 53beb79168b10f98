// Tokens of the .pay language and where each one stands in its source.
import PayDecimal

/// A position in a source file, 1-based.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Held in 32 bits each: every token and tree node carries two locations, and halving them
    // shrank a large file's tokens and tree (BENCHMARKS.md, issue 13, item 6). A line or column
    // past two billion is clamped, not trapped.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public var description: String { "\(line):\(column)" }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// A span from `start` up to (not including) `end`.
public struct SourceRange: Sendable, Hashable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    public func to(_ other: SourceRange) -> SourceRange { SourceRange(start, other.end) }
}

/// One piece of a string literal: text, or an `{expression}` to interpolate.
public enum StringPiece: Sendable, Equatable {
    case text(String)
    case code(String, SourceLocation)
}

public enum TokenKind: Sendable, Equatable {
    // MARK: Literals
    case number(FixedDecimal)
    /// A number with a time unit: `250ms`, `30s`, `5m`, `1h`, `2d`; milliseconds.
    case duration(Int64)
    /// `25%`, as the fraction 0.25.
    case percent(FixedDecimal)
    case string([StringPiece])
    case identifier(String)
    case keyword(Keyword)

    // MARK: Punctuation and operators
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon
    case plus, minus, star, slash
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual

    // MARK: Structure
    case newline
    case endOfInput
}

/// Reserved words. Command words open a command; clause words (`for`, `to`, `of`, `from`,
/// `within`, `every`, `external`) end the expression before them.
public enum Keyword: String, Sendable, CaseIterable {
    case `let`, `if`, `else`, `for`, `in`, `repeat`, `def`, `return`, use
    case expect, fail, print, show, sleep
    case and, or, not, `true`, `false`, null, it
    case integrations, integration, assets, rates, order, get, transaction
    case refund, withdraw, send, wait, pay, advance, balance, refresh
    case half, all, of, to, from, within, every, external

    /// A word that is a keyword only where a command's clause expects it, so scripts written
    /// before it was added may still name a variable so: the lexer reads it as a name.
    public var isContextual: Bool { self == .every }
}

public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var range: SourceRange

    public init(_ kind: TokenKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

extension TokenKind {
    /// How the token is named in "expected X, found Y" messages.
    var display: String {
        switch self {
        case let .number(value): "number \(value)"
        case .duration: "duration"
        case .percent: "percentage"
        case .string: "string"
        case let .identifier(name): "'\(name)'"
        case let .keyword(word): "'\(word.rawValue)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .comma: "','"
        case .dot: "'.'"
        case .colon: "':'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .equal: "'='"
        case .equalEqual: "'=='"
        case .bangEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .newline: "end of line"
        case .endOfInput: "end of input"
        }
    }
}
