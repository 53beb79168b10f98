// Every command, described once: its words, clauses and operand kinds, and whether it is for the
// sandbox only or sends money out. The parser reads the table for which words start a command and
// which optional clauses each takes; the checker, the REPL's completion, `:help` and the language
// server's hover read it too. It does not drive everything yet: a new command still needs its
// keyword (Token.swift), its case (AST.swift), its parse function (Parser.swift), its operands
// (`Command.operands`), its shape (ValueShape.swift), its printing (Formatter.swift), its run
// function (PayScript/Commands), and grammar.md and README (issue 30 asks for the table to drive
// parsing, formatting and the guards).

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
        }
    }
}

public struct CommandSpec: Sendable {
    /// A clause word and its operand, like `for INTEGRATION`.
    public struct Clause: Sendable {
        public var word: Keyword
        public var operand: OperandKind
        /// Required clauses come in the order listed; optional ones in any order, once each.
        public var required: Bool
    }

    /// The word that starts the command.
    public var keyword: Keyword
    /// A second word that picks a form (`get order`, `get transaction`), if any.
    public var subword: Keyword?
    /// Operands right after the words, before any clause; an optional one may be left out.
    public var operands: [(kind: OperandKind, optional: Bool)]
    public var clauses: [Clause]
    /// Only the embedded or served sandbox can do it (time, the payer, balances).
    public var sandboxOnly: Bool
    /// Sends money out: needs --allow-outgoing on a real gateway and counts against --max-outgoing.
    public var outgoing: Bool
    /// One line for `:help` and completion.
    public var summary: String

    /// `refund` or `get order`.
    public var name: String { [keyword.rawValue, subword?.rawValue].compactMap { $0 }.joined(separator: " ") }

    /// `order AMOUNT [for INTEGRATION] [external ID]`
    public var usage: String {
        var parts = [name]
        for (kind, optional) in operands { parts.append(optional ? "[\(kind.placeholder)]" : kind.placeholder) }
        for clause in clauses {
            let text = "\(clause.word.rawValue) \(clause.operand.placeholder)"
            parts.append(clause.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// The optional clause words, for the parser.
    public var optionalClauseWords: Set<Keyword> { Set(clauses.filter { !$0.required }.map(\.word)) }

    init(_ keyword: Keyword, form subword: Keyword? = nil, operands: [(OperandKind, Bool)] = [], clauses: [Clause] = [],
         sandboxOnly: Bool = false, outgoing: Bool = false, _ summary: String) {
        self.keyword = keyword
        self.subword = subword
        self.operands = operands.map { (kind: $0.0, optional: $0.1) }
        self.clauses = clauses
        self.sandboxOnly = sandboxOnly
        self.outgoing = outgoing
        self.summary = summary
    }
}

extension CommandSpec.Clause {
    static func required(_ word: Keyword, _ operand: OperandKind) -> Self { Self(word: word, operand: operand, required: true) }
    static func optional(_ word: Keyword, _ operand: OperandKind) -> Self { Self(word: word, operand: operand, required: false) }
}

public enum Commands {
    public static let all: [CommandSpec] = [
        CommandSpec(.integrations, "the gateway's integrations"),
        CommandSpec(.integration, operands: [(.integration, false)], "one integration, by name or id"),
        CommandSpec(.assets, "the crypto assets the gateway accepts"),
        CommandSpec(.rates, operands: [(.fiatAmount, false)], "what a fiat amount buys in each asset"),
        CommandSpec(.order, operands: [(.amount, false)],
                    clauses: [.optional(.for, .integration), .optional(.external, .id)],
                    "create an incoming order; binds it"),
        CommandSpec(.get, form: .order, operands: [(.id, false)], "fetch an order; binds it"),
        CommandSpec(.get, form: .transaction, operands: [(.id, false)], "fetch a transaction"),
        CommandSpec(.refund, operands: [(.refundSize, true)],
                    clauses: [.optional(.of, .order), .optional(.to, .address)], outgoing: true,
                    "refund an order (all that is left, by default) to its payer; binds the refund"),
        CommandSpec(.withdraw, operands: [(.amount, false)],
                    clauses: [.required(.to, .address), .optional(.from, .integration)], outgoing: true,
                    "withdraw to an address; binds the withdrawal"),
        CommandSpec(.send, operands: [(.amount, false)],
                    clauses: [.required(.from, .address), .required(.to, .address),
                              .optional(.for, .integration), .optional(.external, .id)], outgoing: true,
                    "send from a payment address to another; binds the send"),
        CommandSpec(.wait, operands: [(.order, true), (.statuses, false)], clauses: [.optional(.within, .duration), .optional(.every, .duration)],
                    "poll an order until it reaches a status; binds it"),
        CommandSpec(.pay, operands: [(.amountOrOrder, true)], clauses: [.optional(.to, .order)], sandboxOnly: true,
                    "the simulated payer pays an order"),
        CommandSpec(.advance, operands: [(.duration, false)], sandboxOnly: true, "move virtual time on"),
        CommandSpec(.balance, operands: [(.asset, true)], sandboxOnly: true, "the integration's balances"),
    ]

    /// The words that start a command.
    public static let keywords: Set<Keyword> = Set(all.map(\.keyword))

    /// The spec of `keyword` (with `subword` for `get`).
    public static func spec(_ keyword: Keyword, _ subword: Keyword? = nil) -> CommandSpec? {
        all.first { $0.keyword == keyword && $0.subword == subword }
    }

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
