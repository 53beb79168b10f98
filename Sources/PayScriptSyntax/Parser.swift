// Builds the syntax tree, reporting every syntax error of a file: after an error it skips to the
// next line and carries on. Each parse function opens with its rule from grammar.md.
import Foundation

public struct SyntaxError: Sendable, Equatable {
    public var reason: SyntaxReason
    public var range: SourceRange
    /// The input ended where more was needed: the REPL reads another line instead of reporting it.
    public var atEndOfInput: Bool
    /// The one replacement the message names, for an editor's quick fix.
    public var fix: Replacement?

    public var code: DiagnosticCode { reason.code }
    public var message: String { reason.message }
}

public struct Parser {
    private var tokens: [Token]
    private var current = 0
    /// Open expressions and blocks; bounded so hostile input cannot exhaust the stack.
    private var depth = 0
    static let maxDepth = 100
    /// How tall the tree being built is: brackets, blocks, and each operator of a chain (`1+1+…`)
    /// or `else if` add one. Bounded so that walking or freeing the tree cannot exhaust the stack.
    private var height = 0
    static let maxHeight = 1000
    public private(set) var errors: [SyntaxError] = []
    /// The `# pay: allow` comments of the text.
    public private(set) var allowances: [Allowance] = []
    /// The `(` and `[` open around the current token, innermost last. Inside them newlines are
    /// skipped; a statement that fails forgets them, so the next line parses afresh.
    private var groups: [Token] = []
    /// Function bodies open around the current token: `return` belongs in one.
    private var functions = 0

    /// At a prompt a statement runs as soon as it is complete, so an `if` whose block closes at
    /// the end of a line is finished there: its `else` must follow the `}` on the same line.
    /// In a file, `else` may also start the next line.
    private let interactive: Bool

    static let statusWords = Set(Commands.statusWords)

    public init(_ text: String, interactive: Bool = false) {
        self.interactive = interactive
        var lexer = Lexer(text)
        tokens = lexer.tokenize()
        allowances = lexer.allowances
        errors = lexer.errors.map { SyntaxError(reason: $0.reason, range: $0.range, atEndOfInput: false) }
    }

    /// A parser for the code of a string's `{…}`, as deep in the tree as the string itself.
    private init(interpolating tokens: [Token], within outer: Parser) {
        self.tokens = tokens
        interactive = outer.interactive
        depth = outer.depth
        height = outer.height
        functions = outer.functions
    }

    /// program -> statement*
    /// Parses a whole file; `errors` then holds every syntax error found.
    public mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipNewlines()
        while !check(.endOfInput) {
            if check(.rightBrace) {
                if errors.last?.range.start != peek.range.start { _ = fail(.unexpectedBrace) }
                advance()
            } else if let statement = statementOrRecover() {
                statements.append(statement)
            }
            skipNewlines()
        }
        errors.sort { $0.range.start < $1.range.start }
        return statements
    }

    // MARK: Errors and recovery

    struct Failure: Error {}

    private mutating func fail(_ reason: SyntaxReason, at token: Token? = nil, fix: Replacement? = nil) -> Failure {
        let token = token ?? peek
        errors.append(SyntaxError(reason: reason, range: token.range, atEndOfInput: token.kind == .endOfInput, fix: fix))
        return Failure()
    }

    private mutating func expected(_ what: String) -> Failure {
        fail(.expected(what, found: peek.kind.display))
    }

    /// Skips to the end of the line (stepping over whole `{ }` blocks), so the next statement parses
    /// afresh. `records` record literals were open where the statement failed: their `}` on this
    /// line are skipped too, rather than read as the end of a block.
    private mutating func synchronize(records: Int = 0) {
        var depth = 0
        var records = records
        while !check(.endOfInput) {
            switch peek.kind {
            case .leftBrace: depth += 1
            case .rightBrace where depth == 0 && records > 0:
                records -= 1
            case .rightBrace:
                if depth == 0 { return }
                depth -= 1
            case .newline where depth == 0: return
            default: break
            }
            advance()
        }
    }

    private mutating func statementOrRecover() -> Stmt? {
        let start = current
        do {
            let statement = try statement()
            try endOfStatement()
            return statement
        } catch {
            let records = groups.filter { $0.kind == .leftBrace }.count
            groups = []
            synchronize(records: records)
            // Recovery must always move on, or the caller would meet the same token forever.
            if current == start && !check(.endOfInput) && !check(.rightBrace) { advance() }
            return nil
        }
    }

    private mutating func endOfStatement() throws(Failure) {
        switch peek.kind {
        case .newline: advance()
        case .rightBrace, .endOfInput: break
        case .equal: throw fail(.assignmentWithin(condition: false))
        default: throw expected("end of line")
        }
    }

    /// A statement that starts with a name and goes on as no expression can: a misspelt command
    /// (`refnd half`) or a loop from another language (`while x {`).
    private mutating func wordHint(_ start: Token) -> Failure? {
        guard case let .identifier(word) = start.kind else { return nil }
        if word == "while" || word == "loop" || word == "until" {
            return fail(.foreignLoop(word), at: start)
        }
        if word == "watch" {
            return fail(.promptOnly(word, suggestion: "wait"), at: start, fix: Replacement(start.range, with: "wait"))
        }
        let commands = Commands.keywords.map(\.rawValue) + ["print", "show", "expect", "let", "def", "sleep", "fail"]
        guard let near = Hints.closest(to: word, among: commands) else { return nil }
        return fail(.notACommand(word, suggestion: near), at: start,
                    fix: Replacement(start.range, with: near))
    }

    // MARK: Statements

    /// statement -> letStmt | ifStmt | forStmt | casesStmt | repeatStmt | defStmt | returnStmt | useStmt
    ///            | expectStmt | expectRefused | "fail" expression | "print" expression | "show" expression
    ///            | "sleep" expression | assignment | expression
    private mutating func statement() throws(Failure) -> Stmt {
        let start = peek.range
        switch peek.kind {
        case .keyword(.let): return try letStatement()
        case .keyword(.if): return try ifStatement()
        case .keyword(.for): return try forStatement()
        case .identifier("cases") where startsCases: return try casesStatement()
        case .keyword(.repeat): return try repeatStatement()
        case .keyword(.def): return try defStatement()
        case .keyword(.return): return try returnStatement()
        case .keyword(.use): return try useStatement()
        case .keyword(.expect):
            if case .identifier("refused") = peek(1).kind, peek(2).kind == .leftBrace {
                return try refusedExpectation()
            }
            return try expectStatement()
        case .keyword(.fail), .keyword(.print), .keyword(.show), .keyword(.sleep):
            let word = advance().kind
            let value = try expression()
            let range = start.to(value.range)
            switch word {
            case .keyword(.fail): return Stmt(.fail(value), range)
            case .keyword(.print): return Stmt(.print(value), range)
            case .keyword(.show): return Stmt(.show(value), range)
            default: return Stmt(.sleep(value), range)
            }
        case .identifier where peek(1).kind == .equal:
            return try assignment()
        case .keyword(.else):
            throw fail(.elseAlone(atPrompt: interactive))
        default:
            let first = peek
            let value = try expression()
            if case .variable = value.kind, !atStatementEnd, !check(.equal), let hint = wordHint(first) { throw hint }
            return Stmt(.expression(value), value.range)
        }
    }

    /// assignment -> NAME "=" expression
    private mutating func assignment() throws(Failure) -> Stmt {
        let start = peek.range
        let name = try identifier("variable name")
        let nameRange = lastRange
        advance()
        let first = peek
        let value = try expression()
        if case .variable = value.kind, !atStatementEnd, let hint = wordHint(first) { throw hint }
        return Stmt(.assign(name, value), start.to(value.range), names: [nameRange])
    }

    /// repeatStmt -> "repeat" expression block
    private mutating func repeatStatement() throws(Failure) -> Stmt {
        let start = advance().range
        let count = try expression()
        let body = try block()
        return Stmt(.repeat(count, body.statements), start.to(body.range))
    }

    /// returnStmt -> "return" expression?
    private mutating func returnStatement() throws(Failure) -> Stmt {
        let start = advance().range
        guard functions > 0 else {
            throw fail(.returnOutsideFunction, at: tokens[current - 1])
        }
        if atStatementEnd { return Stmt(.return(nil), start) }
        let value = try expression()
        return Stmt(.return(value), start.to(value.range))
    }

    /// useStmt -> "use" STRING
    private mutating func useStatement() throws(Failure) -> Stmt {
        let start = advance().range
        guard case let .string(pieces) = peek.kind else { throw expected("file name in quotes") }
        guard pieces.count == 1, case let .text(path) = pieces[0] else {
            throw fail(.useInterpolates)
        }
        let end = advance().range
        return Stmt(.use(path), start.to(end))
    }

    /// expectStmt -> "expect" expression ("else" expression)?
    private mutating func expectStatement() throws(Failure) -> Stmt {
        let start = advance().range
        let condition = try expression()
        var message: Expr?
        if match(.keyword(.else)) { message = try expression() }
        return Stmt(.expect(condition, message: message), start.to(message?.range ?? condition.range))
    }

    /// expectRefused -> "expect" "refused" block ("as" NAME)?
    private mutating func refusedExpectation() throws(Failure) -> Stmt {
        let start = advance().range
        advance()
        let body = try block()
        var binding: String?
        var end = body.range
        if case .identifier("as") = peek.kind {
            advance()
            end = peek.range
            binding = try identifier("name after 'as'")
        }
        return Stmt(.expectRefused(body.statements, binding: binding), start.to(end), names: binding == nil ? [] : [end])
    }

    /// letStmt -> "let" NAME "=" expression
    private mutating func letStatement() throws(Failure) -> Stmt {
        let start = advance().range
        let name = try identifier("variable name after 'let'")
        let nameRange = lastRange
        guard match(.equal) else { throw expected("'=' after 'let \(name)'") }
        // `let o = ordr 1 TRX`: a misspelt command reads as a name with something after it.
        let first = peek
        let value = try expression()
        if case .variable = value.kind, !atStatementEnd, let hint = wordHint(first) { throw hint }
        return Stmt(.let(name, value), start.to(value.range), names: [nameRange])
    }

    /// ifStmt -> "if" expression block ("else" (ifStmt | block))?
    private mutating func ifStatement() throws(Failure) -> Stmt {
        let entry = height
        defer { height = entry }
        let start = advance().range
        let condition = try expression()
        if check(.equal) { throw fail(.assignmentWithin(condition: true)) }
        let then = try block()
        var end = then.range
        var otherwise: [Stmt]?
        var look = current
        while !interactive && tokens[look].kind == .newline { look += 1 }
        if tokens[look].kind == .keyword(.else) {
            current = look
            advance()
            if check(.keyword(.if)) {
                try deepen()
                let nested = try ifStatement()
                otherwise = [nested]
                end = nested.range
            } else {
                let body = try block()
                otherwise = body.statements
                end = body.range
            }
        }
        return Stmt(.if(condition, then.statements, else: otherwise), start.to(end))
    }

    /// forStmt -> "for" NAME "in" expression block
    private mutating func forStatement() throws(Failure) -> Stmt {
        let start = advance().range
        let name = try identifier("loop variable after 'for'")
        let nameRange = lastRange
        guard match(.keyword(.in)) else { throw expected("'in' after 'for \(name)'") }
        let sequence = try expression()
        let body = try block()
        return Stmt(.for(name, sequence, body.statements), start.to(body.range), names: [nameRange])
    }

    /// `cases` is an ordinary name, except at the start of a statement followed by something that
    /// starts an expression (a `[` or `(` after a space: `cases[0]` indexes a list named cases).
    private var startsCases: Bool {
        let next = peek(1)
        switch next.kind {
        case .identifier, .number, .duration, .percent, .string, .leftBrace: return true
        case .keyword(.and), .keyword(.or), .keyword(.in), .keyword(.else): return false
        case .keyword: return true
        case .leftBracket, .leftParen: return next.range.start != peek.range.end
        default: return false
        }
    }

    /// casesStmt -> "cases" expression "as" NAME block
    private mutating func casesStatement() throws(Failure) -> Stmt {
        let start = advance().range
        let rows = try expression()
        guard case .identifier("as") = peek.kind else { throw expected("'as NAME' after the cases' list") }
        advance()
        let name = try identifier("name for one case after 'as'")
        let nameRange = lastRange
        let body = try block()
        return Stmt(.cases(rows, name, body.statements), start.to(body.range), names: [nameRange])
    }

    /// defStmt -> "def" NAME "(" (NAME ("," NAME)*)? ")" block
    private mutating func defStatement() throws(Failure) -> Stmt {
        let start = advance().range
        let name = try identifier("function name after 'def'")
        var names = [lastRange]
        guard check(.leftParen) else { throw expected("'(' after 'def \(name)'") }
        let open = openGroup()
        var parameters: [String] = []
        if !check(.rightParen) {
            repeat {
                let parameter = try identifier("parameter name")
                if parameters.contains(parameter) { throw fail(.parameterTwice(parameter)) }
                parameters.append(parameter)
                names.append(lastRange)
            } while match(.comma)
        }
        try close(.rightParen, "')'", opened: open)
        functions += 1
        defer { functions -= 1 }
        let body = try block()
        return Stmt(.def(name, parameters, body.statements), start.to(body.range), names: names)
    }

    /// block -> "{" statement* "}"
    private mutating func block() throws(Failure) -> (statements: [Stmt], range: SourceRange) {
        try nested { (parser: inout Parser) throws(Failure) in try parser.blockBody() }
    }

    private mutating func blockBody() throws(Failure) -> (statements: [Stmt], range: SourceRange) {
        let open = peek
        guard match(.leftBrace) else { throw expected("'{'") }
        var statements: [Stmt] = []
        skipNewlines()
        while !check(.rightBrace) && !check(.endOfInput) {
            if let statement = statementOrRecover() { statements.append(statement) }
            skipNewlines()
        }
        let end = peek.range
        try close(.rightBrace, "'}'", opened: open)
        return (statements, open.range.to(end))
    }

    // MARK: Expressions

    /// expression -> orExpr
    mutating func expression() throws(Failure) -> Expr {
        try nested { (parser: inout Parser) throws(Failure) in try parser.or() }
    }

    /// Runs `body` one level deeper, refusing input nested more than `maxDepth` levels.
    private mutating func nested<T>(_ body: (inout Parser) throws(Failure) -> T) throws(Failure) -> T {
        guard depth < Parser.maxDepth else { throw fail(.nestedTooDeep(limit: Parser.maxDepth)) }
        let entry = height
        try deepen()
        depth += 1
        defer { depth -= 1; height = entry }
        return try body(&self)
    }

    /// One level taller.
    private mutating func deepen() throws(Failure) {
        guard height < Parser.maxHeight else {
            throw fail(.chainTooTall(limit: Parser.maxHeight))
        }
        height += 1
    }

    /// orExpr -> andExpr ("or" andExpr)*
    private mutating func or() throws(Failure) -> Expr {
        let entry = height
        defer { height = entry }
        var left = try and()
        while match(.keyword(.or)) {
            try deepen()
            let right = try and()
            left = Expr(.binary(.or, left, right), left.range.to(right.range))
        }
        return left
    }

    /// andExpr -> notExpr ("and" notExpr)*
    private mutating func and() throws(Failure) -> Expr {
        let entry = height
        defer { height = entry }
        var left = try not()
        while match(.keyword(.and)) {
            try deepen()
            let right = try not()
            left = Expr(.binary(.and, left, right), left.range.to(right.range))
        }
        return left
    }

    /// notExpr -> "not" notExpr | comparison
    private mutating func not() throws(Failure) -> Expr {
        if check(.keyword(.not)) {
            let start = advance().range
            let operand = try nested { (parser: inout Parser) throws(Failure) in try parser.not() }
            return Expr(.unary(.not, operand), start.to(operand.range))
        }
        return try comparison()
    }

    /// comparison -> additive (("==" | "!=" | "<" | "<=" | ">" | ">=") additive)?
    private mutating func comparison() throws(Failure) -> Expr {
        let left = try additive()
        let op: BinaryOperator
        switch peek.kind {
        case .equalEqual: op = .equal
        case .bangEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        default: return left
        }
        advance()
        let right = try additive()
        return Expr(.binary(op, left, right), left.range.to(right.range))
    }

    /// additive -> multiplicative (("+" | "-") multiplicative)*
    private mutating func additive() throws(Failure) -> Expr {
        let entry = height
        defer { height = entry }
        var left = try multiplicative()
        while check(.plus) || check(.minus) {
            try deepen()
            let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
            let right = try multiplicative()
            left = Expr(.binary(op, left, right), left.range.to(right.range))
        }
        return left
    }

    /// multiplicative -> unary (("*" | "/") unary)*
    private mutating func multiplicative() throws(Failure) -> Expr {
        let entry = height
        defer { height = entry }
        var left = try unary()
        while check(.star) || check(.slash) {
            try deepen()
            let op: BinaryOperator = advance().kind == .star ? .multiply : .divide
            let right = try unary()
            left = Expr(.binary(op, left, right), left.range.to(right.range))
        }
        return left
    }

    /// unary -> "-" unary | postfix
    private mutating func unary() throws(Failure) -> Expr {
        if check(.minus) {
            let start = advance().range
            let operand = try nested { (parser: inout Parser) throws(Failure) in try parser.unary() }
            return Expr(.unary(.negate, operand), start.to(operand.range))
        }
        return try postfix()
    }

    /// postfix -> primary ("." NAME | "[" expression "]")*
    private mutating func postfix() throws(Failure) -> Expr {
        let entry = height
        defer { height = entry }
        var value = try primary()
        while true {
            if check(.dot) || check(.leftBracket) { try deepen() }
            if match(.dot) {
                let token = peek
                let name: String
                switch token.kind {
                case let .identifier(text): name = text
                case let .keyword(word): name = word.rawValue
                default: throw expected("field name after '.'")
                }
                advance()
                value = Expr(.field(value, name), value.range.to(token.range))
            } else if check(.leftBracket) {
                let open = openGroup()
                let index = try expression()
                let end = peek.range
                try close(.rightBracket, "']'", opened: open)
                value = Expr(.index(value, index), value.range.to(end))
            } else {
                return value
            }
        }
    }

    /// primary -> NUMBER CURRENCY? | DURATION | PERCENT | STRING | "true" | "false" | "null" | "it"
    ///          | NAME ( "(" arguments? ")" )? | "(" expression ")" | "[" ( arguments ","? )? "]"
    ///          | record | command
    private mutating func primary() throws(Failure) -> Expr {
        let token = peek
        switch token.kind {
        case let .number(value):
            advance()
            if case let .identifier(unit) = peek.kind, peek.range.start.line == token.range.end.line {
                if Parser.isCurrency(unit) {
                    let end = advance().range
                    return Expr(.amount(value, unit: unit), token.range.to(end))
                }
                if Parser.isCurrency(unit.uppercased()) {
                    throw fail(.lowerCaseCurrency(value: "\(value)", unit: unit))
                }
            }
            return Expr(.number(value), token.range)
        case let .duration(millis):
            advance()
            return Expr(.duration(milliseconds: millis), token.range)
        case let .percent(value):
            advance()
            return Expr(.percent(value), token.range)
        case let .string(pieces):
            advance()
            return Expr(.string(try interpolation(pieces)), token.range)
        case .keyword(.true): advance(); return Expr(.bool(true), token.range)
        case .keyword(.false): advance(); return Expr(.bool(false), token.range)
        case .keyword(.null): advance(); return Expr(.null, token.range)
        case .keyword(.it): advance(); return Expr(.it, token.range)
        case let .identifier(name):
            advance()
            guard check(.leftParen) else { return Expr(.variable(name), token.range) }
            let open = openGroup()
            let arguments = check(.rightParen) ? [] : try self.arguments(trailingComma: false)
            let end = peek.range
            try close(.rightParen, "')'", opened: open)
            return Expr(.call(name, arguments), token.range.to(end))
        case .leftParen:
            openGroup()
            var inner = try expression()
            let end = peek.range
            try close(.rightParen, "')'", opened: token)
            // The parentheses belong to the expression's place, so `(get order x).status` is
            // quoted whole when an expectation on it fails.
            inner.range = token.range.to(end)
            return inner
        case .leftBracket:
            openGroup()
            let items = check(.rightBracket) ? [] : try arguments(trailingComma: true)
            let end = peek.range
            try close(.rightBracket, "']'", opened: token)
            return Expr(.list(items), token.range.to(end))
        case .leftBrace:
            return try record()
        case let .keyword(word):
            if let command = try command(word) { return command }
            throw fail(.cannotStartExpression(word.rawValue, hint: unclosedGroupHint))
        default:
            throw expected("expression")
        }
    }

    /// record -> "{" ( NAME ":" expression ( "," NAME ":" expression )* ","? )? "}"
    /// Only where an expression starts: after `if x` or `for c in list` a `{` opens the block.
    private mutating func record() throws(Failure) -> Expr {
        let open = openGroup()
        var fields: [FieldExpr] = []
        while !check(.rightBrace) {
            let start = peek.range
            let name: String
            switch peek.kind {
            case let .identifier(text): name = text
            case let .keyword(word): name = word.rawValue
            case let .string(pieces) where pieces.count == 1: guard case let .text(text) = pieces[0] else { fallthrough }; name = text
            default: throw expected("field name in a record")
            }
            advance()
            if fields.contains(where: { $0.name == name }) { throw fail(.fieldTwice(name), at: tokens[current - 1]) }
            guard match(.colon) else { throw expected("':' after the field name '\(name)'") }
            let value = try expression()
            fields.append(FieldExpr(name: name, value: value, range: start.to(value.range)))
            guard match(.comma) else { break }
        }
        let end = peek.range
        try close(.rightBrace, "'}'", opened: open)
        return Expr(.record(fields), open.range.to(end))
    }

    /// arguments -> expression ( "," expression )*
    /// (a list may end with one more ",")
    private mutating func arguments(trailingComma: Bool) throws(Failure) -> [Expr] {
        var items = [try expression()]
        while match(.comma) {
            if trailingComma && check(.rightBracket) { break }
            items.append(try expression())
        }
        return items
    }

    /// Where a statement keyword turns up inside brackets, the likelier mistake is the bracket.
    private var unclosedGroupHint: String {
        guard let open = groups.last else { return "" }
        return " (is the \(open.kind.display) at line \(open.range.start.line), column \(open.range.start.column) left open?)"
    }

    /// A currency unit after a number: upper-case letters, digits and `_`, starting with a letter.
    static func isCurrency(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first), name.count >= 2 else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private mutating func interpolation(_ pieces: [StringPiece]) throws(Failure) -> [StringPart] {
        var parts: [StringPart] = []
        for piece in pieces {
            switch piece {
            case let .text(text): parts.append(.text(text))
            case let .code(code, location):
                var lexer = Lexer(code, startingAt: location)
                var inner = Parser(interpolating: lexer.tokenize(), within: self)
                inner.errors = lexer.errors.map { SyntaxError(reason: $0.reason, range: $0.range, atEndOfInput: false) }
                if inner.check(.endOfInput) {
                    errors.append(SyntaxError(reason: .emptyInterpolation, range: SourceRange(location, location), atEndOfInput: false))
                    continue
                }
                if let value = try? inner.expression() {
                    if !inner.check(.endOfInput) { _ = inner.expected("'}'") }
                    parts.append(.expr(value))
                }
                errors += inner.errors
            }
        }
        return parts
    }

    // MARK: Commands

    /// command -> WORD FORM? operand* requiredClause* optionalClause*
    /// requiredClause -> CLAUSE operand
    /// optionalClause -> CLAUSE operand
    /// Each command's words, operands and clauses are its entry in the command table
    /// (CommandSpec.swift, `Commands.all`): this reads any command by its entry, and `wait`, whose
    /// order must be told from its statuses, by `waitCommand`.
    private mutating func command(_ word: Keyword) throws(Failure) -> Expr? {
        guard Commands.keywords.contains(word) else { return nil }
        let start = advance().range
        let forms = Commands.forms(of: word)
        var spec = Commands.spec(word)
        if !forms.isEmpty {
            guard let form = forms.first(where: { isWord($0, peek) }) else {
                let listed = forms.dropLast().map { "'\($0)'" }.joined(separator: ", ") + " or '\(forms.last!)'"
                if case let .identifier(written) = peek.kind, let near = Hints.closest(to: written, among: forms) {
                    throw fail(.misspeltForm(forms: forms, command: word.rawValue, found: written, suggestion: near),
                               fix: Replacement(peek.range, with: near))
                }
                throw expected("\(listed) after '\(word.rawValue)'")
            }
            advance()
            spec = Commands.spec(word, form)
        }
        guard let spec else { return nil }
        let command = switch spec.syntax {
        case .clauses: try clauses(of: spec)
        case .wait: try waitCommand(spec)
        }
        return Expr(.command(command), start.to(tokens[max(current - 1, 0)].range))
    }

    /// Whether `token` is `word`: a keyword spelt so, or a name (a form like `rate` is a word
    /// only after its command).
    private func isWord(_ word: String, _ token: Token) -> Bool {
        switch token.kind {
        case let .keyword(keyword): keyword.rawValue == word
        case let .identifier(name): name == word
        default: false
        }
    }

    /// The clause reader: the entry's operands in order, its required clauses in order, then its
    /// optional clauses in any order, each once.
    private mutating func clauses(of spec: CommandSpec) throws(Failure) -> Command {
        var operands: [CommandArgument?] = []
        for operand in spec.operands { operands.append(try argument(operand)) }
        var clauses: [Keyword: Expr] = [:]
        for clause in spec.clauses where clause.required {
            guard clauseWord(peek) == clause.word else { throw expected(clause.missing ?? "'\(clause.word.rawValue)'") }
            advance()
            clauses[clause.word] = try operand(clause.expected)
        }
        clauses.merge(try optionalClauses(of: spec)) { first, _ in first }
        return Command(spec, operands, clauses: clauses)
    }

    /// One operand, read as its kind reads: refund's size may be the word `half` or `all`, and
    /// balance's asset a bare currency code (`balance TRX`). An optional one is absent when
    /// nothing that starts an operand follows.
    private mutating func argument(_ operand: CommandSpec.Operand) throws(Failure) -> CommandArgument? {
        switch operand.kind {
        case .refundSize:
            if match(.keyword(.half)) { return .word("half") }
            if match(.keyword(.all)) { return .word("all") }
        case .asset:
            if case let .identifier(name) = peek.kind, Parser.isCurrency(name) {
                let token = advance()
                return .expr(Expr(.string([.text(name)]), token.range))
            }
        default:
            break
        }
        if operand.optional && !startsOperand { return nil }
        return .expr(try self.operand(operand.expected))
    }

    /// waitCmd -> "wait" operand? STATUS ("," STATUS)* ("within" operand)? ("every" operand)?
    private mutating func waitCommand(_ spec: CommandSpec) throws(Failure) -> Command {
        var order: Expr?
        if case let .identifier(name) = peek.kind, Parser.statusWords.contains(name) {
        } else if Parser.quotedStatus(peek) != nil, [.comma, .newline, .rightBrace, .endOfInput, .keyword(.within), .identifier("every")].contains(peek(1).kind) {
            // `wait "partiallyRefunded"`: a quoted status with nothing after it is no order.
        } else if startsOperand {
            order = try operand("order")
        }
        var statuses: [String] = []
        let firstStatus = peek
        repeat {
            if case let .identifier(name) = peek.kind, Parser.statusWords.contains(name) {
                statuses.append(name)
            } else if let quoted = Parser.quotedStatus(peek) {
                statuses.append(quoted)
            } else {
                throw expected("status (\(Parser.statusWords.sorted().joined(separator: ", ")), or one in quotes)")
            }
            advance()
        } while match(.comma)
        // `wait failed completed`: the first status word was meant as a variable.
        if order == nil, statuses.count == 1, case let .identifier(next) = peek.kind, Parser.statusWords.contains(next) {
            throw fail(.statusAsVariable(status: statuses[0], next: next),
                       fix: Replacement(firstStatus.range, with: "(\(statuses[0]))"))
        }
        return Command(spec, [order.map(CommandArgument.expr), .statuses(statuses)], clauses: try optionalClauses(of: spec))
    }

    /// A status the language does not name, in quotes as the gateway writes it: a plain string
    /// (no `{…}`), not empty.
    private static func quotedStatus(_ token: Token) -> String? {
        guard case let .string(pieces) = token.kind, pieces.count == 1, case let .text(text) = pieces[0], !text.isEmpty else { return nil }
        return text
    }

    /// The optional clauses `spec` lists, like `for X` and `external Y`, each at most once, in any
    /// order.
    private mutating func optionalClauses(of spec: CommandSpec) throws(Failure) -> [Keyword: Expr] {
        var found: [Keyword: Expr] = [:]
        while let word = clauseWord(peek), let clause = spec.clauses.first(where: { !$0.required && $0.word == word }) {
            let token = advance()
            if found[word] != nil { throw fail(.clauseTwice(word.rawValue), at: token) }
            found[word] = try operand(clause.expected)
        }
        return found
    }

    /// The clause word a token is: a keyword, or a name spelt like a contextual one (`every`).
    private func clauseWord(_ token: Token) -> Keyword? {
        switch token.kind {
        case let .keyword(word): return word
        case let .identifier(name): return Keyword(rawValue: name).flatMap { $0.isContextual ? $0 : nil }
        default: return nil
        }
    }

    /// operand -> additive
    /// A command's operands stop before comparisons and clause words.
    private mutating func operand(_ what: String) throws(Failure) -> Expr {
        guard startsOperand else { throw expected(what) }
        return try nested { (parser: inout Parser) throws(Failure) in try parser.additive() }
    }

    /// Whether the next token can begin an operand. Status names are ordinary names here; only
    /// `wait` reads them as statuses, and it looks for them before asking.
    private var startsOperand: Bool {
        switch peek.kind {
        case .number, .duration, .percent, .string, .leftParen, .leftBracket, .minus, .identifier: return true
        case let .keyword(word): return Parser.valueWords.contains(word) || Commands.keywords.contains(word)
        default: return false
        }
    }

    private static let valueWords: Set<Keyword> = [.true, .false, .null, .it]

    // MARK: Token helpers

    private var peek: Token { tokens[current] }
    private func peek(_ offset: Int) -> Token { tokens[min(current + offset, tokens.count - 1)] }
    private func check(_ kind: TokenKind) -> Bool { peek.kind == kind }
    private var atStatementEnd: Bool { check(.newline) || check(.rightBrace) || check(.endOfInput) }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[current]
        if current < tokens.count - 1 { current += 1 }
        if !groups.isEmpty { skipNewlines() }
        return token
    }

    /// Consumes a `(` or `[`; newlines are skipped until its match.
    @discardableResult
    private mutating func openGroup() -> Token {
        let token = peek
        groups.append(token)
        advance()
        return token
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func skipNewlines() {
        while check(.newline) { advance() }
    }

    /// The range of the token just read: a name `identifier` returned.
    private var lastRange: SourceRange { tokens[max(current - 1, 0)].range }

    private mutating func identifier(_ what: String) throws(Failure) -> String {
        guard case let .identifier(name) = peek.kind else {
            if case let .keyword(word) = peek.kind { throw fail(.reservedWord(word.rawValue, expected: what)) }
            throw expected(what)
        }
        advance()
        return name
    }

    /// Consumes a closing delimiter, or reports it with where it was opened.
    private mutating func close(_ kind: TokenKind, _ name: String, opened: Token) throws(Failure) {
        if check(kind) {
            if groups.last == opened { groups.removeLast() }
            advance()
            return
        }
        let opener = opened.kind.display
        throw fail(.unclosed(closer: name, opener: opener, line: opened.range.start.line, found: peek.kind.display))
    }
}
