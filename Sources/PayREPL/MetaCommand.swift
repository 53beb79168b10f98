// The prompt's meta commands, one table: the REPL dispatches on it, `:help` lists it, Tab
// completes from it, and a test ties README's list to it.

public enum MetaCommand: String, CaseIterable, Sendable {
    case help, vars, env, last, curl, save, load, reset, quit

    /// `:help`, as typed.
    public var spelling: String { ":" + rawValue }

    /// Other spellings that do the same.
    public var aliases: [String] {
        switch self {
        case .quit: [":q", ":exit"]
        default: []
        }
    }

    /// How it is written, with its argument.
    public var usage: String {
        switch self {
        case .help: ":help [COMMAND]"
        case .save: ":save FILE"
        case .load: ":load FILE"
        default: spelling
        }
    }

    /// What it does, in one line.
    public var summary: String {
        switch self {
        case .help: "this list, or one command"
        case .vars: "the variables and functions bound"
        case .env: "the gateway, the mode and the guards (the key shows as ***)"
        case .last: "the last HTTP exchange in full: request, response, headers, bodies, time"
        case .curl: "the last request as a curl command (the key as \"$PAY_API_KEY\")"
        case .save: "the entries that succeeded, as a script for pay run"
        case .load: "run a script in this session"
        case .reset: "clear the bindings and fetch the gateway's catalog afresh"
        case .quit: "leave (or Ctrl-D); Ctrl-C drops the line, or stops what is running"
        }
    }

    /// The meta command a typed word names (its spelling or an alias).
    public static func named(_ word: String) -> MetaCommand? {
        allCases.first { $0.spelling == word || $0.aliases.contains(word) }
    }
}
