// The files `--curl`, `--record` and `--replay` name, opened or read before the first request, so
// a path that cannot be written or a recording that cannot be read is a usage error (64) and not
// a run that fails halfway; and what a run opened, to close when it ends.
import Foundation
import PayClient
import PayRunner
import PayScript
import Synchronization

public struct ExchangeFiles: Sendable {
    /// Where curl commands go (a file, or standard error for `-`).
    public var curl: FileHandle?
    /// `pay run`'s HAR to write, already created as an archive with no entries.
    public var recordFile: String?
    /// `pay test`'s folder of HARs to write, one per scenario.
    public var recordFolder: String?
    /// `pay run`'s recording, read and checked.
    public var replayLog: HARLog?
    public var replayName = ""
    /// `pay test`'s folder of recordings, one per scenario.
    public var replayFolder: String?

    public struct Problem: Error { public var message: String }

    public init() {}

    /// Opens what `settings` name; `folders` for `pay test`, where --record and --replay name folders.
    public static func open(_ settings: GatewaySettings, folders: Bool = false) throws(Problem) -> ExchangeFiles {
        var files = ExchangeFiles()
        if let curl = settings.curl {
            if folders { throw Problem(message: "--curl is for pay run and pay repl; pay test records each scenario with --record DIR") }
            if curl == "-" {
                files.curl = FileHandle.standardError
            } else {
                guard FileManager.default.createFile(atPath: curl, contents: nil), let handle = FileHandle(forWritingAtPath: curl) else {
                    throw Problem(message: "--curl: cannot write \(curl): \(whyNotWritable(curl))")
                }
                files.curl = handle
            }
        }
        if let record = settings.record {
            if folders {
                do {
                    try FileManager.default.createDirectory(atPath: record, withIntermediateDirectories: true)
                } catch {
                    throw Problem(message: "--record: cannot make the folder \(record): \(whyNotWritable(record))")
                }
                guard FileManager.default.isWritableFile(atPath: record) else {
                    throw Problem(message: "--record: cannot write into \(record): permission denied")
                }
                files.recordFolder = record
            } else {
                // An archive with no entries yet: valid from the start, whatever happens next.
                do {
                    try HARLog(entries: [], sandbox: nil, probed: nil).text.write(toFile: record, atomically: true, encoding: .utf8)
                } catch {
                    throw Problem(message: "--record: cannot write \(record): \(whyNotWritable(record))")
                }
                files.recordFile = record
            }
        }
        if let replay = settings.replay {
            if folders {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: replay, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw Problem(message: "--replay: \(replay) is not a folder of recordings (pay test --record DIR makes one)")
                }
                files.replayFolder = replay
            } else {
                do throws(HARError) {
                    files.replayLog = try HARLog.read(path: replay)
                } catch {
                    throw Problem(message: "--replay: \(error)")
                }
                files.replayName = (replay as NSString).lastPathComponent
            }
        }
        return files
    }

    /// The HAR of the scenario at `path` inside `folder`: the scenario's path with `.har` added,
    /// as a relative path (`examples/checkout.pay` → `DIR/examples/checkout.pay.har`).
    public static func harPath(in folder: String, for path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.map { $0 == ".." ? "__" : String($0) }
        return folder + "/" + parts.joined(separator: "/") + ".har"
    }

    /// `scheme://host:port` of a recorded URL.
    public static func base(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return url }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    private static func whyNotWritable(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) { return "no folder \(folder)" }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return "it is a folder" }
        return "permission denied"
    }
}

/// What one run opened: the HTTP transport, the HAR being written, the curl file, and the last
/// exchange (for the prompt's `:last` and `:curl`).
public struct OpenedGateway: Sendable {
    public var http: HTTPTransport?
    public var recorder: HARRecorder?
    public var curl: FileHandle?
    public var last: LastExchange
    /// The run's catalog, whose reads may still be under way when the run ends.
    public var catalog: GatewayCatalog?

    public func shutdown() async {
        await catalog?.settle()
        await http?.shutdown()
        recorder?.flush()
        if let curl, curl !== FileHandle.standardError { try? curl.close() }
    }
}

/// Keeps the last exchange the run made.
public final class LastExchange: ExchangeObserver {
    private let last = Mutex<Exchange?>(nil)
    public init() {}
    public func observe(_ exchange: Exchange) { last.withLock { $0 = exchange } }
    public var exchange: Exchange? { last.withLock { $0 } }
}
