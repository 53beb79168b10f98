// Faults raised while evaluating, before the interpreter attaches the file and call stack.
@_exported import PayScriptSyntax

/// A failure raised deep in evaluation, before the interpreter attaches the file.
struct Fault: Error {
    var kind: ScriptError.Kind
    var message: String
    var range: SourceRange
    var notes: [String] = []

    static func runtime(_ message: String, _ range: SourceRange, notes: [String] = []) -> Fault {
        Fault(kind: .runtime, message: message, range: range, notes: notes)
    }
}
