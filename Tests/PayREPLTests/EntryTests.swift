// The prompt runs entries and `:load`ed files through the pipeline `pay run` uses: the scripts of
// EndToEndTests' EntryPointTests end here with the same kind of error and the same first line.
import Foundation
import PayClient
import PaySandbox
import PayScript
import Synchronization
import Testing
@testable import PayREPL

struct EntryTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ text: String) { lines.withLock { $0.append(text) } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func prompt() -> (REPL, out: Lines, err: Lines) {
        let session = GatewaySession(client: PaymentClient(transport: InProcessTransport(sandbox: Sandbox(config: SandboxConfig(seed: 1))),
                                                           apiKey: nil), isSandbox: true)
        let options = REPL.Options(isSandbox: true, endpoint: "embedded sandbox", hasKey: false, key: nil, allowOutgoing: false,
                                   maxOutgoing: [], historyPath: nil, color: false)
        let (out, err) = (Lines(), Lines())
        return (REPL(session: session, options: options, out: out.append, err: err.append), out, err)
    }

    /// Script, the error kind it stops with (nil: it finishes), and its first line with the file as `S`.
    static let cases: [(String, ScriptError.Kind?, String?)] = [
        ("let o = order 1 TRX\nexpect o.status == \"inProgress\"", nil, nil),
        ("expect 1 == 2", .expectation, "S:1:8: error[P407]: expectation failed: 1 == 2"),
        ("get order \"o-404\"", .runtime, "S:1:1: error[P501]: GET /orders/o-404 was refused (404): Not found: no order with id o-404"),
        ("print y", .syntax, "S:1:7: error[P201]: 'y' is not defined"),
        ("print 0.0000001 TRX", .syntax, "S:1:7: error[P306]: TRX has 6 decimal places; 0.0000001 has 7"),
    ]

    @Test func anEntryEndsAsPayRunWould() async {
        for (text, kind, first) in Self.cases {
            let (repl, _, err) = Self.prompt()
            let outcome = await repl.enter(text)
            switch outcome {
            case .finished: #expect(kind == nil, "\(text)")
            case let .failed(error): #expect(error.kind == kind, "\(text)")
            case .incomplete: Issue.record("\(text) is complete")
            }
            #expect(err.all.first?.split(separator: "\n").first.map(String.init) == first?.replacingOccurrences(of: "S:", with: "<entry 1>:"))
        }
    }

    @Test func aLoadedFileEndsAsPayRunWould() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pay-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, (text, _, first)) in Self.cases.enumerated() {
            let path = folder.appendingPathComponent("s\(index).pay").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (repl, _, err) = Self.prompt()
            #expect(await repl.meta(":load \(path)") == .continue)
            #expect(err.all.first?.split(separator: "\n").first.map(String.init) == first?.replacingOccurrences(of: "S:", with: "\(path):"))
        }
    }

    @Test func anUnfinishedEntryAsksForMore() async {
        let (repl, _, err) = Self.prompt()
        #expect(await repl.enter("def f(a) {") == .incomplete)
        #expect(await repl.enter("def f(a) {\n  return a\n}") == .finished(nil))
        #expect(err.all == [])
    }
}
