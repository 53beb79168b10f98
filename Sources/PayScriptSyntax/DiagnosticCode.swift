// Every diagnostic pay can give, one entry each: a stable code, its severity, the kind of stop it
// is (which decides the exit status), a title, and an explanation with an example that
// `pay explain CODE` prints. P1xx syntax, P2xx the checker, P3xx money and literals, P4xx running,
// P5xx the gateway, the network and the guards for real money.
//
// A code names one meaning; each diagnostic is made from a typed reason (Reasons.swift for the
// front end, RunReason.swift for a run) that carries the particulars (the name, the types, the
// amounts) and maps to its code. Codes are never reused: a retired one stays, marked so in its title.

public struct DiagnosticCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    /// `P204`.
    public let id: String
    public let severity: Severity
    /// How a run that meets it while running stops (and so its exit status); a warning never
    /// stops one. Whatever the code, a problem found before the first statement (by the parser,
    /// the checker, or settling the literals against the gateway) is a syntax error: nothing ran.
    public let kind: ScriptError.Kind
    /// One line, for `pay explain --list`, SARIF's rule and an editor's hover.
    public let title: String
    /// A paragraph: what it means, why pay says it, and what to do.
    public let explanation: String
    /// A script that gives this diagnostic (Tests/PayScriptTests/DiagnosticCodeTests runs each);
    /// nil where only a gateway, a network or the command line can (the explanation says how).
    public let example: String?

    public var description: String { id }
    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id < b.id }
    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The code named `id` (upper or lower case), if pay has one.
    public static func named(_ id: String) -> DiagnosticCode? { byId[id.uppercased()] }
    private static let byId = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// `pay explain P204`: the title, the explanation and the example.
    public var explained: String {
        var out = "\(id): \(title) (\(severity.rawValue))\n\n\(explanation)\n"
        if let example { out += "\nFor example:\n\n" + example.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }

    private init(_ id: String, _ kind: ScriptError.Kind, _ title: String, _ explanation: String, example: String?) {
        self.init(id, .error, kind, title, explanation, example: example)
    }

    private init(_ id: String, _ severity: Severity, _ kind: ScriptError.Kind, _ title: String,
                 _ explanation: String, example: String?) {
        self.id = id
        self.severity = severity
        self.kind = kind
        self.title = title
        self.explanation = explanation
        self.example = example
    }
}

// MARK: - P1xx: syntax

extension DiagnosticCode {
    public static let P101 = DiagnosticCode("P101", .syntax, "something else was expected here", """
        The parser needed one thing (a name, an expression, the end of the line, a clause of a \
        command) and found another. The message names both. A file with a syntax error runs \
        nothing: every syntax error of every file is reported first.
        """, example: "let total = 1 TRX +")

    public static let P102 = DiagnosticCode("P102", .syntax, "a bracket, brace or string is not closed", """
        A `(`, `[`, `{` or `"` opened and the line or file ended before it closed, or a `}` \
        closed a block that was never opened. The message says where the opening one is. At the \
        prompt an unclosed bracket reads another line instead.
        """, example: "print len([1, 2, 3)")

    public static let P103 = DiagnosticCode("P103", .syntax, "a character pay does not read", """
        A character that starts no token (`!`, `$`, a stray `\\` escape in a string). pay writes \
        `not` for negation and `"{name}"` for interpolation.
        """, example: "expect !true")

    public static let P104 = DiagnosticCode("P104", .syntax, "'=' where it cannot stand", """
        `=` assigns, and only as a whole statement (`total = total + 1 TRX`). To compare, write \
        `==`.
        """, example: "let x = 1\nif x = 1 { print x }")

    public static let P105 = DiagnosticCode("P105", .syntax, "not a command", """
        A statement starts with a word that is no command, function or variable pay knows, \
        followed by more words: most often a misspelt command (`refnd half of o`) or a loop \
        from another language (`while`). The message suggests the command meant.
        """, example: "let o = ordr 1 TRX")

    public static let P106 = DiagnosticCode("P106", .syntax, "nested too deep", """
        Brackets, blocks or a chain of operators nest deeper than pay reads (100 open at once, \
        a tree 1000 tall), so no input can exhaust the stack. Split the expression with `let`, \
        and a long `else if` chain into a list and a loop.
        """, example: String(repeating: "(", count: 101) + "1" + String(repeating: ")", count: 101))

    public static let P107 = DiagnosticCode("P107", .syntax, "given twice", """
        A parameter of a `def`, a field of a record or a clause of a command appears twice. \
        Each may be given once.
        """, example: "let r = {a: 1, a: 2}\nprint r")

    public static let P108 = DiagnosticCode("P108", .syntax, "a statement out of its place", """
        A word that belongs somewhere else: `return` outside a `def`, `else` without its `if` \
        (at the prompt `else` must follow the `}` on the same line), a reserved word where a \
        name or an expression must stand, or `use` with a file name that interpolates.
        """, example: "return 1")

    public static let P109 = DiagnosticCode("P109", .syntax, "a status word read as a variable", """
        `wait failed completed` reads `failed` as the status waited for and then meets another \
        status. To wait on a variable whose name is a status word, put it in brackets: \
        `wait (failed) completed`.
        """, example: "let failed = 1\nwait failed completed")

    public static let P110 = DiagnosticCode("P110", .syntax, "a `use` cycle", """
        A file uses itself, directly or through others. Each file runs once, where its first \
        `use` stands, so a cycle has no order to run in.
        """, example: nil)

    public static let P111 = DiagnosticCode("P111", .runtime, "a script or used file cannot be read", """
        The file named (on the command line, or by `use` relative to the file that says it) \
        does not exist, is a directory or device, cannot be read, or is not UTF-8 text. When \
        this is the only problem the run exits 3, as for any file it cannot read; with syntax \
        errors beside it, 2.
        """, example: "use \"no_such_file.pay\"")
}

// MARK: - P2xx: the checker

extension DiagnosticCode {
    public static let P201 = DiagnosticCode("P201", .syntax, "a name that is not declared where it is used", """
        A variable is read or assigned, but no `let` declares it in this block or one around it \
        (a `def` sees what was declared before it, and globals). Declare it with `let NAME = …`; \
        the message suggests a close name that is declared.
        """, example: "let total = 1 TRX\nprint totl")

    public static let P202 = DiagnosticCode("P202", .syntax, "declared twice in one block", """
        `let` declares a name that this block already declared. Assign to it with `NAME = …`, or \
        choose another name. At the prompt a `let` may declare a name again.
        """, example: "let a = 1\nlet a = 2\nprint a")

    public static let P203 = DiagnosticCode("P203", .syntax, "'it' before any command", """
        `it` is the last command's result (an order created, fetched or waited on). Where no \
        command can have run yet it has no value.
        """, example: "print it")

    public static let P204 = DiagnosticCode("P204", .syntax, "the wrong number of arguments", """
        A function or built-in is called with more or fewer arguments than it takes. `pay \
        explain` cannot list built-ins; `:help` at the prompt does.
        """, example: "print len(1, 2)")

    public static let P205 = DiagnosticCode("P205", .syntax, "not a function", """
        A call names something that is neither a built-in nor a `def` visible here. The message \
        suggests a close name or lists the built-ins.
        """, example: "print lenght([1])")

    public static let P210 = DiagnosticCode("P210", .warning, .syntax, "declared but never used", """
        A variable is declared and never read: often a typo elsewhere, or a result meant to be \
        checked. Names that start with `_` are exempt. A warning does not stop a run; `pay check \
        --warnings-as-errors` fails on it. To allow it for one statement, write \
        `# pay: allow P210` on the line above.
        """, example: "let unused = 1")

    public static let P211 = DiagnosticCode("P211", .warning, .syntax, "`# pay: allow` names no warning", """
        A `# pay: allow` comment names a code pay does not have, or one that is an error: only \
        warnings can be allowed. Fix the code or remove the comment.
        """, example: "# pay: allow P999\nlet _x = 1")
}

// MARK: - P3xx: money and literals

extension DiagnosticCode {
    public static let P301 = DiagnosticCode("P301", .runtime, "a number pay cannot hold exactly", """
        Numbers are exact decimals of at most 38 significant digits and 76 digits after the \
        point; a literal beyond that would have to be rounded, so it is refused. A result \
        beyond it is refused when it happens, as P308.
        """, example: "print 1.\(String(repeating: "0", count: 76))1")

    public static let P302 = DiagnosticCode("P302", .runtime, "a duration or time out of range", """
        A duration takes the units ms, s, m, h and d and is at most 100 years; a timestamp lies \
        between 1970-01-01 and 9999-12-31. Put a space between a number and a currency (`5 \
        TRX`), since `5m` is five minutes.
        """, example: "sleep 5y")

    public static let P303 = DiagnosticCode("P303", .runtime, "a currency code in lower case", """
        Currency codes are upper case (`TRX`, `USDT`, `EUR`), as the gateway and ISO 4217 write \
        them.
        """, example: "print 1 trx")

    public static let P304 = DiagnosticCode("P304", .runtime, "an unknown currency", """
        An amount names a currency that is neither an asset of the gateway (its id or its \
        currency code) nor an ISO 4217 fiat code. The message lists the gateway's assets. \
        Literals are checked against the gateway before the first statement runs.
        """, example: "print 1 XYZ")

    public static let P305 = DiagnosticCode("P305", .runtime, "a currency code that names several assets", """
        The gateway has several assets with this currency code (USDT on two networks, say). \
        Write the asset's id, such as `USDT_TRC20`.
        """, example: nil)

    public static let P306 = DiagnosticCode("P306", .runtime, "finer than the currency's precision", """
        An amount has more decimal places than its currency (TRX has 6, EUR 2), or more \
        significant digits than pay holds at that precision. Money is never rounded silently; \
        round it yourself with fewer digits.
        """, example: "print 0.0000001 TRX")

    public static let P307 = DiagnosticCode("P307", .runtime, "amounts in different currencies, or an amount and a bare number", """
        Arithmetic and comparisons take amounts of one currency. Convert one first (with a \
        rate), and write the currency on a number that is meant as money (`0.995 TRX`, not \
        `0.995`).
        """, example: "print 1 TRX + 1 EUR")

    public static let P308 = DiagnosticCode("P308", .runtime, "a result that cannot be exact", """
        Division by zero, or a result that needs more digits than pay holds (76 after the \
        point): pay never rounds money silently, so the operation is refused.
        """, example: "print 1 / 0")
}

// MARK: - P4xx: running

extension DiagnosticCode {
    public static let P400 = DiagnosticCode("P400", .runtime, "an internal error", """
        Something failed that pay did not foresee: a bug in pay, not in the script. Please \
        report it with the script and the message.
        """, example: nil)

    public static let P401 = DiagnosticCode("P401", .runtime, "a value of the wrong type", """
        An operator, statement, command or built-in was given a value of a type it does not \
        take: `if` needs a bool, `for` a list, `+` two numbers or two amounts of one currency. \
        The message names what was needed and what was given.
        """, example: "if 1 { print 1 }")

    public static let P402 = DiagnosticCode("P402", .runtime, "a name with no value when it ran", """
        A name, `it` or a function had no value at the moment the statement ran (the checker \
        finds most of these first; a prompt's entry or a `use`d file may still meet one).
        """, example: nil)

    public static let P403 = DiagnosticCode("P403", .runtime, "no such field or index", """
        A record has no field of that name (the message lists those it has), or a list has no \
        item at that index. Gateway records are shown with `show` to see their fields.
        """, example: "let r = {a: 1}\nprint r.b")

    public static let P404 = DiagnosticCode("P404", .runtime, "a value out of the range a statement takes", """
        A duration that must be positive (`within`, `advance`, `sleep`, at least 1s for \
        `every`), an amount that must be positive, a `repeat` count from 0 to 1000000.
        """, example: "repeat -1 { print 1 }")

    public static let P405 = DiagnosticCode("P405", .runtime, "past a limit that keeps a run bounded", """
        A list holds at most 1000000 values in all, records and lists nest at most 100 deep, a \
        string holds at most 10 MB, calls nest at most 200 deep (a function recursing without \
        end meets this).
        """, example: "def f(n) { return f(n) }\nprint f(1)")

    public static let P406 = DiagnosticCode("P406", .runtime, "a data file that cannot be loaded", """
        `load("file")` reads a .json or .csv file beside the script. It cannot be read, is \
        empty, is not valid JSON or CSV, has a column with no name or twice, a row with another \
        number of cells than the header, or a cell that is not a literal pay reads. The \
        message gives the file's line and column.
        """, example: "print load(\"missing.csv\")")

    public static let P407 = DiagnosticCode("P407", .expectation, "an expectation that did not hold", """
        `expect CONDITION` was false (both sides are shown under it), `fail` was reached, an \
        `expect refused { … }` block succeeded, or cases of a `cases` loop failed. The run \
        exits 1.
        """, example: "expect 1 + 1 == 3")

    public static let P408 = DiagnosticCode("P408", .interrupted, "interrupted or timed out", """
        The run was stopped before it finished: Ctrl-C, `pay test --fail-fast` after another \
        file failed, or `pay test --timeout`. It exits 130.
        """, example: nil)

    public static let P409 = DiagnosticCode("P409", .usage, "a command-line value that is wrong", """
        A `--var NAME=VALUE` whose value looks like a literal and is not a valid one, or a \
        `--max-outgoing` cap in a currency the gateway does not have or finer than its \
        precision. Nothing runs; pay exits 64.
        """, example: nil)
}

// MARK: - P5xx: the gateway, the network and real money

extension DiagnosticCode {
    public static let P501 = DiagnosticCode("P501", .runtime, "refused by the gateway", """
        The gateway answered with a definite refusal (a 4xx status, or a sandbox rule: an \
        unknown order, an amount beyond what can be refunded), or a recording replayed with \
        `--replay` holds no such request. Nothing was changed. `expect refused { … }` catches \
        this.
        """, example: "get order \"no-such-order\"")

    public static let P502 = DiagnosticCode("P502", .unanswered, "no answer from the gateway", """
        The gateway gave no definite answer: no connection, a dropped one, a timeout, a 5xx \
        status or an unreadable reply, after the retries README lists. After a POST the \
        outcome is unknown: the message says how to look the payment up before trying again. \
        `expect refused` does not catch this. Try it with `pay sandbox --faults \
        "drop=1.0"`.
        """, example: nil)

    public static let P503 = DiagnosticCode("P503", .runtime, "a sandbox command on a real gateway", """
        `pay` (the simulated payer), `advance`, `balance` of the sandbox and the like drive the \
        sandbox's simulation; a real gateway has no payer to drive. Run the script without \
        --api, or against `pay sandbox`.
        """, example: nil)

    public static let P504 = DiagnosticCode("P504", .runtime, "an order that cannot do this now", """
        The command needs an order in another state: a refund needs a completed payment and \
        something left to refund, `pay o` needs to know the order's price, a record that is no \
        order cannot be waited on, and a command without an order needs `it` to be bound.
        """, example: "let o = order 1 TRX\nrefund half of o")

    public static let P505 = DiagnosticCode("P505", .runtime, "`wait` ended without the status", """
        The order reached a status that will not change again (failed, expired, completed) \
        other than the one waited for, or was still not there when `within` ran out.
        """, example: "let o = order 1 TRX\nwait o completed within 1m")

    public static let P506 = DiagnosticCode("P506", .runtime, "an integration or asset the gateway does not have", """
        `for INTEGRATION` names no integration of the gateway's, the gateway has several and \
        the command does not say which, an asset is unknown for `rate`, or the sandbox holds no \
        balance in it. The message lists what there is.
        """, example: "let o = order 1 TRX for \"nowhere\"")

    public static let P507 = DiagnosticCode("P507", .safety, "refused by a guard for real money", """
        On a real gateway refunds, withdrawals and sends need `--allow-outgoing`, stay within \
        each `--max-outgoing` cap (one per currency) for the whole run, and at a prompt are \
        confirmed. A payment that would break one of these is refused before any request; the \
        run exits 4.
        """, example: nil)

    public static let P508 = DiagnosticCode("P508", .runtime, "no gateway for the run", """
        `pay test` could not open the gateway a scenario runs on (a world that cannot be \
        created, a sandbox that cannot start).
        """, example: nil)

    /// Every code, in order.
    public static let all: [DiagnosticCode] = [
        .P101, .P102, .P103, .P104, .P105, .P106, .P107, .P108, .P109, .P110, .P111,
        .P201, .P202, .P203, .P204, .P205, .P210, .P211,
        .P301, .P302, .P303, .P304, .P305, .P306, .P307, .P308,
        .P400, .P401, .P402, .P403, .P404, .P405, .P406, .P407, .P408, .P409,
        .P501, .P502, .P503, .P504, .P505, .P506, .P507, .P508,
    ]
}
