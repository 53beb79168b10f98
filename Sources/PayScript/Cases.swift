// `cases EXPR as NAME { … }`: the block once per item of a list, NAME bound to the item. Run by
// `pay run`, every case runs in order, each is reported on a line of its own, and a failing case
// does not stop the others: the statement fails at the end, naming each case that failed. `pay
// test` makes each case a testcase of its own (`selectedCase`), named by its label.
//
// A case's label comes from its first field (`amount=2.5 TRX`); when two cases would share one,
// from all their fields; when they still would, with its number. When the list is written in the
// script, or is a `load` of a literal path, the labels are read from the source text or the file
// as written. That needs no gateway, so `pay test` can list the testcases before any run.
import Foundation
import PayClient
import SwiftCSV

extension Interpreter {
    func runCases(_ rowsExpr: Expr, _ name: String, _ body: [Stmt], in env: Environment, _ range: SourceRange) async throws -> Flow {
        let value = try await evaluate(rowsExpr, in: env)
        guard case let .list(rows) = value else {
            throw Fault(.needs(construct: "'cases'", needs: "a list", got: value.typeName), rowsExpr.range)
        }
        var labels = CaseLabels.labels(for: rows)
        if let written = CaseLabels.labels(of: rowsExpr, in: file), written.count == rows.count { labels = written }
        if let selected = selectedCase {
            selectedCase = nil
            guard rows.indices.contains(selected) else {
                throw Fault(.caseGone(number: selected + 1, count: rows.count), rowsExpr.range)
            }
            let scope = Environment(parent: env)
            scope.define(name, rows[selected])
            return try await execute(body, in: scope)
        }
        var failures: [(label: String, fault: Fault)] = []
        // A failed case does not end the run: what it left in `it` may be read after it.
        recovering += 1
        defer { recovering -= 1 }
        for (index, row) in rows.enumerated() {
            try await checkCancellation(range)
            let scope = Environment(parent: env)
            scope.define(name, row)
            do {
                if case let .returned(value) = try await execute(body, in: scope) { return .returned(value) }
                write("case \(labels[index]): ok")
            } catch let fault as Fault where fault.kind == .expectation || fault.kind == .runtime || fault.kind == .unanswered {
                write("case \(labels[index]): failed")
                failures.append((labels[index], fault))
            }
        }
        guard !failures.isEmpty else { return .normal }
        // The worst of the cases' endings decides the exit status: no answer, then a refusal.
        let kind: ScriptError.Kind = failures.contains { $0.fault.kind == .unanswered } ? .unanswered
            : failures.contains { $0.fault.kind == .runtime } ? .runtime : .expectation
        let notes = failures.map { failure in
            let place = "\((failure.fault.file ?? file).path):\(failure.fault.range.start)"
            return "  case \(failure.label): \(place): \(failure.fault.message)"
        }
        throw Fault(.casesFailed(failures.count, of: rows.count), range, notes: notes, kind: kind)
    }
}

public enum CaseLabels {
    /// The labels of a list written in the script, or `load`ed from a literal path, from the text
    /// as written; nil when the list is only known by running.
    public static func labels(of expr: Expr, in file: SourceFile) -> [String]? {
        switch expr.kind {
        case let .list(items):
            return distinct(items.map { item -> [(String, String)] in
                if case let .record(fields) = item.kind {
                    return fields.map { ($0.name, file.text(of: $0.value.range)) }
                }
                return [("", file.text(of: item.range))]
            })
        case let .call("load", arguments):
            guard arguments.count == 1, case let .string(parts) = arguments[0].kind, parts.count == 1,
                  case let .text(path) = parts[0] else { return nil }
            guard case let .success(text) = ScriptLoader.read(ScriptLoader.resolve(path, from: file.path)) else { return nil }
            switch (path as NSString).pathExtension.lowercased() {
            case "csv":
                guard let table = try? CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false) else { return nil }
                var rows: [[String]] = []
                guard (try? table.enumerateAsArray(startAt: 1, rowLimit: nil, { rows.append($0) })) != nil else { return nil }
                return distinct(rows.map { cells in Array(zip(table.header, cells)) })
            case "json":
                guard case let .array(items)? = try? JSONValue.parse(Array(text.utf8)) else { return nil }
                return distinct(items.map { item -> [(String, String)] in
                    if case let .object(fields) = item, Value(json: item).isRecord {
                        return fields.map { ($0.name, Value(json: $0.value).literal) }
                    }
                    return [("", Value(json: item).literal)]
                })
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// Labels of values known only by running.
    static func labels(for rows: [Value]) -> [String] {
        distinct(rows.map { row in
            if case let .record(record) = row { return record.fields.map { ($0.0, $0.1.literal) } }
            return [("", row.literal)]
        })
    }

    /// Labels the cases apart: each by its first field; only the cases that would share one take
    /// all their fields instead, and only those that still would take their number (grammar.md).
    static func distinct(_ rows: [[(String, String)]]) -> [String] {
        func text(_ pairs: some Sequence<(String, String)>) -> String {
            let joined = pairs.map { $0.0.isEmpty ? $0.1 : "\($0.0)=\($0.1)" }.joined(separator: ", ")
                .replacingOccurrences(of: "\n", with: " ")
            return joined.count > 60 ? String(joined.prefix(59)) + "…" : joined
        }
        func shared(_ labels: [String]) -> [String: Int] { Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +) }
        let first = rows.map { text($0.prefix(1)) }
        let firstCounts = shared(first)
        let widened = rows.indices.map { firstCounts[first[$0]]! > 1 ? text(rows[$0]) : first[$0] }
        let widenedCounts = shared(widened)
        return widened.enumerated().map { widenedCounts[$0.element]! > 1 ? "\($0.element) #\($0.offset + 1)" : $0.element }
    }
}

extension Value {
    var isRecord: Bool {
        if case .record = self { return true }
        return false
    }
}
