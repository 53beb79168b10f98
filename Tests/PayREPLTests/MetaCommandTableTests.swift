// The prompt's meta commands live in one table (MetaCommand): README's list, `:help` and Tab
// completion all say exactly what it holds.
import Foundation
import Testing
@testable import PayREPL

struct MetaCommandTableTests {
    static let readme = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)

    /// README's "Meta commands" list names each command once, in the table's order, as its usage.
    @Test func readmeListsExactlyTheTable() throws {
        let lines = Self.readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.contains("**Meta commands:**") })
        var usages: [String] = []
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("  - ") else { break }
            let pieces = line.split(separator: "`", omittingEmptySubsequences: false)
            usages += stride(from: 1, to: pieces.count, by: 2).map { String(pieces[$0]) }.filter { $0.hasPrefix(":") }
        }
        #expect(usages == MetaCommand.allCases.map(\.usage))
    }

    @Test func helpListsEveryMetaCommandWithItsSummary() {
        let help = Help.text(for: nil)
        #expect(help.contains("  :help [COMMAND]  this list, or one command"))
        for command in MetaCommand.allCases {
            #expect(help.contains(command.usage), "\(command)")
            #expect(help.contains(command.summary), "\(command)")
        }
        #expect(help.contains("Functions: env(\"NAME\"), param(\"NAME\", default), uuid(), now(), time(text), len(x), str(x), sum(list), contains(text, part), load(\"file.csv\")."))
    }

    @Test func aliasesNameTheSameCommand() {
        #expect(MetaCommand.named(":q") == .quit)
        #expect(MetaCommand.named(":exit") == .quit)
        #expect(MetaCommand.named(":load") == .load)
        #expect(MetaCommand.named(":lod") == nil)
        #expect(MetaCommand.named("help") == nil)
    }
}
