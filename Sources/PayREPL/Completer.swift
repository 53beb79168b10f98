// What Tab offers at the prompt, from the line up to the cursor and the word being typed:
// keywords, commands and meta commands; variables and functions in scope; fields after `.` taken
// from the actual value; currencies after a number; statuses after `wait`; files inside `use "`.
import Foundation
import PayScript

struct Completer {
    /// Top-level names (variables and functions) bound now.
    var names: () -> [String]
    /// A top-level binding's value.
    var value: (String) -> Value?
    /// What `it` is bound to.
    var lastOrder: () -> Value?
    /// Currency units a number may take: the gateway's asset ids and codes, and common fiat.
    var units: () -> [String]
    /// Where relative `use` paths start.
    var directory: String


    /// Every completion of `word`, the text readline will replace, sorted.
    func complete(line: String, word: String) -> [String] {
        let before = String(line.dropLast(word.count))
        if let partial = CompletionContext.usePath(in: line) { return files(partial, typed: word) }
        if word.hasPrefix(":") && before.trimmingCharacters(in: .whitespaces).isEmpty {
            return MetaCommand.allCases.map(\.spelling).filter { $0.hasPrefix(word) }
        }
        if let dot = word.lastIndex(of: ".") {
            return fields(of: String(word[..<dot]), prefix: String(word[word.index(after: dot)...]))
        }
        let previous = before.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if let last = previous.last, CompletionContext.isNumber(last) {
            return units().filter { $0.hasPrefix(word) }.sorted()
        }
        if CompletionContext.afterWait(previous.map(String.init), before: before) {
            return Commands.statusWords.filter { $0.hasPrefix(word) }
        }
        // Right after `get`: its forms, from the command table (`rate` is a word only there).
        if let last = previous.last, before.last == " " || before.last == "\t", let keyword = Keyword(rawValue: String(last)),
           !Commands.forms(of: keyword).isEmpty {
            return Commands.forms(of: keyword).filter { $0.hasPrefix(word) }
        }
        let words = Keyword.allCases.filter { !$0.isContextual }.map(\.rawValue) + Commands.statements.map(\.word) + names()
            + BuiltinFunction.allCases.map(\.rawValue)
        return Set(words.filter { $0.hasPrefix(word) }).sorted()
    }

    /// The fields of the value `path` names (`o`, `it`, `o.transactions[0]`), as `path.field`.
    private func fields(of path: String, prefix: String) -> [String] {
        guard case let .record(record)? = resolve(path) else { return [] }
        return record.keys.filter { $0.hasPrefix(prefix) }.map { "\(path).\($0)" }
    }

    /// Follows `name(.field | [n] | ["key"])*` through the bound values, running nothing.
    func resolve(_ path: String) -> Value? {
        var rest = Substring(path)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty else { return nil }
        rest = rest.dropFirst(name.count)
        var current = name == "it" ? lastOrder() : value(String(name))
        while let here = current, let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let field = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                rest = rest.dropFirst(field.count)
                guard case let .record(record) = here else { return nil }
                current = record[String(field)]
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                rest = rest[rest.index(after: close)...]
                switch here {
                case let .list(items):
                    guard let index = Int(inside), items.indices.contains(index) else { return nil }
                    current = items[index]
                case let .record(record):
                    guard inside.count >= 2, inside.hasPrefix("\""), inside.hasSuffix("\"") else { return nil }
                    current = record[String(inside.dropFirst().dropLast())]
                default: return nil
                }
            } else {
                return nil
            }
        }
        return current
    }

    /// Files and directories matching `partial`; readline replaces `typed`, the part after the
    /// last break character, so the matches are given the same way.
    private func files(_ partial: String, typed: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folder = slash.map { String(partial[...$0]) } ?? ""
        let stem = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let base = folder.hasPrefix("/") ? folder : (directory as NSString).appendingPathComponent(folder)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base.isEmpty ? "." : base)) ?? []
        let typedFolder = String(typed.dropLast(stem.count))
        return entries.filter { $0.hasPrefix(stem) && !$0.hasPrefix(".") }.compactMap { entry -> String? in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (base as NSString).appendingPathComponent(entry), isDirectory: &isDirectory)
            if isDirectory.boolValue { return typedFolder + entry + "/" }
            return entry.hasSuffix(".pay") ? typedFolder + entry : nil
        }.sorted()
    }
}
