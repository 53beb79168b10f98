// Turns source text into tokens. Every line break is a newline token (runs of them one); the
// parser skips those inside ( ) and [ ], where it knows which brackets are open.
import PayDecimal

public struct Lexer {
    /// The source as UTF-8. Columns count Unicode scalars, as before: a byte that continues a
    /// scalar moves no column.
    private let bytes: [UInt8]
    private var index = 0
    private var line: Int
    private var column: Int
    public private(set) var errors: [(reason: SyntaxReason, range: SourceRange)] = []
    /// Where each `#` comment stands, `#` to the end of its line: no token carries them, and a
    /// formatter or a highlighter needs them back.
    public private(set) var comments: [SourceRange] = []
    /// The `# pay: allow CODE…` comments, in order.
    public private(set) var allowances: [Allowance] = []

    public init(_ text: String, startingAt start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        bytes = Array(text.utf8)
        line = start.line
        column = start.column
    }

    /// The keywords by their first letter (every one is lower-case ASCII): a name is compared
    /// with a few spellings rather than hashed, which was a tenth of lexing a large file.
    private static let keywordsByInitial: [[(spelling: [UInt8], keyword: Keyword)]] = {
        var table = Array(repeating: [(spelling: [UInt8], keyword: Keyword)](), count: 26)
        for keyword in Keyword.allCases where !keyword.isContextual {
            let spelling = Array(keyword.rawValue.utf8)
            table[Int(spelling[0] - UInt8(ascii: "a"))].append((spelling, keyword))
        }
        return table
    }()
    static let durationUnits: [String: Int64] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
    /// 100 years: long enough for any wait, short enough that duration arithmetic cannot overflow.
    public static let maxDurationMilliseconds: Int64 = 100 * 366 * 86_400_000

    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4)  // about one token in four characters of code
        var afterNewline = true  // a file's leading line breaks are dropped too
        while let token = next() {
            let isNewline = token.kind == .newline
            if isNewline && afterNewline { continue }
            afterNewline = isNewline
            tokens.append(token)
        }
        tokens.append(Token(.endOfInput, SourceRange(here, here)))
        return tokens
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }
    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Steps over one byte.
    @discardableResult
    private mutating func advance() -> UInt8 {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
        return byte
    }

    /// The scalar at the current byte; the source came from a String, so it is valid UTF-8.
    private var scalar: Unicode.Scalar {
        var decoder = UTF8()
        var iterator = bytes[index...].makeIterator()
        guard case let .scalarValue(scalar) = decoder.decode(&iterator) else { return "\u{FFFD}" }
        return scalar
    }

    /// Steps over one whole scalar.
    @discardableResult
    private mutating func advanceScalar() -> Unicode.Scalar {
        if bytes[index] < 0x80 { return Unicode.Scalar(advance()) }
        let scalar = scalar
        for _ in 0..<UTF8.width(scalar) { advance() }
        return scalar
    }

    /// Whether a name goes on at the current byte: ASCII answered at once, the rest by Unicode's
    /// Alphabetic property (asking Unicode for every character was a tenth of `pay check`'s time).
    private var atWordCharacter: Bool {
        guard let byte = peek else { return false }
        return byte < 0x80 ? Lexer.isWordByte(byte) : scalar.properties.isAlphabetic
    }

    private var atLetter: Bool {
        guard let byte = peek else { return false }
        return byte < 0x80 ? Lexer.isLetterByte(byte) : scalar.properties.isAlphabetic
    }

    private static func isLetterByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isLetterByte(byte) || isDigit(byte) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The source's text from byte `from` up to the current one.
    private func text(from: Int) -> String {
        String(decoding: bytes[from..<index], as: UTF8.self)
    }

    private mutating func error(_ reason: SyntaxReason, _ start: SourceLocation) {
        errors.append((reason, SourceRange(start, here)))
    }

    private mutating func next() -> Token? {
        while let byte = peek {
            let start = here
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: "#"):
                let from = index
                while let next = peek, next != UInt8(ascii: "\n") { advance() }
                comments.append(SourceRange(start, here))
                if let allowance = Allowance(text(from: from), at: SourceRange(start, here)) { allowances.append(allowance) }
            case UInt8(ascii: "\n"):
                advance()
                return Token(.newline, SourceRange(start, start))
            case UInt8(ascii: "\""):
                return string(start)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return number(start)
            default:
                if atLetter || byte == UInt8(ascii: "_") { return word(start) }
                return punctuation(start)
            }
        }
        return nil
    }

    private mutating func punctuation(_ start: SourceLocation) -> Token? {
        let c = advanceScalar()
        let kind: TokenKind
        switch c {
        case "(": kind = .leftParen
        case ")": kind = .rightParen
        case "[": kind = .leftBracket
        case "]": kind = .rightBracket
        case "{": kind = .leftBrace
        case "}": kind = .rightBrace
        case ",": kind = .comma
        case ".": kind = .dot
        case ":": kind = .colon
        case "+": kind = .plus
        case "-": kind = .minus
        case "*": kind = .star
        case "/": kind = .slash
        case "=": kind = match("=") ? .equalEqual : .equal
        case "!":
            guard match("=") else {
                error(.bang, start)
                return next()
            }
            kind = .bangEqual
        case "<": kind = match("=") ? .lessEqual : .less
        case ">": kind = match("=") ? .greaterEqual : .greater
        default:
            error(.unexpectedCharacter(String(c)), start)
            return next()
        }
        return Token(kind, SourceRange(start, here))
    }

    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard peek == UInt8(expected.value) else { return false }
        advance()
        return true
    }

    private mutating func word(_ start: SourceLocation) -> Token {
        let from = index
        while atWordCharacter { advanceScalar() }
        let kind: TokenKind = keyword(from: from).map { .keyword($0) } ?? .identifier(text(from: from))
        return Token(kind, SourceRange(start, here))
    }

    /// The keyword spelt from byte `from` up to the current one, if it is one.
    private func keyword(from: Int) -> Keyword? {
        let initial = bytes[from]
        guard initial >= UInt8(ascii: "a"), initial <= UInt8(ascii: "z") else { return nil }
        let length = index - from
        for candidate in Lexer.keywordsByInitial[Int(initial - UInt8(ascii: "a"))]
        where candidate.spelling.count == length && bytes[from..<index].elementsEqual(candidate.spelling) {
            return candidate.keyword
        }
        return nil
    }

    /// number -> digits ("." digits)? ( "%" | unit )?
    private mutating func number(_ start: SourceLocation) -> Token {
        let from = index
        var fraction = 0
        while Lexer.isDigit(peek) { advance() }
        if peek == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
            advance()
            while Lexer.isDigit(peek) { advance(); fraction += 1 }
        }
        var value = FixedDecimal.zero
        // A literal holds whatever a value can (grammar.md's Limits), so a printed value pastes back.
        if fraction > FixedDecimal.maxScale {
            error(.tooManyDecimals(limit: FixedDecimal.maxScale), start)
        } else if let parsed = FixedDecimal.parse(utf8: bytes[from..<index]) {
            value = parsed
        } else {
            error(.tooManyDigits(limit: FixedDecimal.maxDigits), start)
        }
        if match("%") {
            // n% is n/100: the same digits, two more places.
            guard let percent = FixedDecimal(coefficient: value.coefficient, scale: value.scale + 2) else {
                error(.percentageDecimals(limit: FixedDecimal.maxScale - 2), start)
                return Token(.percent(.zero), SourceRange(start, here))
            }
            return Token(.percent(percent), SourceRange(start, here))
        }
        if atLetter {
            let unitStart = here, unitFrom = index
            while atWordCharacter { advanceScalar() }
            let unit = text(from: unitFrom)
            guard let factor = Lexer.durationUnits[unit] else {
                error(.unknownDurationUnit(unit), unitStart)
                return Token(.number(value), SourceRange(start, here))
            }
            guard let millis = Lexer.milliseconds(value, factor) else {
                error(.durationTooLong, start)
                return Token(.duration(0), SourceRange(start, here))
            }
            return Token(.duration(millis), SourceRange(start, here))
        }
        return Token(.number(value), SourceRange(start, here))
    }

    /// `value` units of `factor` milliseconds, to the nearest millisecond (ties to even); nil past 100 years.
    static func milliseconds(_ value: FixedDecimal, _ factor: Int64) -> Int64? {
        // A whole number of units, as durations are mostly written, in integers.
        if value.scale == 0, value.coefficient >= 0, value.coefficient <= Int128(maxDurationMilliseconds) {
            let (product, overflow) = Int64(value.coefficient).multipliedReportingOverflow(by: factor)
            return overflow || product > maxDurationMilliseconds ? nil : product
        }
        guard let product = try? value.multiplied(by: FixedDecimal(Int(factor)), roundedTo: 0),
              product.magnitude <= FixedDecimal(Int(maxDurationMilliseconds)) else { return nil }
        return product.wholeValue.map(Int64.init)
    }

    /// string -> '"' ( char | escape | "{" expr "}" )* '"'
    private mutating func string(_ start: SourceLocation) -> Token {
        advance()
        var pieces: [StringPiece] = []
        var text: [UInt8] = []
        while true {
            guard let byte = peek, byte != UInt8(ascii: "\n") else {
                error(.unterminatedString, start)
                break
            }
            if byte == UInt8(ascii: "\"") { advance(); break }
            if byte == UInt8(ascii: "\\") {
                advance()
                guard let escaped = peek, escaped != UInt8(ascii: "\n") else { continue }
                let e = advanceScalar()
                switch e {
                case "n": text.append(UInt8(ascii: "\n"))
                case "t": text.append(UInt8(ascii: "\t"))
                case "\"", "\\", "{", "}": text.append(UInt8(e.value))
                default: error(.unknownEscape(String(e)), start)
                }
                continue
            }
            if byte == UInt8(ascii: "{") {
                advance()
                if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                let codeStart = here, codeFrom = index
                var codeEnd = index
                var depth = 1
                var closed = false
                while let next = peek, next != UInt8(ascii: "\n") {
                    if next == UInt8(ascii: "{") { depth += 1 }
                    if next == UInt8(ascii: "}") {
                        depth -= 1
                        if depth == 0 { codeEnd = index; advance(); closed = true; break }
                    }
                    if next == UInt8(ascii: "\"") {
                        advance()
                        while let quoted = peek, quoted != UInt8(ascii: "\""), quoted != UInt8(ascii: "\n") { advance() }
                        if peek == UInt8(ascii: "\"") { advance() }
                        continue
                    }
                    advance()
                }
                if !closed { error(.unclosedInterpolation, codeStart); break }
                pieces.append(.code(String(decoding: bytes[codeFrom..<codeEnd], as: UTF8.self), codeStart))
                continue
            }
            text.append(advance())
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
        return Token(.string(pieces), SourceRange(start, here))
    }
}
