// `load(path)`: data for a test, from a .json file (any value; the API's amount objects become
// amounts) or a .csv file (a header row, then a record per row, each cell read as `--var` reads a
// value). CSV is parsed by SwiftCSV; the line and column of a bad cell are worked out here, as
// SwiftCSV gives rows without their places. Every error names the file and the place in it.
// A literal path is read once before the run as well (`checkDataFiles`), so a bad file stops the
// script before its first request.
import Foundation
import PayClient
import SwiftCSV

extension Interpreter {
    /// The value of the data file at `path`, relative to the file that calls `load`.
    func load(_ path: String, _ range: SourceRange) async throws -> Value {
        let absolute = ScriptLoader.resolve(path, from: file.path)
        if let read = dataFiles[absolute] { return read }
        let value = try await read(path, absolute, range)
        dataFiles[absolute] = value
        return value
    }

    private func read(_ path: String, _ absolute: String, _ range: SourceRange) async throws -> Value {
        let text: String
        switch ScriptLoader.read(absolute) {
        case let .success(read): text = read
        case let .failure(why): throw Fault(.cannotLoad(path, why: why.reason), range)
        }
        guard !text.allSatisfy(\.isWhitespace) else { throw Fault(.cannotLoad(path, why: "it is empty"), range) }
        let value: Value
        switch (path as NSString).pathExtension.lowercased() {
        case "json":
            do {
                value = try await settled(try json(text, path, range), range)
            } catch let fault as Fault where fault.reason.code != .P406 {
                throw Fault(.cannotLoad(path, why: fault.message), range)
            }
        case "csv": value = try await csv(text, path, range)
        default: throw Fault(.cannotLoad(path, why: "a data file ends in .json or .csv"), range)
        }
        // The language's limits hold for loaded values as for values built by the script.
        do {
            switch value {
            case let .list(items): return try Value.boundedList(items, range)
            case let .record(record): return try Value.boundedRecord(record, range)
            default: return value
            }
        } catch let fault as Fault {
            throw Fault(.cannotLoad(path, why: fault.message), range)
        }
    }

    /// Reads each `load` of a literal path as the run would, before it runs: a syntax-kind error
    /// (exit 2) with every file that cannot be loaded, or nil.
    public func checkDataFiles(_ loads: [DataFileLoad]) async -> ScriptError? {
        var problems: [Diagnostic] = []
        let outer = file
        defer { file = outer }
        for load in loads {
            file = load.file
            do {
                _ = try await self.load(load.path, load.range)
            } catch let fault as Fault {
                problems.append(Diagnostic(.run(fault.reason), file: load.file, range: load.range))
            } catch {
                problems.append(Diagnostic(.run(.cannotLoad(load.path, why: "\(error)")), file: load.file, range: load.range))
            }
        }
        return problems.isEmpty ? nil : ScriptError(.syntax, problems)
    }

    /// Every amount in `value` at its currency's precision, as a literal is settled: `{"amount":
    /// "2.5", "currency": "TRX"}` is `2.500000 TRX`, as the same amount from CSV, and an amount
    /// finer than its currency is the same error a literal gets.
    private func settled(_ value: Value, _ range: SourceRange) async throws -> Value {
        switch value {
        case let .amount(amount): return .amount(try await amountLiteral(amount.number, unit: amount.currency, range))
        case let .list(items):
            var settled: [Value] = []
            for item in items { settled.append(try await self.settled(item, range)) }
            return .list(settled)
        case let .record(record):
            var fields: [(String, Value)] = []
            for (key, item) in record.fields { fields.append((key, try await self.settled(item, range))) }
            return .record(Record(fields))
        default: return value
        }
    }

    private func json(_ text: String, _ path: String, _ range: SourceRange) throws -> Value {
        let bytes = Array(text.utf8)
        do throws(JSONValue.ParseError) {
            return Value(json: try JSONValue.parse(bytes))
        } catch {
            let (line, column) = Interpreter.place(ofByte: error.offset, in: bytes)
            throw Fault(.cannotLoad(path, why: "\(path):\(line):\(column): not valid JSON: \(error.reason)"), range)
        }
    }

    private func csv(_ text: String, _ path: String, _ range: SourceRange) async throws -> Value {
        var rows: [(cells: [String], line: Int)] = []
        var line = 1
        do {
            let table = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
            try table.enumerateAsArray(startAt: 0, rowLimit: nil) { cells in
                rows.append((cells, line))
                line += 1 + cells.reduce(0) { $0 + $1.unicodeScalars.filter { $0 == "\n" }.count }
            }
        } catch let error as CSVParseError {
            let reason: String
            switch error {
            case let .generic(message), let .quotation(message): reason = message
            }
            throw Fault(.cannotLoad(path, why: "\(path):\(line): not valid CSV: \(reason)"), range)
        }
        guard let header = rows.first?.cells else { throw Fault(.cannotLoad(path, why: "it is empty"), range) }
        var seen: Set<String> = []
        let headerLine = text.lineText(1)
        for (index, name) in header.enumerated() {
            let column = Interpreter.column(of: index, in: header, line: headerLine)
            if name.isEmpty { throw Fault(.cannotLoad(path, why: "\(path):1:\(column): a column with no name"), range) }
            if !seen.insert(name).inserted { throw Fault(.cannotLoad(path, why: "\(path):1:\(column): column '\(name)' twice"), range) }
        }
        var records: [Value] = []
        records.reserveCapacity(rows.count - 1)
        for (cells, line) in rows.dropFirst() {
            guard cells.count == header.count else {
                throw Fault(.cannotLoad(path, why: "\(path):\(line): \(cells.count) cell\(cells.count == 1 ? "" : "s"), the header has \(header.count)"), range)
            }
            var record = Record()
            for (index, cell) in cells.enumerated() {
                switch await readValue(cell) {
                case let .success(value): record[header[index]] = value
                case let .failure(problem):
                    let column = Interpreter.column(of: index, in: cells, line: text.lineText(line))
                    throw Fault(.cannotLoad(path, why: "\(path):\(line):\(column): column \(header[index]): \(problem.message)"), range)
                }
            }
            records.append(.record(record))
        }
        return .list(records)
    }

    /// Line and column (in characters, from 1) of a byte offset.
    static func place(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return (line, String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1)
    }

    /// The column (in characters, from 1) where cell `index` of a row starts in its line's text:
    /// each cell before it takes its text, two quotes and a doubled quote for each inside when
    /// written quoted, and a comma.
    static func column(of index: Int, in cells: [String], line: Substring) -> Int {
        var rest = line
        var column = 1
        for cell in cells.prefix(index) {
            let width = rest.first == "\"" ? cell.count + 2 + cell.filter { $0 == "\"" }.count : cell.count
            column += width + 1
            rest = rest.dropFirst(width + 1)
        }
        return column
    }
}

extension String {
    /// Line `number` (from 1) without its line break.
    func lineText(_ number: Int) -> Substring {
        // "\r\n" is one Character, so both line ends are looked for.
        let lines = split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        return lines.indices.contains(number - 1) ? lines[number - 1] : ""
    }
}

/// What a data file gives, as an editor knows it without running the script: a CSV's rows as
/// records with its header's columns, a JSON file's value as its first items show it. Nothing
/// for a file that cannot be read or parsed (the checker says why, not the editor).
public enum DataFileShape {
    public static func of(fileAt path: String) -> ValueShape {
        guard case let .success(text) = ScriptLoader.read(path) else { return .unknown }
        switch (path as NSString).pathExtension.lowercased() {
        case "csv":
            var header: [String]?
            _ = try? CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
                .enumerateAsArray(startAt: 0, rowLimit: 1) { cells in header = cells }
            guard let header, !header.isEmpty else { return .unknown }
            return .list(.record(name: nil, fields: header.map { ShapeField($0.trimmingCharacters(in: .whitespaces), .unknown) }))
        case "json":
            guard let json = try? JSONValue.parse(Array(text.utf8)) else { return .unknown }
            return shape(of: Value(json: json))
        default:
            return .unknown
        }
    }

    private static func shape(of value: Value) -> ValueShape {
        switch value {
        case let .list(items): .list(items.first.map(shape) ?? .unknown)
        case let .record(record): .record(name: nil, fields: record.fields.map { ShapeField($0.0, shape(of: $0.1)) })
        case .string: .simple("string")
        case .amount: .simple("amount")
        case .number: .simple("number")
        case .bool: .simple("bool")
        default: .unknown
        }
    }
}
