// How values look to a person: `show` in scripts, and every bare expression at the REPL's prompt.
// A record is a card of aligned fields, a list of records a table of its scalar columns; on a
// terminal, statuses are coloured (never with NO_COLOR or when the output is not a terminal:
// the caller decides).
import PayClient

public enum Show {
    public static func render(_ value: Value, color: Bool = false) -> String {
        switch value {
        case let .record(record): return card(record, color: color)
        case let .list(items) where !items.isEmpty && items.allSatisfy({ if case .record = $0 { true } else { false } }):
            return table(items.compactMap { if case let .record(r) = $0 { r } else { nil } }, color: color)
        default: return value.literal
        }
    }

    private static func cell(_ value: Value) -> String {
        switch value {
        case let .list(items): return items.isEmpty ? "[]" : "[\(items.count) item\(items.count == 1 ? "" : "s")]"
        case let .record(record): return "{\(record.count) fields}"
        default: return value.description
        }
    }

    /// Green for done, yellow for moving, red for the ends that are not success.
    static func colored(_ text: String, status: String) -> String {
        let code: String
        switch OrderStatus(rawValue: status) {
        case .completed: code = "32"
        case .inProgress: code = "33"
        case .expired, .failed, .canceled: code = "31"
        case .other: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private static func card(_ record: Record, color: Bool) -> String {
        let width = record.keys.map(\.count).max() ?? 0
        return record.fields.map { key, value in
            let text = cell(value)
            let shown = color && key == "status" ? colored(text, status: text) : text
            return key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + shown
        }.joined(separator: "\n")
    }

    /// Columns are the scalar fields of the first row; a cell longer than `maxCell` (a hash) is
    /// cut, as the card of that row shows it whole.
    static let maxCell = 24

    private static func table(_ rows: [Record], color: Bool) -> String {
        let columns = rows[0].fields.filter { _, value in
            switch value { case .list, .record: false; default: true }
        }.map(\.0)
        let cells = rows.map { row in
            columns.map { column -> String in
                let text = row[column].map(cell) ?? ""
                return text.count > maxCell ? String(text.prefix(maxCell - 1)) + "…" : text
            }
        }
        let widths = columns.indices.map { i in max(columns[i].count, cells.map { $0[i].count }.max() ?? 0) }
        let statusColumn = color ? columns.firstIndex(of: "status") : nil
        func line(_ items: [String], colored: Bool = false) -> String {
            let padded = zip(items, widths).enumerated().map { index, pair in
                let text = pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                return colored && index == statusColumn ? Show.colored(text, status: pair.0) : text
            }
            return padded.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(columns), line(widths.map { String(repeating: "-", count: $0) })] + cells.map { line($0, colored: true) })
            .joined(separator: "\n")
    }
}
