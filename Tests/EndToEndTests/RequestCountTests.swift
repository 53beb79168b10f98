// README's table of what each command sends, run: every row's statements against a gateway that
// counts what reaches it, once as a `pay sandbox` and once as a real gateway would be (it does not
// answer GET /sandbox). What the row's statements send is what reaches the gateway between two
// markers, `rates 1 EUR` before them and `rates 2 EUR` after (reads, which change nothing). A
// change that adds a round trip to a command fails here, and so does a README that no longer says
// what `pay` does. Each script runs as `pay run` runs it (GatewaySettings' session, the one
// Pipeline), in this process: some fifty process starts fewer for the suite.
import Foundation
import PayGateway
import PayScript
import Testing

struct RequestCountTests {
    /// One row of the table: the statements counted, what runs before them, and the requests
    /// they send on each kind of gateway (nil where they cannot run).
    struct Row: CustomStringConvertible {
        var statements: [String]
        var before: [String]
        var sandbox: Int?
        var gateway: Int?
        var description: String { statements.joined(separator: "; ") }
    }

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../README.md").standardizedFileURL

    /// Every script starts here, so that the catalog reads of the run's start are made before the
    /// row's own statement: a row counts what that statement sends.
    static let prelude = ["let shop = integration \"test\"", "let one = 1 TRX"]

    /// The rows between README's markers: `| `statement` | before · before | sandbox | gateway | … |`,
    /// a count of `—` where the command does not run (sandbox-only on a gateway).
    static func rows() throws -> [Row] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "<!-- request counts: begin -->"), let end = text.range(of: "<!-- request counts: end -->") else {
            throw CocoaError(.fileReadCorruptFile)
        }
        func code(_ cell: Substring) -> [String] {
            cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return Row(statements: code(Substring(cells[1])), before: code(Substring(cells[2])),
                       sandbox: Int(cells[3]), gateway: Int(cells[4]))
        }
    }

    /// The requests `lines` make on a fresh gateway, as it received them, run as `pay run --api
    /// URL --key K --allow-outgoing` runs a script.
    static func requests(_ lines: [String], hidden: Bool) async throws -> [String] {
        let server = try await SandboxGateway.start(hidden: hidden)
        defer { Task { await server.stop() } }
        // Answers stay fresh for a minute, not the usual second: what a row sends must not depend on
        // how busy the machine is.
        let settings = GatewaySettings(api: server.baseURL, key: SandboxGateway.key, allowOutgoingFlag: true,
                                       environment: .fixed(["PAY_FRESH_FOR": "60"]))
        let file = SourceFile(path: "s.pay", text: lines.joined(separator: "\n") + "\n")
        let script = try ScriptLoader.load(file, absolutePath: FileManager.default.temporaryDirectory.appendingPathComponent("s.pay").path)
        var opened: OpenedGateway?
        let outcome = await Pipeline.run(script) { (reads: CatalogReads) async throws(ScriptError) -> Interpreter in
            let (session, gateway) = await settings.makeSession(ExchangeFiles(), reads: reads)
            opened = gateway
            return Interpreter(session: session, file: file) { _ in }
        }
        await opened?.shutdown()
        #expect(outcome.error == nil, "\(lines.joined(separator: "; ")): \(outcome.error?.rendered ?? "")")
        return await server.log.requests.map { "\($0.method) \($0.path)" }
    }

    @Test func theTableListsEveryCommand() throws {
        let rows = try Self.rows()
        let words = Set(rows.flatMap { $0.statements.map { String($0.split(separator: " ")[$0.hasPrefix("let ") ? 3 : 0]) } })
        #expect(words == Set(Commands.all.map(\.keyword.rawValue)).union(["sleep", "print", "expect"]))
        // Every command of the table, with its form (`get rate`), has a row.
        let written = rows.flatMap { $0.statements.map { $0.hasPrefix("let ") ? String($0.split(separator: " ").dropFirst(3).joined(separator: " ")) : $0 } }
        for spec in Commands.all {
            #expect(written.contains { $0 == spec.name || $0.hasPrefix(spec.name + " ") }, "\(spec.name) has no row")
        }
    }

    @Test(arguments: try rows())
    func eachCommandSendsWhatREADMESays(row: Row) async throws {
        for (hidden, expected) in [(false, row.sandbox), (true, row.gateway)] {
            guard let expected else { continue }
            let sent = try await Self.requests(Self.prelude + row.before + ["rates 1 EUR"] + row.statements + ["rates 2 EUR"], hidden: hidden)
            let markers = sent.indices.filter { sent[$0] == "GET /exchange-rates" }
            try #require(markers.count >= 2, "\(sent)")
            let between = sent[(markers.first! + 1)..<markers.last!]
            #expect(between.count == expected, "\(row) on \(hidden ? "a gateway" : "a sandbox") sent \(between.joined(separator: ", "))")
        }
    }

    /// What a run reads before its first statement, side by side: whether the gateway is a
    /// sandbox, and of the catalog only what the script needs.
    @Test func theStartReadsWhatTheScriptNeeds() async throws {
        #expect(try await Self.requests(["print 1"], hidden: false) == ["GET /sandbox"])
        #expect(try await Self.requests(["get transaction 705"], hidden: false) == ["GET /sandbox", "GET /transactions/705"])
        #expect(try await Self.requests(["print 1 TRX"], hidden: false).sorted() == ["GET /crypto-assets", "GET /sandbox"])
        #expect(try await Self.requests(Self.prelude, hidden: false).sorted() == ["GET /crypto-assets", "GET /integrations", "GET /sandbox"])
        #expect(try await Self.requests(Self.prelude, hidden: true).sorted() == ["GET /crypto-assets", "GET /integrations", "GET /sandbox"])
    }
}
