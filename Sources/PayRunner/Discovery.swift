// Which files `pay test` runs: every .pay file under the paths given, recursively, except
// libraries (a name starting with `_`, or anything inside a folder named `lib`), which scenarios
// only `use`. A file named on the command line always runs. Then `--filter` and `--shard`.
import Foundation
import PayScript

public struct Scenario: Sendable, Equatable {
    /// The file, as given or found, relative to where `pay test` runs.
    public var path: String
    /// One case of the file's `cases` statement, from 0, and its label; nil for the whole file.
    public var caseIndex: Int?
    public var caseLabel: String?

    public init(path: String, caseIndex: Int? = nil, caseLabel: String? = nil) {
        self.path = path
        self.caseIndex = caseIndex
        self.caseLabel = caseLabel
    }

    /// How reports, `--filter` and `--shard` name it: the path, with the case's label in
    /// brackets (`refunds.pay[amount=2.5 TRX]`).
    public var id: String { path + (caseLabel.map { "[\($0)]" } ?? "") }

    /// The id with no `/` in the label, for a recording's file name.
    public var fileID: String { path + (caseLabel.map { "[\($0.replacingOccurrences(of: "/", with: "_"))]" } ?? "") }

    /// The folder part, for JUnit's classname and suite (`examples/refunds` -> `examples.refunds`).
    public var folder: String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty || directory == "." ? "." : directory
    }

    public var name: String { (path as NSString).lastPathComponent + (caseLabel.map { "[\($0)]" } ?? "") }
}

public enum Discovery {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case missing(String)
        case notPay(String)

        public var description: String {
            switch self {
            case let .missing(path): "\(path): no such file or folder"
            case let .notPay(path): "\(path): not a .pay file"
            }
        }
    }

    /// Whether a file found while walking a folder is a library rather than a scenario.
    public static func isLibrary(_ relativePath: String) -> Bool {
        let parts = relativePath.split(separator: "/")
        guard let name = parts.last else { return true }
        return name.hasPrefix("_") || parts.dropLast().contains("lib")
    }

    /// The scenarios under `paths`, sorted by path, each once.
    public static func scenarios(in paths: [String]) throws(Problem) -> [Scenario] {
        var found: Set<String> = []
        let files = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
            guard isDirectory.boolValue else {
                guard path.hasSuffix(".pay") else { throw .notPay(path) }
                found.insert(normalized(path))
                continue
            }
            let root = normalized(path)
            guard let walker = files.enumerator(atPath: path) else { continue }
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".pay"), !isLibrary(relative) else { continue }
                found.insert(root == "." ? relative : root + "/" + relative)
            }
        }
        return found.sorted().map { Scenario(path: $0) }
    }

    private static func normalized(_ path: String) -> String {
        var text = path
        while text.hasSuffix("/") && text.count > 1 { text.removeLast() }
        while text.hasPrefix("./") { text.removeFirst(2) }
        return text.isEmpty ? "." : text
    }

    /// `--filter PATTERN`: the path contains PATTERN, or matches it as a glob (`*`, `?`).
    public static func matches(_ scenario: Scenario, filter: String) -> Bool {
        if scenario.id.contains(filter) { return true }
        return fnmatch(filter, scenario.id, 0) == 0 || fnmatch(filter, scenario.name, 0) == 0
    }

    /// Each file whose statements include one `cases` whose list is known without running (written
    /// in the file, or a `load` of a literal path) becomes a scenario per case, named by its label;
    /// any other file stays one scenario. A file that does not parse stays one, to report its errors.
    public static func expandingCases(_ scenarios: [Scenario]) -> [Scenario] {
        scenarios.flatMap { scenario -> [Scenario] in
            // Most files have no `cases`: they are not parsed here, only when they run.
            guard case let .success(text) = ScriptLoader.read(URL(fileURLWithPath: scenario.path).standardizedFileURL.path),
                  text.contains("cases") else {
                return [scenario]
            }
            let file = SourceFile(path: scenario.path, text: text)
            let (program, errors) = ScriptLoader.parse(file)
            let cases = program.statements.compactMap { statement -> Expr? in
                if case let .cases(rows, _, _) = statement.kind { return rows }
                return nil
            }
            guard errors.isEmpty, cases.count == 1, let labels = CaseLabels.labels(of: cases[0], in: file), !labels.isEmpty else {
                return [scenario]
            }
            return labels.enumerated().map { Scenario(path: scenario.path, caseIndex: $0.offset, caseLabel: $0.element) }
        }
    }

    /// `--shard I/N`: shard I of N (1-based) takes the paths whose stable hash falls to it, so N
    /// jobs together run every file exactly once, and adding a file moves no other.
    public static func inShard(_ scenario: Scenario, index: Int, of count: Int) -> Bool {
        Int(fnv1a(scenario.id) % UInt64(count)) == index - 1
    }

    /// FNV-1a, 64 bits: the same on every machine and run, unlike Swift's seeded Hasher.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// `--shard auto`: the shard a parallel CI job is, read from the variables its CI system sets, so
/// a pipeline needs no arithmetic. Systems that number their nodes from 0 are shifted to `--shard`'s
/// 1-based index. GitHub Actions sets no such variables (a matrix does the job there), so there
/// `--shard` takes `I/N` from the matrix instead.
public enum CIShard {
    public struct System: Sendable {
        public var name: String
        public var index: String
        public var total: String
        /// The first node is 0 (CircleCI, Buildkite), not 1.
        public var fromZero: Bool
    }

    public static let systems: [System] = [
        System(name: "GitLab CI", index: "CI_NODE_INDEX", total: "CI_NODE_TOTAL", fromZero: false),
        System(name: "CircleCI", index: "CIRCLE_NODE_INDEX", total: "CIRCLE_NODE_TOTAL", fromZero: true),
        System(name: "Buildkite", index: "BUILDKITE_PARALLEL_JOB", total: "BUILDKITE_PARALLEL_JOB_COUNT", fromZero: true),
        System(name: "Semaphore", index: "SEMAPHORE_JOB_INDEX", total: "SEMAPHORE_JOB_COUNT", fromZero: false),
        System(name: "Azure Pipelines", index: "SYSTEM_JOBPOSITIONINPHASE", total: "SYSTEM_TOTALJOBSINPHASE", fromZero: false),
    ]

    public struct Shard: Sendable, Equatable {
        /// From 1, as `--shard I/N`.
        public var index: Int
        public var count: Int
        public var system: String
    }

    /// The shard the environment names: nil when no CI system's variables are set (one job runs
    /// everything); an error naming the variables when they are set but not a node of a total.
    public static func detect(_ environment: (String) -> String?) -> Result<Shard?, ShardError> {
        for system in systems {
            // An empty variable is an unset one, as shells and CI templates leave them.
            let index = environment(system.index).flatMap { $0.isEmpty ? nil : $0 }
            let total = environment(system.total).flatMap { $0.isEmpty ? nil : $0 }
            if index == nil && total == nil { continue }
            guard let indexText = index, let totalText = total else {
                return .failure(ShardError(message: "--shard auto: \(system.name)'s \(index == nil ? system.index : system.total) is not set, but \(index == nil ? system.total : system.index) is"))
            }
            guard let number = Int(indexText.trimmingCharacters(in: .whitespaces)),
                  let count = Int(totalText.trimmingCharacters(in: .whitespaces)), count >= 1 else {
                return .failure(ShardError(message: "--shard auto: \(system.index)=\(indexText) and \(system.total)=\(totalText) are not a node of a total"))
            }
            let oneBased = system.fromZero ? number + 1 : number
            guard (1...count).contains(oneBased) else {
                let range = system.fromZero ? "0 to \(count - 1)" : "1 to \(count)"
                return .failure(ShardError(message: "--shard auto: \(system.index)=\(indexText) is outside \(range) (\(system.total)=\(totalText))"))
            }
            return .success(Shard(index: oneBased, count: count, system: system.name))
        }
        return .success(nil)
    }

    public struct ShardError: Error, Sendable {
        public var message: String
    }
}
