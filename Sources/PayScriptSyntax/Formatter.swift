// `pay fmt`: one layout for every .pay file, printed from the syntax tree, as gofmt prints from
// its AST, never by editing text. Two spaces a level; spaces around binary operators and after
// commas; at most one blank line; `{` on its statement's line; a single simple statement's
// block stays on one line when it was written so; a list, record or call too long for 100
// columns is broken one item a line. The tree keeps no parentheses, so they are put back where
// precedence needs them; numbers, amounts, durations, percentages and strings are copied from
// the source as written. Comments, which the lexer records by place, go back where they stood:
// a comment on a line of its own before the statement it preceded, one after code at the end of
// that statement's line.

public enum Formatter {
    /// The file formatted, or its syntax errors (a file with any is left as it is).
    public static func format(_ file: SourceFile) -> Result<String, ScriptError> {
        let (program, errors) = ScriptLoader.parse(file)
        if !errors.isEmpty { return .failure(ScriptError(.syntax, errors)) }
        var lexer = Lexer(file.text)
        _ = lexer.tokenize()
        var printer = Printer(file: file, comments: lexer.comments)
        printer.block(program.statements, indent: 0, closing: Int.max)
        return .success(printer.finish())
    }

    /// The widest line a list, record or call is kept on before it is broken one item a line.
    public static let width = 100
}

struct Printer {
    let file: SourceFile
    /// Comments not printed yet, in source order: where each stands and its text.
    private var comments: [(line: Int, column: Int, text: String)]
    private var lines: [String] = []
    /// The source line the last thing printed ended on, to keep (at most one) blank line.
    private var lastLine = 0

    init(file: SourceFile, comments: [SourceRange]) {
        self.file = file
        self.comments = comments.map { range in
            let text = Array(file.line(range.start.line).unicodeScalars)
            let from = max(0, range.start.column - 1)
            return (range.start.line, range.start.column,
                    String(String.UnicodeScalarView(text[min(from, text.count)...])).trimmingCharacters(in: .whitespaces))
        }
    }

    mutating func finish() -> String {
        flushComments(before: Int.max, indent: 0)
        alignTrailingComments()
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    // MARK: Lines and comments

    private mutating func emit(_ text: String, indent: Int, sourceLine: Int) {
        // One blank line where the source had any, never after a `{` or before a `}`.
        if lastLine > 0, sourceLine > lastLine + 1, !text.hasPrefix("}"), lines.last.map({ !$0.hasSuffix("{") && !$0.isEmpty }) ?? false {
            lines.append("")
        }
        lines.append(String(repeating: "  ", count: indent) + text)
        lastLine = max(lastLine, sourceLine)
    }

    /// Comments on lines before `line`, each on a line of its own.
    private mutating func flushComments(before line: Int, indent: Int) {
        while let next = comments.first, next.line < line {
            comments.removeFirst()
            emit(next.text, indent: indent, sourceLine: next.line)
        }
    }

    /// Printed lines that end with a comment, and where its code ends: aligned by `finish`.
    private var trailing: [Int: Int] = [:]

    /// A comment that stands after code on `line` goes at the end of the last line printed.
    private mutating func trailingComment(on line: Int) {
        guard let next = comments.first, next.line == line else { return }
        comments.removeFirst()
        trailing[lines.count - 1] = lines[lines.count - 1].count
        lines[lines.count - 1] += "  " + next.text
    }

    /// Comments that end consecutive lines start in one column, two after the longest code, as
    /// gofmt aligns them.
    private mutating func alignTrailingComments() {
        var index = 0
        while index < lines.count {
            guard trailing[index] != nil else { index += 1; continue }
            var end = index
            while trailing[end + 1] != nil { end += 1 }
            let column = (index...end).map { trailing[$0]! }.max()! + 2
            for row in index...end {
                let code = trailing[row]!
                let comment = lines[row].dropFirst(code + 2)
                lines[row] = String(lines[row].prefix(code)) + String(repeating: " ", count: column - code) + comment
            }
            index = end + 1
        }
    }

    // MARK: Statements

    /// The statements of a block at `indent`; comments before `closing` (the line of its `}`)
    /// that no statement took are printed at its end.
    mutating func block(_ statements: [Stmt], indent: Int, closing: Int) {
        for statement in statements {
            flushComments(before: statement.range.start.line, indent: indent)
            self.statement(statement, indent: indent)
        }
        flushComments(before: closing, indent: indent)
    }

    private mutating func statement(_ statement: Stmt, indent: Int) {
        let start = statement.range.start.line
        let end = statement.range.end.line
        let oneLine = start == end
        switch statement.kind {
        case let .if(condition, then, otherwise):
            var header = "if \(expr(condition, 0))"
            if oneLine, let inline = inlineBlock(then), otherwise.map({ inlineBlock($0) != nil }) ?? true {
                header += " { \(inline) }"
                if let otherwise { header += " else { \(inlineBlock(otherwise)!) }" }
                emit(header, indent: indent, sourceLine: start)
                trailingComment(on: end)
                return
            }
            ifChain(condition, then, otherwise, start: start, end: end, indent: indent, lead: "if")
        case let .for(name, sequence, body):
            compound("for \(name) in \(expr(sequence, 0))", body, statement, indent: indent)
        case let .cases(rows, name, body):
            compound("cases \(expr(rows, 0)) as \(name)", body, statement, indent: indent)
        case let .repeat(count, body):
            compound("repeat \(expr(count, 0))", body, statement, indent: indent)
        case let .def(name, parameters, body):
            compound("def \(name)(\(parameters.joined(separator: ", ")))", body, statement, indent: indent)
        case let .expectRefused(body, binding):
            compound("expect refused", body, statement, indent: indent, after: binding.map { " as \($0)" } ?? "")
        default:
            emit(simple(statement, indent: indent), indent: indent, sourceLine: start)
            lastLine = max(lastLine, end)
            trailingComment(on: end)
        }
    }

    /// `if … {`, its block, and its `else`: an `else` holding one `if` is printed `} else if … {`.
    private mutating func ifChain(_ condition: Expr, _ then: [Stmt], _ otherwise: [Stmt]?, start: Int, end: Int,
                                  indent: Int, lead: String) {
        emit("\(lead) \(expr(condition, 0)) {", indent: indent, sourceLine: start)
        trailingComment(on: start)
        guard let otherwise else {
            block(then, indent: indent + 1, closing: end)
            emit("}", indent: indent, sourceLine: end)
            trailingComment(on: end)
            return
        }
        // The then-block's `}`: the first line after its last statement that starts with one
        // (no comment does); comments before it are the then-block's, after it the else's.
        let thenEnd = then.last?.range.end.line ?? start
        let close = (thenEnd + 1...max(thenEnd + 1, end)).first { file.line($0).trimmingCharacters(in: .whitespaces).hasPrefix("}") } ?? end
        let elseLine = otherwise.first?.range.start.line ?? end
        block(then, indent: indent + 1, closing: min(close, elseLine))
        if otherwise.count == 1, case let .if(nextCondition, nextThen, nextOtherwise) = otherwise[0].kind {
            ifChain(nextCondition, nextThen, nextOtherwise, start: otherwise[0].range.start.line, end: end,
                    indent: indent, lead: "} else if")
            return
        }
        emit("} else {", indent: indent, sourceLine: elseLine)
        block(otherwise, indent: indent + 1, closing: end)
        emit("}", indent: indent, sourceLine: end)
        trailingComment(on: end)
    }

    private mutating func compound(_ header: String, _ body: [Stmt], _ statement: Stmt, indent: Int, after: String = "") {
        let (start, end) = (statement.range.start.line, statement.range.end.line)
        if start == end, let inline = inlineBlock(body) {
            emit("\(header) { \(inline) }\(after)", indent: indent, sourceLine: start)
            trailingComment(on: end)
            return
        }
        emit(header + " {", indent: indent, sourceLine: start)
        trailingComment(on: start)
        block(body, indent: indent + 1, closing: end)
        emit("}" + after, indent: indent, sourceLine: end)
        trailingComment(on: end)
    }

    /// A block of one simple statement, written on one line, as it stays: `{ pay 1 TRX to o }`.
    private func inlineBlock(_ body: [Stmt]) -> String? {
        guard body.count == 1, body[0].range.start.line == body[0].range.end.line else { return body.isEmpty ? "" : nil }
        switch body[0].kind {
        case .if, .for, .cases, .repeat, .def, .expectRefused: return nil
        default:
            let line = body[0].range.start.line
            guard !comments.contains(where: { $0.line == line }) else { return nil }
            return simple(body[0], indent: 0)
        }
    }

    private func simple(_ statement: Stmt, indent: Int) -> String {
        switch statement.kind {
        case let .let(name, value): return "let \(name) = " + top(value, indent: indent, prefix: "let \(name) = ")
        case let .assign(name, value): return "\(name) = " + top(value, indent: indent, prefix: "\(name) = ")
        case let .expression(value): return top(value, indent: indent, prefix: "")
        case let .return(value): return value.map { "return " + top($0, indent: indent, prefix: "return ") } ?? "return"
        case .use: return "use " + useText(statement)
        case let .expect(condition, message):
            return "expect \(expr(condition, 0))" + (message.map { " else \(expr($0, 0))" } ?? "")
        case let .fail(value): return "fail " + top(value, indent: indent, prefix: "fail ")
        case let .print(value): return "print " + top(value, indent: indent, prefix: "print ")
        case let .show(value): return "show " + top(value, indent: indent, prefix: "show ")
        case let .sleep(value): return "sleep \(expr(value, 0))"
        case .if, .for, .cases, .repeat, .def, .expectRefused: return ""
        }
    }

    /// `use "…"`: the path's string as written.
    private func useText(_ statement: Stmt) -> String {
        let text = file.text(of: statement.range)
        guard let quote = text.firstIndex(of: "\"") else { return text }
        return String(text[quote...]).trimmingCharacters(in: .whitespaces)
    }

    /// A statement's whole expression: on one line, or, when that is past the width and it is a
    /// list, record or call, one item a line.
    private func top(_ value: Expr, indent: Int, prefix: String) -> String {
        let flat = expr(value, 0)
        guard indent * 2 + prefix.count + flat.count > Formatter.width else { return flat }
        let inner = String(repeating: "  ", count: indent + 1)
        let outer = String(repeating: "  ", count: indent)
        switch value.kind {
        case let .list(items) where items.count > 1:
            return "[\n" + items.map { inner + expr($0, 1) + "," }.joined(separator: "\n") + "\n\(outer)]"
        case let .record(fields) where fields.count > 1:
            return "{\n" + fields.map { inner + "\($0.name): \(expr($0.value, 1))," }.joined(separator: "\n") + "\n\(outer)}"
        case let .call(name, arguments) where arguments.count > 1:
            return "\(name)(\n" + arguments.map { inner + expr($0, 1) + "," }.joined(separator: "\n") + "\n\(outer))"
        default:
            return flat
        }
    }

    // MARK: Expressions

    /// Precedence, lowest first, as grammar.md's rules nest: or, and, not, comparison, additive,
    /// multiplicative, unary minus, postfix, primary. A command is lower than all of them: its
    /// operands would take what follows, so anywhere but a statement's whole expression it is
    /// put in parentheses.
    private static func level(_ e: Expr) -> Int {
        switch e.kind {
        case .command: return 0
        case .binary(.or, _, _): return 1
        case .binary(.and, _, _): return 2
        case .unary(.not, _): return 3
        case .binary(let op, _, _) where [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op): return 4
        case .binary(.add, _, _), .binary(.subtract, _, _): return 5
        case .binary: return 6
        case .unary(.negate, _): return 7
        case .field, .index: return 8
        default: return 9
        }
    }

    /// `e` printed where the grammar wants at least `needed`. A command stands bare wherever what
    /// follows cannot be taken for its operand: at a statement's top, in a list, a record, a
    /// call's arguments, an index, and beside `and`, `or`, `not` and a comparison.
    func expr(_ e: Expr, _ needed: Int) -> String {
        let text = bare(e)
        if case .command = e.kind { return needed >= 5 ? "(\(text))" : text }
        return Printer.level(e) < needed ? "(\(text))" : text
    }

    private func source(_ e: Expr) -> String { file.text(of: e.range) }

    private func bare(_ e: Expr) -> String {
        switch e.kind {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case .number, .duration, .percent: return source(e)
        case .amount: return source(e).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        case .string: return source(e)
        case let .list(items): return "[" + items.map { expr($0, 1) }.joined(separator: ", ") + "]"
        case let .record(fields): return "{" + fields.map { "\($0.name): \(expr($0.value, 1))" }.joined(separator: ", ") + "}"
        case let .variable(name): return name
        case .it: return "it"
        case let .unary(.negate, operand): return "-" + expr(operand, 7)
        case let .unary(.not, operand): return "not " + expr(operand, 3)
        case let .binary(op, left, right):
            let mine = Printer.level(e)
            if mine == 4 {
                // A comparison takes one additive on each side; a command's operands stop before
                // its operator, so `balance TRX == x` needs no parentheses.
                return "\(comparisonOperand(left)) \(op.rawValue) \(comparisonOperand(right))"
            }
            // Left-associative.
            return "\(expr(left, mine)) \(op.rawValue) \(expr(right, mine + 1))"
        case let .field(base, name): return expr(base, 8) + "." + name
        case let .index(base, index): return expr(base, 8) + "[" + expr(index, 1) + "]"
        case let .call(name, arguments): return name + "(" + arguments.map { expr($0, 1) }.joined(separator: ", ") + ")"
        case let .command(command): return self.command(command, e)
        }
    }

    private func comparisonOperand(_ e: Expr) -> String {
        if case .command = e.kind { return bare(e) }
        return expr(e, 5)
    }

    /// A command's operands are at the additive level.
    private func operand(_ e: Expr) -> String { expr(e, 5) }

    /// A command from its entry: its words, each operand given, then its clauses in the entry's
    /// order (`for` before `external`, whichever was written first).
    private func command(_ c: Command, _ e: Expr) -> String {
        let spec = c.spec
        var text = spec.name
        for argument in c.operands {
            switch argument {
            case nil: break
            case let .word(word)?: text += " " + word
            case let .statuses(statuses)?:
                text += " " + statuses.map { Commands.statusWords.contains($0) ? $0 : "\"\($0)\"" }.joined(separator: ", ")
            case let .expr(value)?:
                // A variable named like a status needs its parentheses back: `wait (failed) completed`.
                if spec.syntax == .wait, case let .variable(name) = value.kind, Commands.statusWords.contains(name) {
                    text += " (\(name))"
                } else {
                    text += " " + operand(value)
                }
            }
        }
        for clause in spec.clauses {
            if let value = c.clauses[clause.word] { text += " \(clause.word.rawValue) " + operand(value) }
        }
        return text
    }
}
