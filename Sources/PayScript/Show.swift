// `show`: a record as a card of aligned fields, a list of records as a table.

enum Show {
    static func render(_ value: Value) -> String {
        switch value {
        case let .record(record): return card(record)
        case let .list(items) where !items.isEmpty && items.allSatisfy({ if case .record = $0 { true } else { false } }):
            return table(items.compactMap { if case let .record(r) = $0 { r } else { nil } })
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

    private static func card(_ record: Record) -> String {
        let width = record.keys.map(\.count).max() ?? 0
        return record.fields.map { key, value in
            key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cell(value)
        }.joined(separator: "\n")
    }

    /// Columns are the scalar fields of the first row.
    private static func table(_ rows: [Record]) -> String {
        let columns = rows[0].fields.filter { _, value in
            switch value { case .list, .record: false; default: true }
        }.map(\.0)
        let cells = rows.map { row in columns.map { row[$0].map(cell) ?? "" } }
        let widths = columns.indices.map { i in max(columns[i].count, cells.map { $0[i].count }.max() ?? 0) }
        func line(_ items: [String]) -> String {
            zip(items, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(columns), line(widths.map { String(repeating: "-", count: $0) })] + cells.map(line))
            .joined(separator: "\n")
    }
}
