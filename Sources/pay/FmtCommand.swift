// `pay fmt PATH…`: rewrites .pay files in the one layout (PayScriptSyntax's Formatter). `--check`
// lists the files that would change and exits 1, for CI; `--diff` shows how as a unified diff and
// exits 1 too, as gofmt -d with its -l; `-` formats standard input to standard output. A file with syntax errors is left as it is, its errors reported (2).
import PayScript
import ArgumentParser
import Foundation
import PayScriptSyntax

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt", abstract: "Format .pay files in place, in the one layout.")

    @Argument(help: "Files or folders (searched for .pay files), or - for standard input.") var paths: [String]
    @Flag(help: "Change nothing; list the files that would change and exit 1 if any would.") var check = false
    @Flag(help: "Change nothing; show what would change as a unified diff (patch -p0 applies it) and exit 1 if anything would.") var diff = false

    func run() throws {
        var worst: ExitStatus = .success
        var changed = false
        for path in paths {
            if path == "-" {
                let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                switch Formatter.format(SourceFile(path: "<stdin>", text: text)) {
                case let .success(formatted): FileHandle.standardOutput.write(Data(formatted.utf8))
                case let .failure(error):
                    Console.err(error.rendered)
                    worst = .syntaxError
                }
                continue
            }
            for file in try FmtCommand.files(under: path) {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    Console.err("\(file):1:1: error: cannot read it")
                    worst = .runtimeError
                    continue
                }
                switch Formatter.format(SourceFile(path: file, text: text)) {
                case let .failure(error):
                    Console.err(error.rendered)
                    worst = .syntaxError
                case let .success(formatted) where formatted != text:
                    changed = true
                    if check { Console.out(file) }
                    if diff { Console.out(FmtCommand.diff(file, old: text, new: formatted)) }
                    if !check && !diff {
                        do {
                            try formatted.write(toFile: file, atomically: true, encoding: .utf8)
                        } catch {
                            Console.err("\(file): cannot write it: \(error.localizedDescription)")
                            worst = .runtimeError
                        }
                    }
                case .success:
                    break
                }
            }
        }
        if worst != .success { throw worst.exitCode }
        if (check || diff) && changed { throw ExitCode(1) }
    }

    /// `path` itself, or every .pay file under it, in order.
    static func files(under path: String, command: String = "pay fmt") throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            Console.err("\(command): no such file or folder: \(path)")
            throw ExitStatus.usage.exitCode
        }
        guard isDirectory.boolValue else { return [path] }
        let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".pay") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    /// A unified diff of `old` to `new` (as `diff -u` and `gofmt -d` write, so `patch -p0` applies
    /// it), with three lines of context, from the longest common subsequence of lines (files are
    /// small).
    static func diff(_ file: String, old: String, new: String) -> String {
        func lines(_ text: String) -> [String] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if text.hasSuffix("\n") { lines.removeLast() }
            return lines
        }
        let a = lines(old), b = lines(new)
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        // The edit script: each line kept (" "), removed ("-") or added ("+"), with its place in
        // the old and the new text.
        var edits: [(mark: Character, old: Int, new: Int, text: String)] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append((" ", i, j, a[i]))
                (i, j) = (i + 1, j + 1)
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                edits.append(("-", i, j, a[i]))
                i += 1
            } else {
                edits.append(("+", i, j, b[j]))
                j += 1
            }
        }
        let context = 3
        var out = ["--- \(file)", "+++ \(file)"]
        var index = 0
        while let first = edits[index...].firstIndex(where: { $0.mark != " " }) {
            // A hunk: changes less than twice the context apart, with the context around them.
            var last = first
            while let next = edits[(last + 1)...].firstIndex(where: { $0.mark != " " }), next - last <= 2 * context { last = next }
            let from = max(first - context, index), to = min(last + context, edits.count - 1)
            let hunk = edits[from...to]
            let oldCount = hunk.filter { $0.mark != "+" }.count, newCount = hunk.filter { $0.mark != "-" }.count
            let oldStart = oldCount == 0 ? hunk.first!.old : hunk.first!.old + 1
            let newStart = newCount == 0 ? hunk.first!.new : hunk.first!.new + 1
            out.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            out += hunk.map { "\($0.mark)\($0.text)" }
            index = to + 1
            if index >= edits.count { break }
        }
        return out.joined(separator: "\n")
    }
}
