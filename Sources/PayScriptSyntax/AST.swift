// The syntax tree: expressions, commands and statements, each with its source range.
import PayDecimal

public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(FixedDecimal)
        /// `1 TRX`: the number keeps the digits written after the point, for precision checks.
        case amount(FixedDecimal, unit: String)
        case duration(milliseconds: Int64)
        case percent(FixedDecimal)
        case string([StringPart])
        case list([Expr])
        /// `{amount: 1 TRX, ref: "A"}`: fields in the order written.
        case record([FieldExpr])
        case variable(String)
        case it
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case field(Expr, String)
        case index(Expr, Expr)
        case call(String, [Expr])
        case command(Command)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One `name: value` of a record literal.
public struct FieldExpr: Sendable, Equatable {
    public var name: String
    public var value: Expr
    public var range: SourceRange

    public init(name: String, value: Expr, range: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}

public enum StringPart: Sendable, Equatable {
    case text(String)
    case expr(Expr)
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", not
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// How much `refund` gives back.
public enum RefundSize: Sendable, Equatable {
    /// Everything this run has not refunded yet (also when no size is written).
    case all
    case half
    /// An amount or a percentage of the order's total.
    case value(Expr)
}

/// A command as written: its entry in the command table (`Commands.all`, by name) and what each of
/// its parts was given. Each is an expression with a result.
public struct Command: Sendable, Equatable {
    /// Its entry in the table.
    public let spec: CommandSpec
    /// The entry's operands, in order; nil where an optional one was left out.
    public var operands: [CommandArgument?]
    /// The clauses written, by their word.
    public var clauses: [Keyword: Expr]

    public init(_ spec: CommandSpec, _ operands: [CommandArgument?] = [], clauses: [Keyword: Expr] = [:]) {
        self.spec = spec
        self.operands = operands
        self.clauses = clauses
    }

    /// The entry's name: `order`, `get order`.
    public var name: String { spec.name }

    public static func == (a: Command, b: Command) -> Bool {
        a.spec === b.spec && a.operands == b.operands && a.clauses == b.clauses
    }

    /// Operand `index` as an expression, if one was written there.
    public func operand(_ index: Int) -> Expr? {
        guard index < operands.count, case let .expr(expr)? = operands[index] else { return nil }
        return expr
    }

    public func clause(_ word: Keyword) -> Expr? { clauses[word] }

    /// Every expression it holds, in the order written: operands, then clauses in the entry's
    /// order (the checker's walk, and the language server's index, go through them).
    public var expressions: [Expr] {
        operands.compactMap { $0?.expr } + spec.clauses.compactMap { clauses[$0.word] }
    }
}

/// What stands in an operand's place.
public enum CommandArgument: Sendable, Equatable {
    case expr(Expr)
    /// A word the operand's kind reads as itself: refund's `half` or `all`.
    case word(String)
    /// `wait`'s statuses, as written (a quoted one without its quotes).
    case statuses([String])

    public var expr: Expr? {
        if case let .expr(expr) = self { return expr }
        return nil
    }
}

public struct Stmt: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case `let`(String, Expr)
        case assign(String, Expr)
        case expression(Expr)
        case `if`(Expr, [Stmt], else: [Stmt]?)
        case `for`(String, Expr, [Stmt])
        case `repeat`(Expr, [Stmt])
        /// `cases load("amounts.csv") as row { … }`: the block once per item of the list, with
        /// NAME bound to it; `pay test` makes each item a testcase of its own.
        case cases(Expr, String, [Stmt])
        case def(String, [String], [Stmt])
        case `return`(Expr?)
        case use(String)
        case expect(Expr, message: Expr?)
        /// `expect refused { … } as why`: the block must be refused; the reason goes to `why`.
        case expectRefused([Stmt], binding: String?)
        case fail(Expr)
        case print(Expr)
        case show(Expr)
        case sleep(Expr)
    }

    public var kind: Kind
    public var range: SourceRange
    /// Where each name it declares or assigns is written, in order: `let`, `for`, `cases … as`,
    /// an assignment and `expect refused … as` one; `def` its name, then its parameters.
    public var names: [SourceRange]

    public init(_ kind: Kind, _ range: SourceRange, names: [SourceRange] = []) {
        self.kind = kind
        self.range = range
        self.names = names
    }
}

/// A parsed file.
public struct Program: Sendable {
    public var file: SourceFile
    public var statements: [Stmt]
    /// Its `# pay: allow` comments, which silence warnings of the statement below each.
    public var allowances: [Allowance] = []

    public init(file: SourceFile, statements: [Stmt], allowances: [Allowance] = []) {
        self.file = file
        self.statements = statements
        self.allowances = allowances
    }
}

/// `# pay: allow P210` (codes separated by commas or spaces): the warnings named are not reported
/// for the statement on the next line, as ShellCheck's `# shellcheck disable=`.
public struct Allowance: Sendable, Equatable {
    public var range: SourceRange
    /// As written, upper-cased.
    public var codes: [String]

    /// The allowance a comment's text holds, or nil for any other comment.
    public init?(_ comment: String, at range: SourceRange) {
        let body = comment.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        guard body.hasPrefix("pay:") else { return nil }
        let rest = body.dropFirst(4).drop(while: { $0 == " " || $0 == "\t" })
        guard rest.hasPrefix("allow") else { return nil }
        self.range = range
        codes = rest.dropFirst(5).split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map { $0.uppercased() }
    }
}
