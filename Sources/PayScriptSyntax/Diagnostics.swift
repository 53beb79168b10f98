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

/// One step of the way to an error: the function it happened in (or the file `use`d), and where
/// that was called from. Innermost first.
public struct Frame: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case function(String)
        case use(String)
    }

    public var entry: Entry
    /// The caller's file as shown in messages, and the call's position in it.
    public var callerPath: String
    public var location: SourceLocation

    public init(_ entry: Entry, callerPath: String, location: SourceLocation) {
        self.entry = entry
        self.callerPath = callerPath
        self.location = location
    }

    /// `  in charge, called from checkout.pay:12:3`
    public var rendered: String {
        switch entry {
        case let .function(name): "  in \(name), called from \(callerPath):\(location)"
        case let .use(path): "  in \(path), used from \(callerPath):\(location)"
        }
    }
}

public struct Diagnostic: Error, Sendable {
    public var file: SourceFile
    public var range: SourceRange
    public var message: String
    /// Further lines under the caret (for example both sides of a failed expectation).
    public var notes: [String]
    /// The calls that led here, innermost first; empty at the top level.
    public var frames: [Frame]
    /// The input ended where more was needed: a prompt reads another line instead of reporting it.
    public var atEndOfInput: Bool
    /// False for an error about the whole file (it cannot be read): no source line or caret.
    public var showsSource: Bool
    /// A warning prints as one and does not stop a run.
    public var isWarning = false

    public init(file: SourceFile, range: SourceRange, message: String, notes: [String] = [],
                frames: [Frame] = [], atEndOfInput: Bool = false) {
        self.file = file
        self.range = range
        self.message = message
        self.notes = notes
        self.frames = frames
        self.atEndOfInput = atEndOfInput
        self.showsSource = true
    }

    /// An error about a whole file, placed at its start.
    public static func wholeFile(_ file: SourceFile, _ message: String) -> Diagnostic {
        let start = SourceLocation(line: 1, column: 1)
        var diagnostic = Diagnostic(file: file, range: SourceRange(start, start), message: message)
        diagnostic.showsSource = false
        return diagnostic
    }

    /// `file:line:col: error: message`, the source line, `^~~~` under the span, then notes and
    /// the call stack.
    public var rendered: String {
        var out = "\(file.path):\(range.start.line):\(range.start.column): \(isWarning ? "warning" : "error"): \(message)"
        if showsSource, range.start.line >= 1, range.start.line <= file.lines.count {
            let line = file.lines[range.start.line - 1]
            let width = range.end.line == range.start.line
                ? max(1, range.end.column - range.start.column)
                : max(1, line.count - range.start.column + 1)
            out += "\n\(line)\n" + String(repeating: " ", count: max(0, range.start.column - 1))
                + "^" + String(repeating: "~", count: width - 1)
        }
        for note in notes { out += "\n\(note)" }
        for frame in frames { out += "\n\(frame.rendered)" }
        return out
    }
}
