// Errors with their place in a file, rendered as `file:line:col: error: message`, the line, and a caret.

/// A source file as loaded: its name for messages and its lines for carets.
public final class SourceFile: Sendable {
    public let path: String
    public let text: String
    public let lines: [String]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// The source text a range covers (ranges are within one line or span lines).
    public func text(of range: SourceRange) -> String {
        guard range.start.line >= 1, range.start.line <= lines.count else { return "" }
        if range.start.line == range.end.line {
            let line = Array(lines[range.start.line - 1])
            let from = min(max(range.start.column - 1, 0), line.count)
            let to = min(max(range.end.column - 1, from), line.count)
            return String(line[from..<to])
        }
        var parts = [String(lines[range.start.line - 1].dropFirst(range.start.column - 1))]
        for n in range.start.line..<min(range.end.line - 1, lines.count) { parts.append(lines[n]) }
        if range.end.line <= lines.count { parts.append(String(lines[range.end.line - 1].prefix(range.end.column - 1))) }
        return parts.joined(separator: "\n")
    }
}

public struct Diagnostic: Error, Sendable {
    public var file: SourceFile
    public var range: SourceRange
    public var message: String
    /// Further lines under the caret (for example both sides of a failed expectation).
    public var notes: [String]

    public init(file: SourceFile, range: SourceRange, message: String, notes: [String] = []) {
        self.file = file
        self.range = range
        self.message = message
        self.notes = notes
    }

    /// `file:line:col: error: message`, the source line, `^~~~` under the span, then notes.
    public var rendered: String {
        guard range.start.line > 0 else { return "\(file.path): error: \(message)" }
        var out = "\(file.path):\(range.start.line):\(range.start.column): error: \(message)"
        if range.start.line >= 1, range.start.line <= file.lines.count {
            let line = file.lines[range.start.line - 1]
            let width = range.end.line == range.start.line
                ? max(1, range.end.column - range.start.column)
                : max(1, line.count - range.start.column + 1)
            out += "\n\(line)\n" + String(repeating: " ", count: max(0, range.start.column - 1))
                + "^" + String(repeating: "~", count: width - 1)
        }
        for note in notes { out += "\n\(note)" }
        return out
    }
}
