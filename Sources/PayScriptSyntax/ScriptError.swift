// Why a script stopped: the kind decides the exit status, the diagnostics say where and why.

public struct ScriptError: Error {
    public enum Kind: Sendable, Equatable {
        /// The file (or a file it uses) does not parse; nothing ran.
        case syntax
        /// An `expect` did not hold, or `fail` was reached.
        case expectation
        /// Something went wrong while running: a type error, a bad operand, a definite refusal by
        /// the gateway (a 4xx answer). `expect refused` catches these.
        case runtime
        /// The gateway gave no definite answer: no connection or a dropped one, a timeout, a 5xx,
        /// an unreadable reply. Not a refusal, so `expect refused` does not catch it; after a POST
        /// the outcome is unknown. Exits like a runtime error.
        case unanswered
        /// A guard for real money refused an outgoing payment.
        case safety
        /// The run was cancelled (Ctrl-C at the prompt, a runner's --fail-fast) before it finished.
        case interrupted
        /// What the command line gave the run is wrong (a `--var` that is a wrong literal); nothing ran.
        case usage
    }

    public var kind: Kind
    public var diagnostics: [Diagnostic]

    public init(_ kind: Kind, _ diagnostics: [Diagnostic]) {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    /// Each diagnostic with its place; a usage error is about the command line, not a place in
    /// the file, so it reads `error: message`.
    public var rendered: String {
        if kind == .usage { return diagnostics.map { "error[\($0.code.id)]: \($0.message)" }.joined(separator: "\n") }
        return diagnostics.map(\.rendered).joined(separator: "\n")
    }

    /// Every error is where the input ended: a prompt should read another line and try again.
    public var isIncomplete: Bool {
        kind == .syntax && !diagnostics.isEmpty && diagnostics.allSatisfy(\.atEndOfInput)
    }
}
