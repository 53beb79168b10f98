// `pay mcp` serves grammar.md and the examples from the binary: they must be the files as they
// are (Tests/mcp/embed_documents.py writes them again).
import Foundation
import Testing
@testable import PayMCP

struct EmbeddedDocumentsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theGrammarIsGrammarMd() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("grammar.md"), encoding: .utf8)
        #expect(EmbeddedDocuments.grammar == file, "run python3 Tests/mcp/embed_documents.py")
    }

    @Test func theExamplesAreTheFolders() throws {
        let folder = Self.root.appendingPathComponent("examples")
        var files: [String] = []
        for sub in ["", "lib/"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)
            files += names.filter { $0.hasSuffix(".pay") }.map { sub + $0 }
        }
        #expect(EmbeddedDocuments.examples.map(\.path) == files.sorted(), "run python3 Tests/mcp/embed_documents.py")
        for (path, text) in EmbeddedDocuments.examples {
            #expect(text == (try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)), "\(path)")
        }
        #expect(PayMCPServer.resources.count == files.count + 1)
        #expect(PayMCPServer.resources[0].resource.uri == "pay://grammar.md")
    }
}
