// The exit statuses `pay` uses; README.md lists them. `pay mcp` reports a script's in its
// `run_script` results, so they live beside the errors they come from.

public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// An `expect` failed or `fail` ran.
    case expectationFailed = 1
    /// A script did not parse; nothing ran.
    case syntaxError = 2
    /// A runtime or API error: a refusal, a lost connection, a type error.
    case runtimeError = 3
    /// A guard for real money refused an outgoing payment.
    case safetyRefused = 4
    /// Interrupted before it finished (128 + SIGINT, as shells report Ctrl-C).
    case interrupted = 130
    /// Bad command-line arguments (swift-argument-parser's own code, EX_USAGE).
    case usage = 64

    public init(_ kind: ScriptError.Kind) {
        switch kind {
        case .syntax: self = .syntaxError
        case .expectation: self = .expectationFailed
        case .runtime, .unanswered: self = .runtimeError
        case .safety: self = .safetyRefused
        case .interrupted: self = .interrupted
        case .usage: self = .usage
        }
    }
}
