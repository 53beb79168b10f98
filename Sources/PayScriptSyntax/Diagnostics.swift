// Errors with their place in a file, rendered as `file:line:col: error[CODE]: message`, the line, and a caret.

/// A source file as loaded: its name for messages and its lines for carets. Lines are found
/// when asked for (a diagnostic is rare; splitting every file into strings up front was an
/// eighth of `pay check`'s time).
public final class SourceFile: Sendable {
    public let path: String
    public let text: String
    /// The UTF-8 offset at which each line starts.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        var contiguous = text  // shares the storage; withUTF8 needs a var
        contiguous.withUTF8 { bytes in
            for offset in bytes.indices where bytes[offset] == UInt8(ascii: "\n") { starts.append(offset + 1) }
        }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// Line `number` (1-based) without its line break, or "" past the end.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        let end = number < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1) : utf8.endIndex
        let line = text[start..<end]
        return line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
    }

    /// Where a place is in `text`: line `location.line`'s start, then `column - 1` scalars on,
    /// no further than the line's end; nil for a line past the end.
    public func index(of location: SourceLocation) -> String.Index? {
        guard location.line >= 1, location.line <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[location.line - 1])
        let lineEnd = location.line < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[location.line] - 1) : utf8.endIndex
        return text.unicodeScalars.index(start, offsetBy: max(0, location.column - 1), limitedBy: lineEnd) ?? lineEnd
    }

    /// The source text a range covers (ranges are within one line or span lines). Columns count
    /// Unicode scalars, as the lexer does.
    public func text(of range: SourceRange) -> String {
        guard range.start.line >= 1, range.start.line <= lineCount else { return "" }
        if range.start.line == range.end.line {
            let scalars = Array(line(range.start.line).unicodeScalars)
            let from = min(max(range.start.column - 1, 0), scalars.count)
            let to = min(max(range.end.column - 1, from), scalars.count)
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[from..<to])
            return text
        }
        var first = ""
        first.unicodeScalars.append(contentsOf: line(range.start.line).unicodeScalars.dropFirst(range.start.column - 1))
        var parts = [first]
        for n in range.start.line..<min(range.end.line - 1, lineCount) { parts.append(line(n + 1)) }
        if range.end.line <= lineCount {
            var last = ""
            last.unicodeScalars.append(contentsOf: line(range.end.line).unicodeScalars.prefix(range.end.column - 1))
            parts.append(last)
        }
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

/// One exact replacement that would fix a diagnostic (a misspelt command or name): what an
/// editor offers as a quick fix.
public struct Replacement: Sendable, Equatable {
    public var range: SourceRange
    public var text: String

    public init(_ range: SourceRange, with text: String) {
        self.range = range
        self.text = text
    }
}

public struct Diagnostic: Error, Sendable {
    /// What it is (DiagnosticCode.swift): its code, severity and explanation.
    public var code: DiagnosticCode
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
    /// The one replacement the message's hint names, when it names exactly one.
    public var fix: Replacement?
    /// Its typed reason (Reasons.swift, RunReason.swift), which gave its code and message.
    public private(set) var reason: Reason?

    private init(_ code: DiagnosticCode, file: SourceFile, range: SourceRange, message: String, notes: [String] = [],
                 frames: [Frame] = [], atEndOfInput: Bool = false, fix: Replacement? = nil) {
        self.code = code
        self.file = file
        self.range = range
        self.message = message
        self.notes = notes
        self.frames = frames
        self.atEndOfInput = atEndOfInput
        self.showsSource = true
        self.fix = fix
    }

    /// A diagnostic whose code and message are its reason's.
    public init(_ reason: Reason, file: SourceFile, range: SourceRange, notes: [String] = [], frames: [Frame] = [],
                atEndOfInput: Bool = false, fix: Replacement? = nil) {
        self.init(reason.code, file: file, range: range, message: reason.message, notes: notes, frames: frames,
                  atEndOfInput: atEndOfInput, fix: fix)
        self.reason = reason
    }

    /// A warning prints as one and does not stop a run.
    public var isWarning: Bool { code.severity == .warning }

    /// An error about a whole file, placed at its start.
    public static func wholeFile(_ reason: Reason, _ file: SourceFile) -> Diagnostic {
        let start = SourceLocation(line: 1, column: 1)
        var diagnostic = Diagnostic(reason, file: file, range: SourceRange(start, start))
        diagnostic.showsSource = false
        return diagnostic
    }

    /// `file:line:col: error[P201]: message`, the source line, `^~~~` under the span, then notes
    /// and the call stack.
    public var rendered: String {
        var out = "\(file.path):\(range.start.line):\(range.start.column): \(code.severity.rawValue)[\(code.id)]: \(message)"
        if showsSource, range.start.line >= 1, range.start.line <= file.lineCount {
            let line = file.line(range.start.line)
            let width = range.end.line == range.start.line
                ? max(1, range.end.column - range.start.column)
                : max(1, line.unicodeScalars.count - range.start.column + 1)
            out += "\n\(line)\n" + String(repeating: " ", count: max(0, range.start.column - 1))
                + "^" + String(repeating: "~", count: width - 1)
        }
        for note in notes { out += "\n\(note)" }
        for frame in frames { out += "\n\(frame.rendered)" }
        return out
    }
}
