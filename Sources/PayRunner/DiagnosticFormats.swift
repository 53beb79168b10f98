// Diagnostics for machines: JSON lines for scripts, and SARIF 2.1.0 for code-scanning tools
// (GitHub code scanning, GitLab, SonarQube read it). The SARIF log holds one run whose tool's
// rules are the codes that occur, with their explanations; columns count Unicode scalars, as
// the lexer does, and the log says so (`columnKind`).
import Foundation
import PayScriptSyntax

public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, sarif
}

public enum DiagnosticReports {
    /// One JSON object per line: `{"file", "line", "column", "endLine", "endColumn", "severity",
    /// "code", "message", "notes"}`, plus `"fix": {"line", "column", "endLine", "endColumn",
    /// "text"}` where the hint names one exact replacement.
    public static func jsonLines(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return diagnostics.map { diagnostic in
            let line = JSONLine(diagnostic)
            return String(decoding: (try? encoder.encode(line)) ?? Data("{}".utf8), as: UTF8.self)
        }.joined(separator: "\n")
    }

    /// A SARIF 2.1.0 log of `diagnostics`, from `pay` at `version`. `base` is the directory that
    /// relative paths are relative to (`%SRCROOT%` in the log).
    public static func sarif(_ diagnostics: [Diagnostic], version: String, base: String) -> String {
        let codes = Array(Set(diagnostics.map(\.code))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1.id, $0) })
        let rules = codes.map { code in
            SARIF.Rule(id: code.id, shortDescription: .init(text: code.title),
                       fullDescription: .init(text: code.explanation),
                       help: .init(text: code.explained),
                       defaultConfiguration: .init(level: level(code.severity)))
        }
        let results = diagnostics.map { diagnostic in
            SARIF.Result(ruleId: diagnostic.code.id, ruleIndex: ruleIndex[diagnostic.code.id] ?? 0,
                         level: level(diagnostic.code.severity),
                         message: .init(text: ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")),
                         locations: [location(diagnostic.file.path, diagnostic.range)],
                         fixes: diagnostic.fix.map { fix in
                             [SARIF.Fix(description: .init(text: "Replace with '\(fix.text)'"),
                                        artifactChanges: [.init(artifactLocation: artifact(diagnostic.file.path),
                                                                replacements: [.init(deletedRegion: region(fix.range),
                                                                                     insertedContent: .init(text: fix.text))])])]
                         })
        }
        let log = SARIF.Log(runs: [SARIF.Run(
            tool: .init(driver: .init(name: "pay", version: version, informationUri: nil, rules: rules)),
            originalUriBaseIds: ["%SRCROOT%": .init(uri: URL(fileURLWithPath: base, isDirectory: true).absoluteString)],
            results: results)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(log)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private static func level(_ severity: DiagnosticCode.Severity) -> String {
        severity == .warning ? "warning" : "error"
    }

    /// A path as SARIF wants it: a relative URI against `%SRCROOT%`, or an absolute file URI.
    private static func artifact(_ path: String) -> SARIF.ArtifactLocation {
        if path.hasPrefix("/") { return .init(uri: URL(fileURLWithPath: path).absoluteString, uriBaseId: nil) }
        let escaped = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
        return .init(uri: escaped, uriBaseId: "%SRCROOT%")
    }

    private static func region(_ range: SourceRange) -> SARIF.Region {
        // SARIF's region ends after its last character; a zero-width range marks one place.
        SARIF.Region(startLine: range.start.line, startColumn: range.start.column,
                     endLine: range.end.line, endColumn: max(range.end.column, range.end.line == range.start.line ? range.start.column : 1))
    }

    private static func location(_ path: String, _ range: SourceRange) -> SARIF.Location {
        .init(physicalLocation: .init(artifactLocation: artifact(path), region: region(range)))
    }

    private struct JSONLine: Encodable {
        struct Fix: Encodable {
            var line, column, endLine, endColumn: Int
            var text: String
        }
        var file: String
        var line, column, endLine, endColumn: Int
        var severity, code, message: String
        var notes: [String]
        var fix: Fix?

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.file.path
            (line, column) = (diagnostic.range.start.line, diagnostic.range.start.column)
            (endLine, endColumn) = (diagnostic.range.end.line, diagnostic.range.end.column)
            severity = diagnostic.code.severity.rawValue
            code = diagnostic.code.id
            message = diagnostic.message
            notes = diagnostic.notes + diagnostic.frames.map { $0.rendered.trimmingCharacters(in: .whitespaces) }
            fix = diagnostic.fix.map { Fix(line: $0.range.start.line, column: $0.range.start.column,
                                           endLine: $0.range.end.line, endColumn: $0.range.end.column, text: $0.text) }
        }
    }
}

/// The part of SARIF 2.1.0 (docs.oasis-open.org/sarif/sarif/v2.1.0) that pay writes.
private enum SARIF {
    struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
    }
    struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: ArtifactLocationBase]
        var results: [Result]
        var columnKind = "unicodeCodePoints"
    }
    struct ArtifactLocationBase: Encodable { var uri: String }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String?
        var rules: [Rule]
    }
    struct Message: Encodable { var text: String }
    struct Configuration: Encodable { var level: String }
    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var defaultConfiguration: Configuration
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var fixes: [Fix]?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }
    struct Region: Encodable {
        var startLine, startColumn, endLine, endColumn: Int
    }
    struct Fix: Encodable {
        var description: Message
        var artifactChanges: [ArtifactChange]
    }
    struct ArtifactChange: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }
    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Message
    }
}
