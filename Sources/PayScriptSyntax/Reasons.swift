// Why the front end refused a script, one enum of reasons per phase (the lexer and parser, the
// checker; a run's are in RunReason.swift), each case with the particulars as typed values: its
// code (DiagnosticCode.swift) and its message come from here, in one place, so tests and tools
// compare reasons, not sentences.

/// What the lexer, the parser or the loader found wrong.
public enum SyntaxReason: Sendable, Equatable {
    /// P101: `what` was needed, `found` (a token as shown) stood there.
    case expected(String, found: String)
    /// P101: after a command with forms (`get`), a word close to one of them.
    case misspeltForm(forms: [String], command: String, found: String, suggestion: String)
    /// P101
    case emptyInterpolation
    /// P102: a `}` with no block open.
    case unexpectedBrace
    /// P102: `closer` was needed to close `opener`, opened at `line`.
    case unclosed(closer: String, opener: String, line: Int, found: String)
    /// P102
    case unterminatedString
    /// P102
    case unclosedInterpolation
    /// P103
    case bang
    /// P103
    case unexpectedCharacter(String)
    /// P103: `\x` in a string.
    case unknownEscape(String)
    /// P104: `=` after a whole statement, or in a condition.
    case assignmentWithin(condition: Bool)
    /// P105: `while`, `loop` or `until`.
    case foreignLoop(String)
    /// P105
    case notACommand(String, suggestion: String)
    /// P105: `watch` in a script.
    case promptOnly(String, suggestion: String)
    /// P106: brackets and blocks open, or a tree too tall.
    case nestedTooDeep(limit: Int)
    case chainTooTall(limit: Int)
    /// P107
    case parameterTwice(String)
    case fieldTwice(String)
    case clauseTwice(String)
    /// P108: `else` with no `if`; at a prompt it must follow the `}`.
    case elseAlone(atPrompt: Bool)
    case returnOutsideFunction
    case useInterpolates
    /// P108: a keyword where an expression starts; `hint` names an unclosed bracket, if any.
    case cannotStartExpression(String, hint: String)
    case reservedWord(String, expected: String)
    /// P109: `wait failed completed`.
    case statusAsVariable(status: String, next: String)
    /// P110: the files of the cycle, by name, in order.
    case useCycle([String])
    /// P111: a used file; `lookedFor` where it was looked for.
    case cannotReadUsed(path: String, reason: String, lookedFor: String)
    /// P111: the script itself.
    case cannotReadScript(reason: String)
    /// P301
    case tooManyDecimals(limit: Int)
    case tooManyDigits(limit: Int)
    case percentageDecimals(limit: Int)
    /// P302
    case unknownDurationUnit(String)
    case durationTooLong
    /// P303: write `value UNIT`.
    case lowerCaseCurrency(value: String, unit: String)

    public var code: DiagnosticCode {
        switch self {
        case .expected, .misspeltForm, .emptyInterpolation: .P101
        case .unexpectedBrace, .unclosed, .unterminatedString, .unclosedInterpolation: .P102
        case .bang, .unexpectedCharacter, .unknownEscape: .P103
        case .assignmentWithin: .P104
        case .foreignLoop, .notACommand, .promptOnly: .P105
        case .nestedTooDeep, .chainTooTall: .P106
        case .parameterTwice, .fieldTwice, .clauseTwice: .P107
        case .elseAlone, .returnOutsideFunction, .useInterpolates, .cannotStartExpression, .reservedWord: .P108
        case .statusAsVariable: .P109
        case .useCycle: .P110
        case .cannotReadUsed, .cannotReadScript: .P111
        case .tooManyDecimals, .tooManyDigits, .percentageDecimals: .P301
        case .unknownDurationUnit, .durationTooLong: .P302
        case .lowerCaseCurrency: .P303
        }
    }

    public var message: String {
        switch self {
        case let .expected(what, found): "\(what) expected, found \(found)"
        case let .misspeltForm(forms, command, found, suggestion):
            "\(forms.dropLast().map { "'\($0)'" }.joined(separator: ", ")) or '\(forms.last ?? "")' after '\(command)' expected, "
                + "found '\(found)'; did you mean '\(suggestion)'?"
        case .emptyInterpolation: "empty '{}' in string; write '\\{' for a brace"
        case .unexpectedBrace: "unexpected '}': no block is open here"
        case let .unclosed(closer, opener, line, found): "\(closer) expected (to close \(opener) at line \(line)), found \(found)"
        case .unterminatedString: "unterminated string"
        case .unclosedInterpolation: "'}' expected to close '{' in string"
        case .bang: "unexpected '!'; use 'not' for negation"
        case let .unexpectedCharacter(c): "unexpected character '\(c)'"
        case let .unknownEscape(e): "unknown escape '\\\(e)'"
        case .assignmentWithin(condition: false): "'=' assigns, and only at the start of a statement; to compare, use =="
        case .assignmentWithin(condition: true): "'=' assigns; to compare in a condition, use =="
        case let .foreignLoop(word): "no '\(word)' in pay: use repeat N { … } or for x in list { … }"
        case let .notACommand(word, suggestion): "'\(word)' is not a command; did you mean '\(suggestion)'?"
        case let .promptOnly(word, suggestion):
            "'\(word)' is for the prompt, where it redraws an order as it changes; in a script, '\(suggestion) ORDER STATUS' waits for a status"
        case let .nestedTooDeep(limit): "nested more than \(limit) levels deep"
        case let .chainTooTall(limit):
            "more than \(limit) levels deep: split long expressions with let, and long 'else if' chains into a list and a loop"
        case let .parameterTwice(name): "parameter '\(name)' appears twice"
        case let .fieldTwice(name): "field '\(name)' appears twice in this record"
        case let .clauseTwice(word): "'\(word)' appears twice"
        case .elseAlone(atPrompt: true): "'else' must follow the '}' of its 'if' on the same line at the prompt: write '} else {'"
        case .elseAlone(atPrompt: false): "'else' without an 'if' before it"
        case .returnOutsideFunction: "'return' outside a function: it only ends a def's body"
        case .useInterpolates: "the file name of 'use' cannot interpolate"
        case let .cannotStartExpression(word, hint): "'\(word)' cannot start an expression" + hint
        case let .reservedWord(word, expected): "'\(word)' is a reserved word; \(expected) expected"
        case let .statusAsVariable(status, next):
            "end of line expected, found '\(next)'; to wait on a variable named like a status, write wait (\(status)) \(next)"
        case let .useCycle(files): "use cycle: \(files.joined(separator: " -> "))"
        case let .cannotReadUsed(path, reason, lookedFor): "cannot read '\(path)': \(reason) (looked for \(lookedFor))"
        case let .cannotReadScript(reason): "cannot read the script: \(reason)"
        case let .tooManyDecimals(limit): "number has more than \(limit) digits after the point"
        case let .tooManyDigits(limit): "number has more than \(limit) significant digits and cannot be exact"
        case let .percentageDecimals(limit): "a percentage has at most \(limit) digits after the point"
        case let .unknownDurationUnit(unit): "unknown duration unit '\(unit)' (use ms, s, m, h or d; put a space before a currency)"
        case .durationTooLong: "duration is longer than 100 years"
        case let .lowerCaseCurrency(value, unit): "currency codes are upper case: write \(value) \(unit.uppercased())"
        }
    }
}

/// What the checker found wrong with a script's names, `it` and calls, or warns of.
public enum CheckReason: Sendable, Equatable {
    /// P201: read where nothing declares it; `suggestion` a close name that is declared.
    case notDefined(String, suggestion: String?)
    /// P201: assigned where nothing declares it.
    case notDeclared(String)
    /// P202: declared again in its block, first at `line`; a `def` gets no hint to assign.
    case declaredTwice(String, line: Int, function: Bool)
    /// P203
    case itTooEarly
    /// P204: a `def` (`builtin` false) or a built-in called with `given` arguments.
    case argumentCount(function: String, builtin: Bool, takes: Int, given: Int)
    /// P205: `builtins` listed when nothing is close.
    case notAFunction(String, suggestion: String?, builtins: [String])
    /// P210
    case unused(String)
    /// P211: a code pay does not have, or one that is an error.
    case allowanceNamesNoWarning(code: String, isError: Bool)

    public var code: DiagnosticCode {
        switch self {
        case .notDefined, .notDeclared: .P201
        case .declaredTwice: .P202
        case .itTooEarly: .P203
        case .argumentCount: .P204
        case .notAFunction: .P205
        case .unused: .P210
        case .allowanceNamesNoWarning: .P211
        }
    }

    public var message: String {
        switch self {
        case let .notDefined(name, suggestion): "'\(name)' is not defined" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case let .notDeclared(name): "'\(name)' is not declared; declare it with 'let \(name) = …'"
        case let .declaredTwice(name, line, true): "'\(name)' is already declared in this block (line \(line))"
        case let .declaredTwice(name, line, false):
            "'\(name)' is already declared in this block (line \(line)); assign with '\(name) = …' or choose another name"
        case .itTooEarly: "'it' is the last command's result, and no command can have run before this point"
        case let .argumentCount(function, builtin, takes, given):
            "\(function)\(builtin ? "()" : "") takes \(takes) argument\(takes == 1 ? "" : "s"), got \(given)"
        case let .notAFunction(name, suggestion, builtins):
            "'\(name)' is not a function" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? " (built-ins: \(builtins.joined(separator: ", ")); or define it with def)")
        case let .unused(name): "'\(name)' is declared but never used"
        case let .allowanceNamesNoWarning(code, isError):
            "'# pay: allow' names no warning: " + (isError ? "\(code) is an error, and only warnings can be allowed" : "pay has no code \(code)")
        }
    }
}

/// A diagnostic's reason, by the phase that gave it.
public enum Reason: Sendable, Equatable {
    case syntax(SyntaxReason)
    case check(CheckReason)
    /// While running (RunReason.swift).
    case run(RunReason)

    public var code: DiagnosticCode {
        switch self {
        case let .syntax(reason): reason.code
        case let .check(reason): reason.code
        case let .run(reason): reason.code
        }
    }

    public var message: String {
        switch self {
        case let .syntax(reason): reason.message
        case let .check(reason): reason.message
        case let .run(reason): reason.message
        }
    }
}
