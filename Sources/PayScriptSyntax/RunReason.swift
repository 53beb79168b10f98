// Why a run stopped, one case per kind of failure with its particulars as typed values; its code
// (DiagnosticCode.swift, which decides the exit status) and its message come from here, in one
// place, as SyntaxReason and CheckReason do for the front end. A value's type is given as its
// `typeName`, and with its literal where the message shows the value (`number 3`).

public enum RunReason: Sendable, Equatable {
    // MARK: P204, P302-P308: calls, time, money
    /// P204: a function called with another number of arguments.
    case argumentCount(function: String, builtin: Bool, takes: Int, given: Int)
    /// P302
    case clockPastTheEnd(seconds: Int64, now: String)
    case timestampOutOfRange
    case durationTooLong
    case notISOTime(String)
    case gatewayTimeOutOfRange(String)
    /// P303: the code as it should be written.
    case lowerCaseCurrency(String)
    /// P304
    case unknownCurrency(String, assets: [String])
    case unknownAsset(String, assets: [String])
    /// P305
    case ambiguousCurrency(String, matches: [String])
    /// P306
    case finerThanCurrency(currency: String, places: Int, value: String, scale: Int)
    case tooManyDigitsForCurrency(value: String, currency: String, places: Int, limit: Int)
    /// The gateway states no precision for an asset (UnstatedPrecision's words).
    case unstatedPrecision(String)
    /// P307
    case currenciesMix(String, String)
    case bareNumberAndAmount(adding: Bool)
    case bareNumberComparedWithAmount
    /// What the amount arithmetic said.
    case amountArithmetic(String)
    /// P308
    case divisionByZero
    case divisionByZeroAmount
    /// The decimal arithmetic's reason.
    case inexact(String)

    // MARK: P400-P409: running
    /// P400
    case internalError(String)
    /// P401: `construct` needs `needs`, and got a value of another type.
    case needs(construct: String, needs: String, got: String)
    /// P401: an operand of a command is not what it should be.
    case expectedOperand(String, got: String)
    /// P401: a built-in's argument.
    case builtinArgument(function: String, needs: String)
    case integrationName(got: String)
    case cannotApply(String, to: [String])
    case cannotMultiplyAmounts
    case cannotAddTimestamps
    case cannotJoin(adding: Bool, String, String)
    case cannotOrder(String, String)
    case cannotIndex(String, with: String)
    case timestampAndString
    /// P402
    case notDefined(String, assigned: Bool)
    case itUnbound
    case notLoaded(String)
    case notAFunction(String)
    /// P403
    case caseGone(number: Int, count: Int)
    case noFields(type: String, field: String)
    case noField(String, fields: [String]?)
    case indexOutOfRange(String, count: Int)
    /// P404
    case positiveDuration(clause: String, got: String)
    case everyAtLeastOneSecond(got: String)
    case sleepDuration(got: String)
    case positiveAmount(got: String)
    case positiveRefund(got: String)
    case repeatCount(got: String)
    /// P405
    case listTooLarge(limit: Int)
    case nestedTooDeep(limit: Int)
    case stringTooLong(limit: Int)
    case callsTooDeep(limit: Int, function: String)
    /// P406: the path, and what is wrong with it (with its own line and column).
    case cannotLoad(String, why: String)
    /// P407
    case expectationFailed(String)
    case refusalExpected
    case failed(String)
    case casesFailed(Int, of: Int)
    /// P408
    case interrupted
    case timedOut(String)
    /// P409: the command line's value and why it is wrong.
    case commandLine(String)

    // MARK: P501-P508: the gateway and real money
    /// P501: the refusal as the client describes it, with the gateway's status when it answered.
    case refused(String, status: Int?)
    /// P502: no definite answer, as the client describes it.
    case unanswered(String)
    case orderOutcomeUnknown(amount: String, error: String, lookUp: String)
    case outgoingOutcomeUnknown(what: String, amount: String, destination: String, error: String, capped: Bool, lookUp: String)
    /// P503
    case sandboxOnly(String)
    /// P504
    case needsOrder(String)
    case notAnOrder
    case priceUnknown(order: String)
    case nothingToRefund(order: String)
    case notPaid(order: String, status: String)
    case nothingLeft(order: String, refunded: String)
    case payerUnknown(order: String)
    /// P505
    case reachedOtherStatus(order: String, status: String, wanted: [String])
    case stillWaiting(order: String, status: String, after: String, wanted: [String])
    /// P506
    case noIntegration(String, integrations: [String])
    case whichIntegration(count: Int)
    case noRate(String, assets: [String])
    case noBalance(String, assets: [String])
    /// P507
    case needsAllowOutgoing(what: String, amount: String, destination: String)
    case cappedTwice(what: String, amount: String, asset: String, caps: [String])
    case notCapped(what: String, amount: String, asset: String, capped: [String])
    case declined(String)
    case pastCap(what: String, amount: String, cap: String, sent: String, currency: String)
    /// P508: why the gateway could not be opened.
    case noGateway(String)

    public var code: DiagnosticCode {
        switch self {
        case .argumentCount: .P204
        case .clockPastTheEnd, .timestampOutOfRange, .durationTooLong, .notISOTime, .gatewayTimeOutOfRange: .P302
        case .lowerCaseCurrency: .P303
        case .unknownCurrency, .unknownAsset: .P304
        case .ambiguousCurrency: .P305
        case .finerThanCurrency, .tooManyDigitsForCurrency, .unstatedPrecision: .P306
        case .currenciesMix, .bareNumberAndAmount, .bareNumberComparedWithAmount, .amountArithmetic: .P307
        case .divisionByZero, .divisionByZeroAmount, .inexact: .P308
        case .internalError: .P400
        case .needs, .expectedOperand, .builtinArgument, .integrationName, .cannotApply, .cannotMultiplyAmounts, .cannotAddTimestamps,
             .cannotJoin, .cannotOrder, .cannotIndex, .timestampAndString: .P401
        case .notDefined, .itUnbound, .notLoaded, .notAFunction: .P402
        case .caseGone, .noFields, .noField, .indexOutOfRange: .P403
        case .positiveDuration, .everyAtLeastOneSecond, .sleepDuration, .positiveAmount, .positiveRefund, .repeatCount: .P404
        case .listTooLarge, .nestedTooDeep, .stringTooLong, .callsTooDeep: .P405
        case .cannotLoad: .P406
        case .expectationFailed, .refusalExpected, .failed, .casesFailed: .P407
        case .interrupted, .timedOut: .P408
        case .commandLine: .P409
        case .refused: .P501
        case .unanswered, .orderOutcomeUnknown, .outgoingOutcomeUnknown: .P502
        case .sandboxOnly: .P503
        case .needsOrder, .notAnOrder, .priceUnknown, .nothingToRefund, .notPaid, .nothingLeft, .payerUnknown: .P504
        case .reachedOtherStatus, .stillWaiting: .P505
        case .noIntegration, .whichIntegration, .noRate, .noBalance: .P506
        case .needsAllowOutgoing, .cappedTwice, .notCapped, .declined, .pastCap: .P507
        case .noGateway: .P508
        }
    }

    public var message: String {
        switch self {
        case let .argumentCount(function, builtin, takes, given): "\(function)\(builtin ? "()" : "") takes \(takes) argument(s), got \(given)"
        case let .clockPastTheEnd(seconds, now):
            "cannot move the sandbox's clock \(seconds) seconds: it would pass 9999-12-31T23:59:59Z (it is \(now))"
        case .timestampOutOfRange: "timestamp outside 1970-01-01 to 9999-12-31"
        case .durationTooLong: "duration is longer than 100 years"
        case let .notISOTime(text):
            "time(): \"\(text)\" is not an ISO 8601 time with an offset between 1970 and 9999, like 2024-12-16T07:20:23+00:00"
        case let .gatewayTimeOutOfRange(time): "the gateway's time \(time) is outside 1970 to 9999"
        case let .lowerCaseCurrency(upper): "currency codes are upper case: \(upper)"
        case let .unknownCurrency(name, assets):
            "unknown currency \(name): the gateway's assets are \(assets.joined(separator: ", ")); fiat currencies are ISO 4217 codes like EUR, USD, JPY"
        case let .unknownAsset(currency, assets): "unknown asset \(currency) (assets: \(assets.joined(separator: ", ")))"
        case let .ambiguousCurrency(name, matches): "\(name) is ambiguous: write one of \(matches.joined(separator: ", "))"
        case let .finerThanCurrency(currency, places, value, scale): "\(currency) has \(places) decimal places; \(value) has \(scale)"
        case let .tooManyDigitsForCurrency(value, currency, places, limit):
            "\(value) \(currency) needs more than \(limit) significant digits at \(currency)'s \(places) decimal places"
        case let .unstatedPrecision(text), let .amountArithmetic(text), let .refused(text, _), let .unanswered(text),
             let .internalError(text), let .expectationFailed(text), let .commandLine(text):
            text
        case let .noGateway(error): "no gateway for this scenario: \(error)"
        case let .currenciesMix(a, b): "cannot mix \(a) and \(b): convert one first"
        case let .bareNumberAndAmount(adding):
            "cannot \(adding ? "add" : "subtract") a bare number and an amount: write the currency, like 1 TRX"
        case .bareNumberComparedWithAmount: "cannot compare an amount with a bare number: write the currency, like 0.995 TRX"
        case .divisionByZero: "division by zero"
        case .divisionByZeroAmount: "division by a zero amount"
        case let .inexact(reason): "\(reason): the exact value cannot be held"
        case let .needs(construct, needs, got): "\(construct) needs \(needs), got \(got)"
        case let .expectedOperand(what, got): "expected \(what), got \(got)"
        case let .builtinArgument(function, needs): "\(function)() needs \(needs)"
        case let .integrationName(got): "an integration is named by a string, got \(got)"
        case let .cannotApply(op, types): "cannot apply '\(op)' to \(types.joined(separator: " and "))"
        case .cannotMultiplyAmounts: "cannot multiply two amounts"
        case .cannotAddTimestamps: "cannot add two timestamps: subtract them for the duration between"
        case let .cannotJoin(adding, left, right): "cannot \(adding ? "add" : "subtract") \(left) and \(right); use \"{…}\" to build text"
        case let .cannotOrder(left, right): "cannot order \(left) and \(right)"
        case let .cannotIndex(container, index): "cannot index \(container) with \(index)"
        case .timestampAndString:
            "cannot compare a timestamp with a string: write time(\"2024-12-16T07:20:23+00:00\") for a timestamp, or str(t) for its text"
        case let .notDefined(name, assigned): "'\(name)' is not defined" + (assigned ? "; declare it with 'let \(name) = …'" : "")
        case .itUnbound: "'it' is not bound yet: no command has created, fetched or waited on an order"
        case let .notLoaded(path): "'\(path)' was not loaded (use works in files, not at the prompt)"
        case let .notAFunction(name): "'\(name)' is not a function"
        case let .caseGone(number, count): "case \(number) is gone: the list has \(count) now"
        case let .noFields(type, field): "\(type) has no fields; '.\(field)' needs a record"
        case let .noField(name, fields): "no field '\(name)'" + (fields.map { " (fields: \($0.joined(separator: ", ")))" } ?? "")
        case let .indexOutOfRange(index, count): "index \(index) is out of range (the list has \(count) items)"
        case let .positiveDuration(clause, got): "\(clause) needs a positive duration like 5m, got \(got)"
        case let .everyAtLeastOneSecond(got): "'every' needs a duration of at least 1s, got \(got)"
        case let .sleepDuration(got): "'sleep' needs a duration like 2s, got \(got)"
        case let .positiveAmount(got): "the amount must be positive, got \(got)"
        case let .positiveRefund(got): "the amount to refund must be positive, got \(got)"
        case let .repeatCount(got): "'repeat' needs a whole number from 0 to 1000000, got \(got)"
        case let .listTooLarge(limit): "a list may hold at most \(limit) values in all, nested ones included"
        case let .nestedTooDeep(limit): "lists and records may nest at most \(limit) deep"
        case let .stringTooLong(limit): "a string may hold at most \(limit) bytes"
        case let .callsTooDeep(limit, function): "more than \(limit) nested calls: is \(function) recursing without end?"
        case let .cannotLoad(path, why): "cannot load '\(path)': \(why)"
        case .refusalExpected: "expected a refusal, but the block succeeded"
        case let .failed(message): "failed: \(message)"
        case let .casesFailed(failed, count): "\(failed) of \(count) cases failed"
        case .interrupted: "interrupted"
        case let .timedOut(limit): "timed out: still running after --timeout \(limit)"
        case let .orderOutcomeUnknown(amount, error, lookUp): "order of \(amount): outcome unknown (\(error)); an order may have been created: \(lookUp)"
        case let .outgoingOutcomeUnknown(what, amount, destination, error, capped, lookUp):
            "\(what) of \(amount) to \(destination): outcome unknown (\(error)). The money may have moved, so it counts as sent"
                + "\(capped ? " against --max-outgoing" : "") and the run stops here: \(lookUp) before trying again"
        case let .sandboxOnly(command): "'\(command)' works on the sandbox only; this run is against a real gateway"
        case let .needsOrder(command): "'\(command)' needs an order: name one, or create or fetch one first so 'it' is bound"
        case .notAnOrder: "this record is not an order (it has no id)"
        case let .priceUnknown(order): "this run did not create order \(order), so its price is unknown: write 'pay AMOUNT to ORDER'"
        case let .nothingToRefund(order): "order \(order) has no total amount to refund"
        case let .notPaid(order, status): "order \(order) has no completed payment to refund (status: \(status))"
        case let .nothingLeft(order, refunded): "nothing left to refund of order \(order): this run already refunded \(refunded)"
        case let .payerUnknown(order): "the gateway does not report who paid order \(order): add 'to ADDRESS'"
        case let .reachedOtherStatus(order, status, wanted):
            "order \(order) is \(status), not \(wanted.joined(separator: " or ")) (it will not change again)"
        case let .stillWaiting(order, status, after, wanted):
            "order \(order) is still \(status) after \(after); waited for \(wanted.joined(separator: " or "))"
        case let .noIntegration(key, integrations): "no integration named '\(key)' (integrations: \(integrations.joined(separator: ", ")))"
        case let .whichIntegration(count): "the gateway has \(count) integrations; say which with 'for INTEGRATION'"
        case let .noRate(name, assets): "no rate for \(name) (rates: \(assets.joined(separator: ", ")))"
        case let .noBalance(name, assets): "no balance in \(name) (assets: \(assets.joined(separator: ", ")))"
        case let .needsAllowOutgoing(what, amount, destination):
            "\(what) of \(amount) to \(destination) refused: outgoing payments on a real gateway need --allow-outgoing"
        case let .cappedTwice(what, amount, asset, caps):
            "\(what) of \(amount) refused: --max-outgoing caps \(asset) twice (\(caps.joined(separator: ", "))); give one cap per currency"
        case let .notCapped(what, amount, asset, capped):
            "\(what) of \(amount) refused: --max-outgoing caps only \(capped.joined(separator: ", ")), not \(asset)"
        case let .declined(question): "\(question) not sent: declined at the prompt"
        case let .pastCap(what, amount, cap, sent, currency):
            "\(what) of \(amount) refused: it would take this run past --max-outgoing \(cap) (already sent \(sent) \(currency))"
        }
    }
}
