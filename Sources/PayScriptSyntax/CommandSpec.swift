// Every command, described once (`Commands.all`): its words, operands and clauses with their kinds,
// what it gives, whether it is for the sandbox only or sends money out, and its help. The table
// drives the parser (one clause reader; `wait` keeps a parse function, named in its entry), the
// formatter, the checker's walk, the interpreter's guards, hover, completion, `:help` and
// `ValueShape`. A new command is an entry here, a run function in PayScript/Commands listed in
// `Interpreter.runners`, the client call it makes, and its lines in grammar.md and README; a new
// word that starts one also goes in `Keyword` (Token.swift), as every reserved word does.

/// What an operand must be when the command runs.
public enum OperandKind: String, Sendable, CaseIterable {
    /// A crypto amount like `1 TRX`.
    case amount
    /// A fiat amount like `25 EUR`.
    case fiatAmount
    /// An order record or order id.
    case order
    /// An amount or an order (`pay`'s single operand).
    case amountOrOrder
    /// An integration record, name or id.
    case integration
    /// A blockchain address as a string.
    case address
    /// An id as a string or a number.
    case id
    case duration
    /// An asset id or currency code.
    case asset
    /// An amount or a percentage of the order (`refund`'s size).
    case refundSize
    /// Order statuses (`wait`).
    case statuses
    /// A variable's name (`refresh`): what it holds is fetched again and bound to it.
    case name

    /// The words an operand of this kind reads as themselves: refund's `half` and `all`.
    public var words: [String] {
        self == .refundSize ? [Keyword.half.rawValue, Keyword.all.rawValue] : []
    }

    /// How a usage line names it.
    public var placeholder: String {
        switch self {
        case .amount: "AMOUNT"
        case .fiatAmount: "FIAT_AMOUNT"
        case .order: "ORDER"
        case .amountOrOrder: "AMOUNT|ORDER"
        case .integration: "INTEGRATION"
        case .address: "ADDRESS"
        case .id: "ID"
        case .duration: "DURATION"
        case .asset: "ASSET"
        case .refundSize: "half|all|AMOUNT|PERCENT"
        case .statuses: "STATUS[, STATUS…]"
        case .name: "NAME"
        }
    }
}

/// A class, not a struct: the parser, the resolver and the formatter pass an entry around for every
/// command they read, and a reference costs one retain where a copy of its arrays cost a tenth of
/// `pay check` on a large file.
public final class CommandSpec: Sendable {
    /// An operand right after the command's words: `1 TRX` of `order 1 TRX`.
    public struct Operand: Sendable {
        public var kind: OperandKind
        /// Left out, the command uses its default (`it`, all, the only integration).
        public var optional: Bool
        /// What the parser says it expected when it is missing: `amount like 1 TRX`.
        public var expected: String
    }

    /// A clause word and its operand, like `for INTEGRATION`.
    public struct Clause: Sendable {
        public var word: Keyword
        public var operand: OperandKind
        /// Required clauses come in the order listed; optional ones in any order, once each.
        public var required: Bool
        /// For a required clause, what the parser says is missing when the word is not there
        /// (`'to ADDRESS' after the amount`); and what it expected after the word.
        public var missing: String?
        public var expected: String
    }

    /// A command whose syntax the clause reader cannot read: the parse function that reads it.
    public enum Syntax: Sendable {
        /// Operands, then required clauses in order, then optional ones in any order.
        case clauses
        /// `wait`: an optional order, told from the statuses that follow it (Parser.waitCommand).
        case wait
    }

    /// The word that starts the command.
    public let keyword: Keyword
    /// A second word that picks a form (`get order`, `get rate`), if any: a keyword, or a name
    /// that is a word only here.
    public let subword: String?
    public let operands: [Operand]
    public let clauses: [Clause]
    public let syntax: Syntax
    /// What it gives, for hover, completion and `ValueShape`; `givesBare` when its optional
    /// operand is left out (`balance` alone is every balance). Made when asked, not with the
    /// table: the parser and checker read the table and never need a shape (and LeakSanitizer,
    /// in Tests/fuzz, takes the tagged pointers a static shape holds for leaks).
    public var gives: ValueShape { shape() }
    public var givesBare: ValueShape? { bareShape() }
    private let shape: @Sendable () -> ValueShape
    private let bareShape: @Sendable () -> ValueShape?
    /// Only the embedded or served sandbox can do it (time, the payer, balances): the dispatch
    /// refuses it on a real gateway before it runs.
    public let sandboxOnly: Bool
    /// Sends money out: only such a command gets the permit the guard (--allow-outgoing,
    /// --max-outgoing, confirmation at a prompt) takes, so only it can move money.
    public let outgoing: Bool
    /// Running it reads the gateway's integrations (one is named, or the only one is used), so a
    /// run fetches them with its first reads.
    public let readsIntegrations: Bool
    /// One line for `:help` and completion.
    public let summary: String

    /// `refund` or `get order`: also the command's name in the syntax tree.
    public var name: String { [keyword.rawValue, subword].compactMap { $0 }.joined(separator: " ") }

    /// `order AMOUNT [for INTEGRATION] [external ID]`
    public var usage: String {
        var parts = [name]
        for operand in operands { parts.append(operand.optional ? "[\(operand.kind.placeholder)]" : operand.kind.placeholder) }
        for clause in clauses {
            let text = "\(clause.word.rawValue) \(clause.operand.placeholder)"
            parts.append(clause.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    init(_ keyword: Keyword, form subword: String? = nil, _ operands: [Operand] = [], clauses: [Clause] = [],
         syntax: Syntax = .clauses, gives: @escaping @autoclosure @Sendable () -> ValueShape,
         givesBare: @escaping @autoclosure @Sendable () -> ValueShape? = nil, sandboxOnly: Bool = false,
         outgoing: Bool = false, readsIntegrations: Bool = false, _ summary: String) {
        self.keyword = keyword
        self.subword = subword
        self.operands = operands
        self.clauses = clauses
        self.syntax = syntax
        shape = gives
        bareShape = givesBare
        self.sandboxOnly = sandboxOnly
        self.outgoing = outgoing
        self.readsIntegrations = readsIntegrations
        self.summary = summary
    }
}

extension CommandSpec.Operand {
    static func required(_ kind: OperandKind, _ expected: String) -> Self { Self(kind: kind, optional: false, expected: expected) }
    static func optional(_ kind: OperandKind, _ expected: String) -> Self { Self(kind: kind, optional: true, expected: expected) }
}

extension CommandSpec.Clause {
    static func required(_ word: Keyword, _ operand: OperandKind, missing: String, _ expected: String) -> Self {
        Self(word: word, operand: operand, required: true, missing: missing, expected: expected)
    }
    static func optional(_ word: Keyword, _ operand: OperandKind, _ expected: String? = nil) -> Self {
        Self(word: word, operand: operand, required: false, missing: nil, expected: expected ?? "value after '\(word.rawValue)'")
    }
}

/// The command table: one entry per command. The parser reads each command by its entry, the
/// formatter prints it from it, the checker walks its operands by it, the interpreter's dispatch
/// refuses a sandbox-only command on a real gateway and gives the outgoing permit by it, and
/// hover, completion, `:help` and `ValueShape` read it. A command is its entry here, a run
/// function (PayScript/Commands, listed in `Interpreter.runners`) and the client call it makes.
public enum Commands {
    public static let all: [CommandSpec] = [
        CommandSpec(.integrations, gives: .list(ValueShape.integration), readsIntegrations: true, "the gateway's integrations"),
        CommandSpec(.integration, [.required(.integration, "integration name")], gives: ValueShape.integration,
                    readsIntegrations: true, "one integration, by name or id"),
        CommandSpec(.assets, gives: .list(ValueShape.asset), "the crypto assets the gateway accepts"),
        CommandSpec(.rates, [.required(.fiatAmount, "fiat amount like 10 EUR")], gives: .list(ValueShape.rate),
                    "what a fiat amount buys in each asset"),
        CommandSpec(.order, [.required(.amount, "amount like 1 TRX")],
                    clauses: [.optional(.for, .integration), .optional(.external, .id)], gives: ValueShape.order,
                    readsIntegrations: true, "create an incoming order; binds it"),
        CommandSpec(.get, form: "order", [.required(.id, "order id")], gives: ValueShape.order, "fetch an order; binds it"),
        CommandSpec(.get, form: "transaction", [.required(.id, "transaction id")], gives: ValueShape.transaction,
                    "fetch a transaction"),
        CommandSpec(.get, form: "rate", [.required(.asset, "asset like USDT")],
                    clauses: [.required(.for, .fiatAmount, missing: "'for FIAT_AMOUNT' after the asset", "fiat amount like 10 EUR")],
                    gives: ValueShape.rate, "what a fiat amount buys in one asset"),
        CommandSpec(.refund, [.optional(.refundSize, "amount or percentage")],
                    clauses: [.optional(.of, .order), .optional(.to, .address)], gives: ValueShape.outgoing("refund"), outgoing: true,
                    "refund an order (all that is left, by default) to its payer; binds the refund"),
        CommandSpec(.withdraw, [.required(.amount, "amount like 1 TRX")],
                    clauses: [.required(.to, .address, missing: "'to ADDRESS' after the amount", "destination address"),
                              .optional(.from, .integration)],
                    gives: ValueShape.outgoing("withdrawal"), outgoing: true, readsIntegrations: true,
                    "withdraw to an address; binds the withdrawal"),
        CommandSpec(.send, [.required(.amount, "amount like 1 TRX")],
                    clauses: [.required(.from, .address, missing: "'from ADDRESS' after the amount", "address to send from"),
                              .required(.to, .address, missing: "'to ADDRESS' after the sending address", "destination address"),
                              .optional(.for, .integration), .optional(.external, .id)],
                    gives: ValueShape.outgoing("send"), outgoing: true, readsIntegrations: true,
                    "send from a payment address to another; binds the send"),
        CommandSpec(.wait, [.optional(.order, "order"), .required(.statuses, "status")],
                    clauses: [.optional(.within, .duration), .optional(.every, .duration)], syntax: .wait, gives: ValueShape.order,
                    "poll an order until it reaches a status; binds it"),
        CommandSpec(.pay, [.optional(.amountOrOrder, "amount or order")], clauses: [.optional(.to, .order, "order after 'to'")],
                    gives: ValueShape.transaction, sandboxOnly: true, "the simulated payer pays an order"),
        CommandSpec(.advance, [.required(.duration, "duration like 5m")], gives: .simple("timestamp"), sandboxOnly: true,
                    "move virtual time on"),
        CommandSpec(.balance, [.optional(.asset, "asset")], gives: .simple("amount"),
                    givesBare: .record(name: "balances", fields: []), sandboxOnly: true, readsIntegrations: true,
                    "the integration's balances"),
        CommandSpec(.refresh, [.required(.name, "a variable holding an order or a transaction")], gives: ValueShape.order,
                    "fetch again what a variable holds (an order, a transaction, a list of them) and bind it anew"),
    ]

    /// The words that start a command.
    public static let keywords: Set<Keyword> = Set(all.map(\.keyword))

    /// Each entry by its name (`get order`).
    public static let named: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The spec of `keyword` (with `subword` for `get`).
    public static func spec(_ keyword: Keyword, _ subword: String? = nil) -> CommandSpec? {
        subword == nil ? bare[keyword] : named["\(keyword.rawValue) \(subword!)"]
    }

    /// The forms a word takes after it (`order`, `transaction` after `get`), in the table's order.
    public static func forms(of keyword: Keyword) -> [String] {
        formsByKeyword[keyword] ?? []
    }

    /// Looked up for every command read, so kept by keyword.
    private static let bare: [Keyword: CommandSpec] = Dictionary(uniqueKeysWithValues: all.filter { $0.subword == nil }.map { ($0.keyword, $0) })
    private static let formsByKeyword: [Keyword: [String]] = Dictionary(grouping: all.filter { $0.subword != nil }, by: \.keyword)
        .mapValues { $0.compactMap(\.subword) }

    /// The statements beside commands, by the word that starts each and how `:help` names them:
    /// `:help`'s list and the REPL's Tab read it. `cases` is a word only at the start of a
    /// statement (grammar.md), so it is no Keyword.
    public static let statements: [(word: String, shown: String)] = [
        ("let", "let"), ("if", "if/else"), ("for", "for"), ("cases", "cases"), ("repeat", "repeat"), ("def", "def/return"),
        ("use", "use"), ("expect", "expect"), ("expect", "expect refused"), ("fail", "fail"), ("print", "print"), ("show", "show"),
        ("sleep", "sleep"),
    ]

    /// Order statuses, which are ordinary names except right after `wait`.
    public static let statusWords: [String] = ["inProgress", "completed", "expired", "failed", "canceled"]
}
