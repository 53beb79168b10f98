// Where a cursor stands, as completion needs to know it, from the text before it on its line:
// inside `use "…`, after a number (a currency comes next), after `wait` (a status comes next).
// The REPL's Tab and the language server's completion read the same rules.
import Foundation

public enum CompletionContext {
    /// Inside `use "…`: the path typed so far after the quote.
    public static func usePath(in line: String) -> String? {
        guard let quote = line.lastIndex(of: "\"") else { return nil }
        let head = line[..<quote].trimmingCharacters(in: .whitespaces)
        guard head == "use" || head.hasSuffix(" use") || head.hasSuffix("\tuse") else { return nil }
        let partial = line[line.index(after: quote)...]
        return partial.contains("\"") ? nil : String(partial)
    }

    /// Whether a word is a number (`12`, `-2.5`): a currency may follow it.
    public static func isNumber(_ text: Substring) -> Bool {
        let digits = text.drop { $0 == "-" }
        return !digits.isEmpty && digits.allSatisfy { $0.isNumber || $0 == "." } && digits.first!.isNumber
    }

    /// Right after `wait`, after `wait ORDER`, or after a comma in a list of statuses; `previous`
    /// are the words before the cursor's, `before` the text before it.
    public static func afterWait(_ previous: [String], before: String) -> Bool {
        guard let index = previous.lastIndex(of: "wait") else { return false }
        let after = previous[(index + 1)...]
        if after.isEmpty { return true }
        if after.count == 1 && !Commands.statusWords.contains(after.first!) { return true }
        return before.trimmingCharacters(in: .whitespaces).hasSuffix(",")
    }
}
