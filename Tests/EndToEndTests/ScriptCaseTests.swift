// Integration tests as data: each Cases/NAME.pay runs with the built binary, and its stdout,
// stderr and exit status must equal NAME.stdout, NAME.stderr and NAME.status (missing = empty / 0).
// NAME.args, if present, holds extra arguments, one per line; when its first line is `check`, the
// case runs `pay check NAME.pay` and the rest. Adding a case means adding files.
import Foundation
import Testing

struct ScriptCaseTests {
    static let directory = PayBinary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Cases")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".pay") && !$0.hasPrefix("_") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func expected(_ name: String, _ ext: String) -> String? {
        try? String(contentsOf: directory.appendingPathComponent("\(name).\(ext)"), encoding: .utf8)
    }

    @Test func thereAreCases() {
        #expect(Self.names.count >= 8)
    }

    @Test(arguments: ScriptCaseTests.names)
    func scriptCase(name: String) throws {
        let extra = Self.expected(name, "args")?.split(separator: "\n").map(String.init) ?? []
        let command = extra.first == "check" ? ["check", "\(name).pay"] + extra.dropFirst() : ["run", "\(name).pay"] + extra
        let result = try PayProcess.run(command, in: Self.directory)
        #expect(result.stdout == (Self.expected(name, "stdout") ?? ""), "stdout of \(name)")
        #expect(result.stderr == (Self.expected(name, "stderr") ?? ""), "stderr of \(name)")
        let status = Int32(Self.expected(name, "status")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0")
        #expect(result.status == status, "exit status of \(name)")
    }
}
