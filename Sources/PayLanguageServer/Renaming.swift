// What editors do with one name across a document, from the same index completion and go-to-
// definition read (SymbolIndex): every use of it (references), its uses lit up where the cursor
// is (document highlights), and renaming it, refused where the new name is not a name, is a
// keyword or built-in, would collide with another name its uses could then mean, or where the
// name is declared or also read in a used file the document alone cannot change.
import Foundation
import PayClient
import PayScriptSyntax

extension LanguageServer {
    /// `textDocument/references`: the uses of the name at `location`, with its declaration when asked.
    func references(_ document: Document, at location: SourceLocation, includingDeclaration: Bool) -> JSONValue {
        let index = document.index
        guard let found = index.definition(at: location) else { return .array([]) }
        let definition = index.definitions[found]
        let positions = Positions(file: document.file, encoding: encoding)
        var locations: [JSONValue] = []
        if includingDeclaration {
            locations.append(.object(["uri": .string(Document.uri(for: definition.path)),
                                      "range": Positions(file: definition.file, encoding: encoding).lsp(definition.nameRange)]))
        }
        for range in index.uses(of: found) {
            locations.append(.object(["uri": .string(document.uri), "range": positions.lsp(range)]))
        }
        return .array(locations)
    }

    /// `textDocument/documentHighlight`: the declaration (a write) and every use (a read) of the
    /// name at `location`, in this document.
    func highlights(_ document: Document, at location: SourceLocation) -> JSONValue {
        let index = document.index
        guard let found = index.definition(at: location) else { return .array([]) }
        let definition = index.definitions[found]
        let positions = Positions(file: document.file, encoding: encoding)
        var items: [JSONValue] = []
        if definition.path == document.path {
            items.append(.object(["range": positions.lsp(definition.nameRange), "kind": .int(3)]))
        }
        for range in index.uses(of: found) { items.append(.object(["range": positions.lsp(range), "kind": .int(2)])) }
        return .array(items)
    }

    /// `textDocument/prepareRename`: the name's range and text, or why it cannot be renamed here.
    func prepareRename(_ document: Document, at location: SourceLocation) throws(RequestError) -> JSONValue {
        let (definition, found) = try renamable(document, at: location)
        let range = definition.nameRange.contains(location) && definition.path == document.path
            ? definition.nameRange : document.index.uses(of: found).first { $0.contains(location) } ?? definition.nameRange
        return .object(["range": Positions(file: document.file, encoding: encoding).lsp(range), "placeholder": .string(definition.name)])
    }

    /// `textDocument/rename`: one edit for the declaration and each use, all in this document.
    func rename(_ document: Document, at location: SourceLocation, to newName: String) throws(RequestError) -> JSONValue {
        let (definition, found) = try renamable(document, at: location)
        let index = document.index
        guard newName.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil else {
            throw RequestError(.invalidParams, "'\(newName)' is not a name: a letter or _, then letters, digits or _")
        }
        if let keyword = Keyword(rawValue: newName), !keyword.isContextual {
            throw RequestError(.invalidParams, "'\(newName)' is a keyword")
        }
        if definition.kind == .function || definition.kind == .variable, BuiltinFunction.named(newName) != nil {
            throw RequestError(.invalidParams, "'\(newName)' is a built-in function")
        }
        guard newName != definition.name else { return .object(["changes": .object([:])]) }
        // Another name of that spelling in the same scope, a scope around it or one inside it
        // would take over some use, or be hidden by the renamed one.
        if let clash = index.definitions.first(where: { other in
            other.name == newName
                && (index.scope(definition.scope, isWithin: other.scope) || index.scope(other.scope, isWithin: definition.scope))
        }) {
            let place = clash.path == document.path ? "line \(clash.nameRange.start.line)" : (clash.path as NSString).lastPathComponent
            throw RequestError(.requestFailed, "'\(newName)' is already declared where '\(definition.name)' is seen (\(place))")
        }
        let positions = Positions(file: document.file, encoding: encoding)
        let edits = ([definition.nameRange] + index.uses(of: found)).map { range in
            JSONValue.object(["range": positions.lsp(range), "newText": .string(newName)])
        }
        return .object(["changes": .object([JSONField(document.uri, .array(edits))])])
    }

    /// The definition at `location`, when this document alone can rename it.
    private func renamable(_ document: Document, at location: SourceLocation) throws(RequestError) -> (Definition, Int) {
        let index = document.index
        guard let found = index.definition(at: location) else {
            throw RequestError(.requestFailed, "no variable or function here to rename")
        }
        let definition = index.definitions[found]
        guard definition.path == document.path else {
            throw RequestError(.requestFailed, "'\(definition.name)' is declared in \((definition.path as NSString).lastPathComponent): rename it there")
        }
        if definition.scope == 0, let reader = index.usedFiles(naming: definition.name).first {
            throw RequestError(.requestFailed, "'\(definition.name)' is also read by \((reader as NSString).lastPathComponent), which this document uses")
        }
        return (definition, found)
    }
}
