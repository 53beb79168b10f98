// Turns source text into tokens. Every line break is a newline token (runs of them one); the
// parser skips those inside ( ) and [ ], where it knows which brackets are open.
import PayDecimal

public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line: Int
    private var column: Int
    public private(set) var errors: [(SourceRange, String)] = []

    public init(_ text: String, startingAt start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        scalars = Array(text.unicodeScalars)
        line = start.line
        column = start.column
    }

    private static let keywords = Dictionary(uniqueKeysWithValues: Keyword.allCases.map { ($0.rawValue, $0) })
    static let durationUnits: [String: Int64] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
    /// 100 years: long enough for any wait, short enough that duration arithmetic cannot overflow.
    public static let maxDurationMilliseconds: Int64 = 100 * 366 * 86_400_000

    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 4)  // about one token in four characters of code
        while let token = next() {
            if token.kind == .newline, tokens.last?.kind == .newline || tokens.isEmpty { continue }
            tokens.append(token)
        }
        tokens.append(Token(.endOfInput, SourceRange(here, here)))
        return tokens
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }
    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    @discardableResult
    private mutating func advance() -> Unicode.Scalar {
        let c = scalars[index]
        index += 1
        if c == "\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    private mutating func error(_ message: String, _ start: SourceLocation) {
        errors.append((SourceRange(start, here), message))
    }

    private mutating func next() -> Token? {
        while let c = peek {
            let start = here
            switch c {
            case " ", "\t", "\r":
                advance()
            case "#":
                while let d = peek, d != "\n" { advance() }
            case "\n":
                advance()
                return Token(.newline, SourceRange(start, start))
            case "\"":
                return string(start)
            case "0"..."9":
                return number(start)
            default:
                if Lexer.isLetter(c) || c == "_" { return word(start) }
                return punctuation(start)
            }
        }
        return nil
    }

    private mutating func punctuation(_ start: SourceLocation) -> Token? {
        let c = advance()
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
                error("unexpected '!'; use 'not' for negation", start)
                return next()
            }
            kind = .bangEqual
        case "<": kind = match("=") ? .lessEqual : .less
        case ">": kind = match("=") ? .greaterEqual : .greater
        default:
            error("unexpected character '\(c)'", start)
            return next()
        }
        return Token(kind, SourceRange(start, here))
    }

    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard peek == expected else { return false }
        advance()
        return true
    }

    /// A letter of a name: ASCII answered at once, the rest by Unicode's Alphabetic property
    /// (asking Unicode for every character was a tenth of `pay check`'s time).
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? ("a"..."z").contains(c) || ("A"..."Z").contains(c) : c.properties.isAlphabetic
    }

    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
            : c.properties.isAlphabetic
    }

    /// The text of some scalars, encoded straight into the string's storage.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { buffer[count] = $0; count += 1 }
            }
            return count
        }
    }

    private mutating func word(_ start: SourceLocation) -> Token {
        let from = index
        while let c = peek, Lexer.isWordCharacter(c) { advance() }
        let text = Lexer.string(scalars[from..<index])
        let kind: TokenKind = Lexer.keywords[text].map { .keyword($0) } ?? .identifier(text)
        return Token(kind, SourceRange(start, here))
    }

    /// number -> digits ("." digits)? ( "%" | unit )?
    private mutating func number(_ start: SourceLocation) -> Token {
        let from = index
        var fraction = 0
        while let c = peek, ("0"..."9").contains(c) { advance() }
        if peek == ".", let d = peek(1), ("0"..."9").contains(d) {
            advance()
            while let c = peek, ("0"..."9").contains(c) { advance(); fraction += 1 }
        }
        let text = Lexer.string(scalars[from..<index])
        var value = FixedDecimal.zero
        if fraction > FixedDecimal.maxDigits {
            error("number has more than \(FixedDecimal.maxDigits) digits after the point", start)
        } else if let parsed = FixedDecimal.parse(text) {
            value = parsed
        } else {
            error("number has more than \(FixedDecimal.maxDigits) significant digits and cannot be exact", start)
        }
        if match("%") {
            // n% is n/100: the same digits, two more places.
            let percent = FixedDecimal(coefficient: value.coefficient, scale: value.scale + 2) ?? .zero
            return Token(.percent(percent), SourceRange(start, here))
        }
        if let c = peek, Lexer.isLetter(c) {
            var unit = ""
            let unitStart = here
            while let c = peek, Lexer.isWordCharacter(c) { unit.unicodeScalars.append(advance()) }
            guard let factor = Lexer.durationUnits[unit] else {
                error("unknown duration unit '\(unit)' (use ms, s, m, h or d; put a space before a currency)", unitStart)
                return Token(.number(value), SourceRange(start, here))
            }
            guard let millis = Lexer.milliseconds(value, factor) else {
                error("duration is longer than 100 years", start)
                return Token(.duration(0), SourceRange(start, here))
            }
            return Token(.duration(millis), SourceRange(start, here))
        }
        return Token(.number(value), SourceRange(start, here))
    }

    /// `value` units of `factor` milliseconds, to the nearest millisecond (ties to even); nil past 100 years.
    static func milliseconds(_ value: FixedDecimal, _ factor: Int64) -> Int64? {
        guard let product = try? value.multiplied(by: FixedDecimal(Int(factor)), roundedTo: 0),
              product.magnitude <= FixedDecimal(Int(maxDurationMilliseconds)) else { return nil }
        return product.wholeValue.map(Int64.init)
    }

    /// string -> '"' ( char | escape | "{" expr "}" )* '"'
    private mutating func string(_ start: SourceLocation) -> Token {
        advance()
        var pieces: [StringPiece] = []
        var text = ""
        while true {
            guard let c = peek, c != "\n" else {
                error("unterminated string", start)
                break
            }
            if c == "\"" { advance(); break }
            if c == "\\" {
                advance()
                guard let e = peek, e != "\n" else { continue }
                advance()
                switch e {
                case "n": text += "\n"
                case "t": text += "\t"
                case "\"", "\\", "{", "}": text.unicodeScalars.append(e)
                default: error("unknown escape '\\\(e)'", start)
                }
                continue
            }
            if c == "{" {
                advance()
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                let codeStart = here
                var code = ""
                var depth = 1
                var closed = false
                while let d = peek, d != "\n" {
                    if d == "{" { depth += 1 }
                    if d == "}" { depth -= 1; if depth == 0 { advance(); closed = true; break } }
                    if d == "\"" {
                        code.unicodeScalars.append(advance())
                        while let q = peek, q != "\"", q != "\n" { code.unicodeScalars.append(advance()) }
                        if peek == "\"" { code.unicodeScalars.append(advance()) }
                        continue
                    }
                    code.unicodeScalars.append(advance())
                }
                if !closed { error("'}' expected to close '{' in string", codeStart); break }
                pieces.append(.code(code, codeStart))
                continue
            }
            text.unicodeScalars.append(advance())
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
        return Token(.string(pieces), SourceRange(start, here))
    }
}
