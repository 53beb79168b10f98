// Runs the built `pay` binary as a child process and collects what it printed and how it exited.
import Foundation
import Synchronization

enum PayBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `PAY_BINARY`, else beside the test bundle, else `.build/debug/pay`.
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["PAY_BINARY"] { return URL(fileURLWithPath: path) }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pay")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/pay")
    }
}

struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum PayProcess {
    /// As `run`, on a thread of its own: a test whose gateway is served from this process must not
    /// block the concurrency pool that serves it while the child waits for an answer.
    static func running(_ arguments: [String], in directory: URL? = nil,
                        environment: [String: String] = [:], executable: URL = PayBinary.url) async throws -> Finished {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(arguments, in: directory, environment: environment, executable: executable) })
            }
        }
    }

    /// Foundation's `Process.run()` is not safe to call from two threads at once on Linux (a CI
    /// run crashed in it, in `memmove`, while two tests started children): every child here is
    /// started under this lock. The children then run side by side.
    static let spawning = NSLock()

    static func start(_ process: Process) throws {
        try spawning.withLock { try process.run() }
    }

    /// Runs `pay` (or `executable`) with `arguments` in `directory` and waits for it to exit.
    /// `input`, when given, is all of standard input; else standard input is empty.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    input: String? = nil, executable: URL = PayBinary.url) throws -> Finished {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PAY_API_URL")
        env.removeValue(forKey: "PAY_API_KEY")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try start(process)
        stdin.fileHandleForWriting.write(Data((input ?? "").utf8))
        try? stdin.fileHandleForWriting.close()
        // Both pipes are drained at once, stderr on a thread of its own: reading one to its end
        // first would stall a child that fills the other.
        let errData = Mutex<Data>(Data())
        let errDone = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        Thread.detachNewThread {
            let data = errHandle.readDataToEndOfFile()
            errData.withLock { $0 = data }
            errDone.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                        stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self))
    }
}

/// `pay sandbox` on a free port, stopped with SIGTERM.
final class SandboxProcess {
    let process = Process()
    private(set) var baseURL = ""
    static let key = "e2e-key-5f1c"

    /// `hidden`: the server says it is no sandbox (`--hide-sandbox`), so clients treat it as a
    /// real gateway, guards and all.
    init(hidden: Bool = false, extra: [String] = []) throws {
        process.executableURL = PayBinary.url
        process.arguments = ["sandbox", "--port", "0", "--key", Self.key] + (hidden ? ["--hide-sandbox"] : []) + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try PayProcess.start(process)
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while !seen.contains("\n"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = seen.split(separator: "\n").first, line.hasPrefix("pay sandbox listening on ") else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "pay sandbox did not start: \(seen)"])
        }
        baseURL = String(line.dropFirst("pay sandbox listening on ".count))
    }

    /// Sends SIGTERM (or `signal`) and returns the exit status once it has stopped.
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
