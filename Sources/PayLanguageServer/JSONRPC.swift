// JSON-RPC 2.0 as LSP uses it, over PayClient's JSONValue (fields kept in order, numbers as
// written), and positions: the language counts columns in Unicode scalars from 1, LSP counts
// lines from 0 and characters in UTF-16 code units unless client and server agree on UTF-32.
import PayClient
import PayScriptSyntax

/// The error codes LSP 3.17 names.
enum ErrorCode: Int {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestFailed = -32803
}

/// A request that gets an error answer instead of a result.
struct RequestError: Error {
    var code: ErrorCode
    var message: String

    init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension JSONValue {
    /// An object from pairs, in order.
    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONField($0.key, $0.value) })
    }

    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    var int: Int? {
        if case let .number(text) = self { return Int(text) }
        return nil
    }
}

enum PositionEncoding: String {
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

/// Converts between the language's places and LSP's in one file.
struct Positions {
    let file: SourceFile
    let encoding: PositionEncoding

    /// LSP's `{line, character}` for a place; a place past the end is clamped to it.
    func lsp(_ location: SourceLocation) -> JSONValue {
        var line = max(location.line, 1)
        var column = max(location.column, 1)
        if line > file.lineCount {
            line = file.lineCount
            column = Int.max
        }
        let scalars = file.line(line).unicodeScalars
        column = min(column - 1, scalars.count)
        let character = encoding == .utf32 ? column : scalars.prefix(column).reduce(0) { $0 + $1.utf16.count }
        return .object(["line": .int(line - 1), "character": .int(character)])
    }

    func lsp(_ range: SourceRange) -> JSONValue {
        .object(["start": lsp(range.start), "end": lsp(range.end)])
    }

    /// The place LSP's `{line, character}` names. A line past the end is an invalid parameter; a
    /// character past the line's end means its end, as LSP says.
    func location(_ position: JSONValue?) throws(RequestError) -> SourceLocation {
        guard let line = position?["line"]?.int, let character = position?["character"]?.int, line >= 0, character >= 0 else {
            throw RequestError(.invalidParams, "a position is {line, character}, both numbers from 0")
        }
        // The line after the last is where a client puts the end of a file that ends in a newline.
        guard line < file.lineCount else {
            throw RequestError(.invalidParams, "line \(line) is past the end of the document (\(file.lineCount) lines)")
        }
        let scalars = file.line(line + 1).unicodeScalars
        var column = 0
        if encoding == .utf32 {
            column = min(character, scalars.count)
        } else {
            var units = 0
            for scalar in scalars {
                if units >= character { break }
                units += scalar.utf16.count
                column += 1
            }
        }
        return SourceLocation(line: line + 1, column: column + 1)
    }
}

extension SourceRange {
    /// Whether `location` is inside, both ends included (a cursor just after a word is on it).
    func contains(_ location: SourceLocation) -> Bool {
        !(location < start) && !(end < location)
    }
}
