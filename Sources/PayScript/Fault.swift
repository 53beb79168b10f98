// Faults raised while evaluating, before the interpreter attaches the file and call stack.
@_exported import PayScriptSyntax
import PayClient

/// A failure raised deep in evaluation. It stays a `Fault` all the way up, so `expect refused`
/// sees it wherever it came from; each function call or `use` it leaves fills in the file it
/// happened in (once) and adds a frame, and the run converts it to a `ScriptError` once, at the top.
struct Fault: Error {
    var reason: RunReason
    /// How the run stops: the code's kind, except where one code covers several (cases that
    /// failed stop as the worst of them did).
    var kind: ScriptError.Kind
    var range: SourceRange
    var notes: [String] = []
    /// The file `range` is in; nil until the fault leaves the file's function or `use`.
    var file: SourceFile?
    /// Calls and `use`s it has left, innermost first.
    var frames: [Frame] = []

    init(_ reason: RunReason, _ range: SourceRange, notes: [String] = [], kind: ScriptError.Kind? = nil) {
        self.reason = reason
        self.kind = kind ?? reason.code.kind
        self.range = range
        self.notes = notes
    }

    var code: DiagnosticCode { reason.code }
    var message: String { reason.message }

    /// Leaving a function or a used file: the fault happened in `file` unless it already knows
    /// where, and `frame` says where that was entered from.
    func leaving(_ file: SourceFile, through frame: Frame) -> Fault {
        var fault = self
        if fault.file == nil { fault.file = file }
        fault.frames.append(frame)
        return fault
    }

    /// What a client call's failure is: a definite refusal (with the gateway's status when it
    /// answered one), or no definite answer.
    static func from(_ error: PaymentError, _ range: SourceRange) -> Fault {
        guard error.isDefinite else { return Fault(.unanswered(error.description), range) }
        var status: Int?
        if case let .api(_, _, problem) = error { status = problem.status }
        return Fault(.refused(error.description, status: status), range)
    }

    func diagnostic(in current: SourceFile) -> Diagnostic {
        Diagnostic(.run(reason), file: file ?? current, range: range, notes: notes, frames: frames)
    }
}
