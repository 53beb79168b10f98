// What the server answers about a place in a document: completion, hover, definition, the
// document's symbols, and formatting. Each reads the document as the editor has it now, half
// typed or not; none runs anything.
import Foundation
import PayClient
import PayScriptSyntax

/// LSP's CompletionItemKind and SymbolKind numbers used here.
private enum ItemKind: Int {
    case function = 3, field = 5, variable = 6, unit = 11, keyword = 14, file = 17, folder = 19, enumMember = 20
}

private enum SymbolKind: Int {
    case function = 12, variable = 13
}

extension LanguageServer {
    // MARK: Completion

    func completion(_ document: Document, at location: SourceLocation) async -> JSONValue {
        var before = ""
        before.unicodeScalars.append(contentsOf: document.file.line(location.line).unicodeScalars.prefix(location.column - 1))
        let typed = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        let head = String(before.dropLast(typed.count))
        var items: [JSONValue] = []

        if let partial = CompletionContext.usePath(in: before) {
            items = files(partial, from: document.path)
        } else if head.hasSuffix(".") {
            let shape = shape(ofPath: pathBefore(String(head.dropLast())), document: document, at: location)
            items = shape.fields.filter { $0.name.hasPrefix(typed) }.map { field in
                item(field.name, .field, detail: field.shape.description + (field.optional ? " (when present)" : ""))
            }
        } else if let last = head.split(whereSeparator: { $0 == " " || $0 == "\t" }).last,
                  head.hasSuffix(" ") || head.hasSuffix("\t"), CompletionContext.isNumber(last) {
            if units().count <= 5 { await warmUnits() }
            items = Set(units()).filter { $0.hasPrefix(typed) }.sorted().map { item($0, .unit, detail: "currency") }
        } else if CompletionContext.afterWait(head.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init), before: head) {
            items = Commands.statusWords.filter { $0.hasPrefix(typed) }.map { item($0, .enumMember, detail: "order status") }
        } else {
            items = words(typed, document: document, at: location)
        }
        return .object(["isIncomplete": .bool(false), "items": .array(items)])
    }

    /// Keywords (commands with a snippet of their required clauses), names in scope, built-ins.
    private func words(_ typed: String, document: Document, at location: SourceLocation) -> [JSONValue] {
        var items: [JSONValue] = []
        var offered: Set<String> = []
        for definition in document.index.visible(at: location) where definition.name.hasPrefix(typed) {
            offered.insert(definition.name)
            if case let .function(parameters) = definition.shape {
                let snippet = "\(definition.name)(" + parameters.enumerated().map { "${\($0.offset + 1):\($0.element)}" }.joined(separator: ", ") + ")"
                items.append(item(definition.name, .function, detail: "def \(definition.name)(\(parameters.joined(separator: ", ")))", snippet: snippet))
            } else {
                items.append(item(definition.name, .variable, detail: definition.shape.description))
            }
        }
        for builtin in BuiltinFunction.allCases where builtin.rawValue.hasPrefix(typed) && !offered.contains(builtin.rawValue) {
            let parameters = builtin.signature.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "") }
            let snippet = "\(builtin.rawValue)(" + parameters.enumerated().map { "${\($0.offset + 1):\($0.element)}" }.joined(separator: ", ") + ")"
            items.append(item(builtin.rawValue, .function, detail: builtin.signature, documentation: builtin.summary, snippet: snippet))
        }
        for spec in Commands.all where spec.name.hasPrefix(typed) {
            items.append(item(spec.name, .keyword, detail: spec.usage, documentation: spec.summary, snippet: LanguageServer.snippet(spec)))
        }
        let commandWords = Set(Commands.all.map(\.keyword.rawValue))
        // A contextual word (`every`) is a name anywhere but its clause: not offered as a keyword.
        for word in Keyword.allCases.filter({ !$0.isContextual }).map(\.rawValue) where word.hasPrefix(typed) && !commandWords.contains(word) {
            items.append(item(word, .keyword))
        }
        // `cases` is a word only where a statement starts, so it is no Keyword.
        if "cases".hasPrefix(typed) {
            items.append(item("cases", .keyword, detail: "cases LIST as NAME { … }", documentation: "the block once per item; pay test makes each a testcase",
                              snippet: "cases ${1:load(\"data.csv\")} as ${2:row} {\n\t$0\n}"))
        }
        return items
    }

    /// `withdraw ${1:AMOUNT} to ${2:ADDRESS}`: the words, required operands and required clauses.
    static func snippet(_ spec: CommandSpec) -> String {
        var parts = [spec.name]
        var number = 0
        func hole(_ kind: OperandKind) -> String {
            number += 1
            return "${\(number):\(kind == .statuses ? "completed" : kind.placeholder)}"
        }
        for operand in spec.operands where !operand.optional { parts.append(hole(operand.kind)) }
        for clause in spec.clauses where clause.required { parts.append("\(clause.word.rawValue) \(hole(clause.operand))") }
        return parts.joined(separator: " ")
    }

    private func item(_ label: String, _ kind: ItemKind, detail: String? = nil, documentation: String? = nil,
                      snippet: String? = nil) -> JSONValue {
        var fields = [JSONField("label", .string(label)), JSONField("kind", .int(kind.rawValue))]
        if let detail { fields.append(JSONField("detail", .string(detail))) }
        if let documentation { fields.append(JSONField("documentation", .string(documentation))) }
        if let snippet, snippet != label, takesSnippets {
            fields.append(JSONField("insertText", .string(snippet)))
            fields.append(JSONField("insertTextFormat", .int(2)))
        }
        return .object(fields)
    }

    /// The expression before a `.`: `o`, `it`, `o.transactions[0]`, running back over names,
    /// dots and brackets.
    private func pathBefore(_ text: String) -> String {
        var depth = 0
        var start = text.endIndex
        while start > text.startIndex {
            let previous = text[text.index(before: start)]
            if previous == "]" { depth += 1 } else if previous == "[" {
                guard depth > 0 else { break }
                depth -= 1
            } else if depth == 0 && !(previous.isLetter || previous.isNumber || previous == "_" || previous == ".") {
                break
            }
            start = text.index(before: start)
        }
        return String(text[start...])
    }

    /// What `o.transactions[0]` holds, from the declarations in scope.
    private func shape(ofPath path: String, document: Document, at location: SourceLocation) -> ValueShape {
        var rest = Substring(path)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        rest = rest.dropFirst(name.count)
        var shape: ValueShape = name == "it" ? document.index.itShape(at: location)
            : document.index.visible(at: location).first { $0.name == name }?.shape ?? .unknown
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let field = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                rest = rest.dropFirst(field.count)
                shape = shape.field(String(field))
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return .unknown }
                rest = rest[rest.index(after: close)...]
                if case let .list(element) = shape { shape = element } else { return .unknown }
            } else {
                return .unknown
            }
        }
        return shape
    }

    /// `.pay` files and folders for `use "…`, relative to the document's folder.
    private func files(_ partial: String, from path: String) -> [JSONValue] {
        let slash = partial.lastIndex(of: "/")
        let folder = slash.map { String(partial[...$0]) } ?? ""
        let stem = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let directory = (path as NSString).deletingLastPathComponent
        let base = folder.hasPrefix("/") ? folder : (directory as NSString).appendingPathComponent(folder)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return entries.filter { $0.hasPrefix(stem) && !$0.hasPrefix(".") }.sorted().compactMap { entry in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (base as NSString).appendingPathComponent(entry), isDirectory: &isDirectory)
            if isDirectory.boolValue { return item(entry + "/", .folder) }
            return entry.hasSuffix(".pay") ? item(entry, .file) : nil
        }
    }

    // MARK: Hover

    /// The command whose words the token at `index` is: `get` or `order` of `get order`, `rate`
    /// of `get rate`, `refund`.
    static func command(at index: Int, in tokens: [Token]) -> CommandSpec? {
        func word(_ at: Int) -> String? {
            guard tokens.indices.contains(at) else { return nil }
            switch tokens[at].kind {
            case let .keyword(word): return word.rawValue
            case let .identifier(name): return name
            default: return nil
            }
        }
        if case let .keyword(keyword) = tokens[index].kind, Commands.keywords.contains(keyword) {
            let forms = Commands.forms(of: keyword)
            if forms.isEmpty { return Commands.spec(keyword) }
            if let next = word(index + 1), forms.contains(next) { return Commands.spec(keyword, next) }
        }
        if index > 0, case let .keyword(keyword) = tokens[index - 1].kind, let form = word(index),
           Commands.forms(of: keyword).contains(form) {
            return Commands.spec(keyword, form)
        }
        return nil
    }

    func hover(_ document: Document, at location: SourceLocation) -> JSONValue {
        let tokens = document.tokens
        guard let index = tokens.firstIndex(where: { $0.kind != .newline && $0.kind != .endOfInput && $0.range.contains(location) }) else {
            return .null
        }
        let token = tokens[index]
        var shown: (code: String, paragraphs: [String])?
        if let spec = LanguageServer.command(at: index, in: tokens) {
            var paragraphs = [spec.summary + "."]
            if spec.outgoing { paragraphs.append("Sends money out: on a real gateway only with --allow-outgoing, within --max-outgoing.") }
            if spec.sandboxOnly { paragraphs.append("Sandbox only: the embedded sandbox or `pay sandbox`.") }
            shown = (spec.usage, paragraphs)
        } else if case let .identifier(name) = token.kind {
            if let found = document.index.definition(at: location) {
                shown = describe(document.index.definitions[found], document: document)
            } else if let builtin = BuiltinFunction.named(name), tokens.indices.contains(index + 1), tokens[index + 1].kind == .leftParen {
                shown = (builtin.signature, [builtin.summary + "."])
            }
        }
        guard let shown else { return .null }
        // Markdown when the client takes it; plain text (no fences, no backquotes) when not.
        let value = takesMarkdown
            ? (["```pay\n\(shown.code)\n```"] + shown.paragraphs).joined(separator: "\n\n")
            : ([shown.code] + shown.paragraphs).joined(separator: "\n\n").replacingOccurrences(of: "`", with: "")
        return .object([
            "contents": .object(["kind": .string(takesMarkdown ? "markdown" : "plaintext"), "value": .string(value)]),
            "range": Positions(file: document.file, encoding: encoding).lsp(token.range),
        ])
    }

    private func describe(_ definition: Definition, document: Document) -> (code: String, paragraphs: [String]) {
        var paragraphs: [String] = []
        let code: String
        switch definition.kind {
        case .function:
            guard case let .function(parameters) = definition.shape else { return ("def \(definition.name)", []) }
            code = "def \(definition.name)(\(parameters.joined(separator: ", ")))"
            paragraphs.append(parameters.isEmpty ? "No parameters." : "Parameters: " + parameters.map { "`\($0)`" }.joined(separator: ", ") + ".")
        case .variable: code = "let \(definition.name): \(definition.shape.description)"
        case .parameter: code = "parameter \(definition.name)"
        case .loopVariable: code = "for \(definition.name): \(definition.shape.description)"
        case .refusal: code = "\(definition.name): string"
        }
        let fields = definition.shape.fields
        if !fields.isEmpty { paragraphs.append("Fields: " + fields.map { "`\($0.name)`" }.joined(separator: ", ") + ".") }
        if definition.path != document.path {
            paragraphs.append("Defined in \(definition.file.path):\(definition.nameRange.start.line).")
        }
        return (code, paragraphs)
    }

    // MARK: Definition

    func definition(_ document: Document, at location: SourceLocation) -> JSONValue {
        let index = document.index
        if let found = index.definition(at: location) {
            let definition = index.definitions[found]
            return .object([
                "uri": .string(Document.uri(for: definition.path)),
                "range": Positions(file: definition.file, encoding: encoding).lsp(definition.nameRange),
            ])
        }
        if let use = index.uses.last(where: { $0.range.contains(location) }) {
            let start = JSONValue.object(["line": .int(0), "character": .int(0)])
            return .object(["uri": .string(Document.uri(for: use.target)), "range": .object(["start": start, "end": start])])
        }
        return .null
    }

    // MARK: Symbols

    func symbols(_ document: Document) -> JSONValue {
        let index = document.index
        let positions = Positions(file: document.file, encoding: encoding)
        let top = index.definitions.filter { $0.path == document.path && $0.scope == 0 && ($0.kind == .function || $0.kind == .variable) }
        return .array(top.sorted { $0.statementRange.start < $1.statementRange.start }.map { definition in
            .object([
                "name": .string(definition.name),
                "detail": .string(definition.shape.description),
                "kind": .int((definition.kind == .function ? SymbolKind.function : SymbolKind.variable).rawValue),
                "range": positions.lsp(definition.statementRange),
                "selectionRange": positions.lsp(definition.nameRange),
            ])
        })
    }

    // MARK: Formatting

    func formatting(_ document: Document) throws(RequestError) -> JSONValue {
        switch Formatter.format(document.file) {
        case let .failure(error):
            let first = error.diagnostics.first.map { " (first: \($0.range.start): \($0.message))" } ?? ""
            throw RequestError(.requestFailed, "the document has syntax errors, so it is left as it is\(first)")
        case let .success(formatted) where formatted == document.file.text:
            return .array([])
        case let .success(formatted):
            let end = Positions(file: document.file, encoding: encoding)
                .lsp(SourceLocation(line: document.file.lineCount, column: Int(Int32.max)))
            let start = JSONValue.object(["line": .int(0), "character": .int(0)])
            return .array([.object(["range": .object(["start": start, "end": end]), "newText": .string(formatted)])])
        }
    }
}
