// `pay fmt PATH…`: rewrites .pay files in the one layout (PayScriptSyntax's Formatter). `--check`
// lists the files that would change and exits 1, for CI; `--diff` shows how; `-` formats standard
// input to standard output. A file with syntax errors is left as it is, its errors reported (2).
import ArgumentParser
import Foundation
import PayScriptSyntax

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt", abstract: "Format .pay files in place, in the one layout.")

    @Argument(help: "Files or folders (searched for .pay files), or - for standard input.") var paths: [String]
    @Flag(help: "Change nothing; list the files that would change and exit 1 if any would.") var check = false
    @Flag(help: "Change nothing; show what would change as a diff.") var diff = false

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
        if check && changed { throw ExitCode(1) }
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

    /// The lines that differ, as `-` and `+` lines under a `--- file` header, from the longest
    /// common subsequence of lines (files are small).
    static func diff(_ file: String, old: String, new: String) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var out = ["--- \(file)", "+++ \(file) (formatted)"]
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                out.append("@\(j + 1) +\(b[j])")
                j += 1
            } else {
                out.append("@\(i + 1) -\(a[i])")
                i += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
