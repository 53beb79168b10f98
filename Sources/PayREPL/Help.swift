// `:help` and `:help COMMAND`, read from the command table the parser uses (CommandSpec), so the
// prompt's help lists exactly the commands the language has.
import PayScript

enum Help {
    static func text(for topic: String?) -> String {
        guard let topic, !topic.isEmpty else { return overview }
        let specs = Commands.all.filter { $0.keyword.rawValue == topic || $0.name == topic }
        guard !specs.isEmpty else {
            return "no command '\(topic)'; :help lists them"
        }
        return specs.map(detail).joined(separator: "\n\n")
    }

    static var overview: String {
        let width = Commands.all.map(\.usage.count).max() ?? 0
        var lines = ["Commands (each is an expression; :help COMMAND for more):"]
        for spec in Commands.all {
            lines.append("  " + spec.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + spec.summary + marks(spec))
        }
        lines += [
            "",
            "Statements: " + Commands.statements.map(\.shown).joined(separator: ", ") + ".",
            "Functions: " + BuiltinFunction.allCases.map(\.signature).joined(separator: ", ") + ".",
            "A bare expression shows its value; `it` is the last order a command created, fetched or waited on.",
            "",
            "At the prompt:",
        ]
        let metaWidth = MetaCommand.allCases.map(\.usage.count).max() ?? 0
        lines += MetaCommand.allCases.map {
            "  " + $0.usage.padding(toLength: metaWidth, withPad: " ", startingAt: 0) + "  " + $0.summary
        }
        return lines.joined(separator: "\n")
    }

    private static func marks(_ spec: CommandSpec) -> String {
        (spec.sandboxOnly ? " [sandbox only]" : "") + (spec.outgoing ? " [sends money]" : "")
    }

    private static func detail(_ spec: CommandSpec) -> String {
        var lines = ["\(spec.usage)", "  \(spec.summary)"]
        if spec.sandboxOnly { lines.append("  Works on the sandbox only.") }
        if spec.outgoing {
            lines.append("  Sends money: on a live gateway it asks y/N at the prompt first (or needs --allow-outgoing")
            lines.append("  without a terminal), and counts against --max-outgoing.")
        }
        let clauses = spec.clauses.filter { !$0.required }.map { "\($0.word.rawValue) \($0.operand.placeholder)" }
        if !clauses.isEmpty { lines.append("  Optional clauses, in any order: \(clauses.joined(separator: ", ")).") }
        return lines.joined(separator: "\n")
    }
}
