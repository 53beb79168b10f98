// `pay test PATH…`: runs folders of scenarios in parallel in this one process, prints a line per
// file and a summary, writes JUnit and JSON reports, and exits with what happened (README lists
// the statuses and their precedence).
import PayGateway
import ArgumentParser
import Foundation
import PayClient
import PayRunner
import PaySandbox
import PayScript

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every scenario under the paths given, in parallel, with CI reports.",
        discussion: """
            Files whose name starts with _ and files inside a folder named lib are libraries that \
            scenarios use; they do not run on their own (a file named on the command line always runs).
            """)

    @Argument(help: "Folders to search recursively for .pay files, or files.") var paths: [String]
    @Option(help: "Scenarios run at once (default: the number of cores).") var jobs: Int?
    @Option(help: ArgumentHelp("Write a JUnit XML report here.", valueName: "file")) var junit: String?
    @Option(help: ArgumentHelp("Write a JSON report here.", valueName: "file")) var json: String?
    @Option(help: ArgumentHelp("How to write the failures' diagnostics on standard output: text (under each file's line), json (a JSON object per line) or sarif (SARIF 2.1.0); with json or sarif the files' lines go to standard error.", valueName: "format"))
    var format: DiagnosticFormat = .text
    @Option(help: ArgumentHelp("Run shard I of N: a stable split by path. `auto` reads the CI system's node index and total (GitLab, CircleCI, Buildkite, Semaphore, Azure Pipelines).", valueName: "I/N|auto")) var shard: String?
    @Option(help: ArgumentHelp("Run only files whose path contains this, or matches it as a glob.", valueName: "pattern"))
    var filter: String?
    @Flag(help: "Stop at the first failure or error; the rest are skipped.") var failFast = false
    @Flag(help: "Add each file's wait polls, and scenarios per second, the polls and the catalog's shared requests to the summary.") var timing = false
    @Option(help: ArgumentHelp("Stop a scenario still running after this many seconds; it counts as an error.", valueName: "seconds"))
    var timeout: Double?
    @Option(name: .customLong("var"), help: ArgumentHelp("Bind a variable in every scenario (repeatable).", valueName: "name=value"))
    var variables: [String] = []
    @OptionGroup var gateway: SuiteOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let shard, shard != "auto", TestCommand.parsedShard(shard) == nil {
            throw ValidationError("--shard must be I/N with 1 <= I <= N, like 2/3, or auto; got '\(shard)'")
        }
        _ = try VariableBinding.parsed(variables)
    }

    static func parsedShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        return (index, count)
    }

    func run() async throws {
        Console.redact(gateway.settings.apiKey)
        var scenarios: [Scenario]
        do {
            scenarios = try Discovery.scenarios(in: paths)
        } catch {
            Console.err("pay test: \(error)")
            throw ExitStatus.usage.exitCode
        }
        scenarios = Discovery.expandingCases(scenarios)
        if let filter { scenarios = scenarios.filter { Discovery.matches($0, filter: filter) } }
        var split = shard.flatMap(TestCommand.parsedShard)
        if shard == "auto" {
            switch CIShard.detect({ ProcessEnvironment.value($0) }) {
            case let .success(found?):
                split = (found.index, found.count)
                Console.err("pay test: shard \(found.index) of \(found.count), from \(found.system)'s variables")
            case .success(nil):
                Console.err("pay test: --shard auto: no CI system's node variables are set; running every file")
            case let .failure(problem):
                Console.err("pay test: \(problem.message)")
                throw ExitStatus.usage.exitCode
            }
        }
        if let (index, count) = split {
            scenarios = scenarios.filter { Discovery.inShard($0, index: index, of: count) }
        }
        let files = try ExchangeFiles.openOrExit(gateway.settings, folders: true, prefix: "pay test: ")
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let (makeSession, closing, shared) = await gateway.settings.scenarioSessions(files, connections: jobs)
        let variables = gateway.settings.variables(adding: try VariableBinding.parsed(self.variables))
        // Every file binds the same --vars and caps: a wrong one is found once, before any file runs.
        if let problem = await TestCommand.firstProblem(variables, gatewayCaps: gateway.settings.maxOutgoing, makeSession: makeSession) {
            await closing()
            Console.err(problem.rendered)
            throw ExitStatus.usage.exitCode
        }
        let runner = TestRunner(
            jobs: jobs, failFast: failFast, variables: variables,
            timeout: timeout.map { .milliseconds(Int64($0 * 1000)) },
            makeSession: makeSession)
        let console = TestConsole(order: scenarios.map(\.id), timing: timing, toStandardError: format != .text)
        let started = Date()
        let clock = ContinuousClock()
        let begin = clock.now
        let results = await runner.run(scenarios) { console.finished($0) }
        let elapsed = clock.now - begin
        await closing()
        let summary = RunSummary(results, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        console.done()
        var line = "\(summary.line) in \(String(format: "%.2f", summary.seconds))s"
        if timing, summary.seconds > 0 {
            let polls = results.reduce(0) { $0 + $1.polls }
            line += String(format: " (%.1f scenarios/s, ", Double(summary.total - summary.skipped) / summary.seconds)
                + "\(polls) poll\(polls == 1 ? "" : "s"), \(shared()) catalog request\(shared() == 1 ? "" : "s") shared by all files)"
        }
        let waited = GatewaySettings.rateLimits.total
        if waited > .zero { line += " (\(RateLimitLedger.seconds(waited)) waiting on rate limits)" }
        console.say(line)
        let failures = results.flatMap(\.diagnostics)
        switch format {
        case .text: break
        case .json: if !failures.isEmpty { Console.out(DiagnosticReports.jsonLines(failures)) }
        case .sarif:
            Console.out(DiagnosticReports.sarif(failures, version: Pay.configuration.version, base: FileManager.default.currentDirectoryPath))
        }
        if let junit { try write(Reports.junit(results, summary: summary, timestamp: started), to: junit) }
        if let json { try write(Reports.json(results, summary: summary), to: json) }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    /// Binds `variables` and settles the --max-outgoing caps on a scenario's gateway, as each file
    /// will, and returns the first that is wrong. The gateway decides (`0.0000001 TRX` is too fine
    /// only where TRX has six places); with neither, nothing is asked.
    private static func firstProblem(_ variables: [VariableBinding], gatewayCaps: [String],
                                     makeSession: (ScenarioContext) async throws(PaymentError) -> ScenarioSession) async -> ScriptError? {
        guard !variables.isEmpty || !gatewayCaps.isEmpty else { return nil }
        guard let gateway = try? await makeSession(ScenarioContext(path: "--var", trace: { _ in }, observed: false)) else { return nil }
        let file = SourceFile(path: "--var", text: "")
        let problem = await Pipeline.bind(variables, into: Interpreter(session: gateway.session, file: file) { _ in }, file: file)
        await gateway.finish()
        return problem
    }

    /// Writes a report with the key redacted, as everything `pay` writes is.
    private func write(_ report: String, to path: String) throws {
        do {
            try Console.redacted(report).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            Console.err("pay test: cannot write \(path): \(error.localizedDescription)")
            throw ExitStatus.usage.exitCode
        }
    }
}

/// The console side of a run: a line per file in path order as results arrive, each failure's
/// diagnostic under its line, and a progress line that only a terminal gets.
final class TestConsole: @unchecked Sendable {
    private let lock = NSLock()
    /// The scenarios' paths in run order; `next` is the first not printed yet.
    private let order: [String]
    private var next = 0
    private var waiting: [String: ScenarioResult] = [:]
    private var arrived = 0
    private let isTerminal: Bool
    private let color: Bool
    /// With `--format json|sarif` standard output is the format's: the lines go to standard error.
    private let toStandardError: Bool
    private var handle: FileHandle { toStandardError ? .standardError : .standardOutput }
    /// `--timing`: each line also says how many polls the file's waits made.
    private let timing: Bool

    init(order: [String], timing: Bool = false, toStandardError: Bool = false) {
        self.order = order
        self.timing = timing
        self.toStandardError = toStandardError
        isTerminal = isatty(toStandardError ? STDERR_FILENO : STDOUT_FILENO) != 0
        color = !toStandardError && Console.colorsStandardOutput
    }

    /// A line where this console's lines go.
    func say(_ line: String) {
        toStandardError ? Console.err(line) : Console.out(line)
    }

    /// Results arrive in any order; lines go out in the scenarios' order, each as soon as every
    /// file before it has finished, so the console reads the same however many jobs ran.
    func finished(_ result: ScenarioResult) {
        lock.withLock {
            arrived += 1
            waiting[result.scenario.id] = result
            while next < order.count, let ready = waiting.removeValue(forKey: order[next]) {
                emit(ready)
                next += 1
            }
            if isTerminal && next < order.count {
                handle.write(Data("\r\u{1B}[K[\(arrived)/\(order.count)] running…".utf8))
            }
        }
    }

    /// Clears the progress line.
    func done() {
        if isTerminal { handle.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func emit(_ result: ScenarioResult) {
        if isTerminal { handle.write(Data("\r\u{1B}[K".utf8)) }
        let word: String
        let code: String
        switch result.status {
        case .passed: (word, code) = ("ok     ", "32")
        case .failed: (word, code) = ("FAILED ", "31")
        case .error: (word, code) = ("ERROR  ", "31")
        case .skipped: (word, code) = ("skipped", "33")
        }
        let shown = color ? "\u{1B}[\(code)m\(word)\u{1B}[0m" : word
        let time = String(format: "%.0f ms", result.seconds * 1000)
        let polls = timing ? ", \(result.polls) poll\(result.polls == 1 ? "" : "s")" : ""
        say("\(shown) \(result.scenario.id)  (\(result.requests) request\(result.requests == 1 ? "" : "s")\(polls), \(time))")
        if let diagnostic = result.diagnostic, result.status != .skipped {
            say(diagnostic.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        }
        // --trace: the file's exchanges under its line, whatever ran beside it.
        if !result.trace.isEmpty {
            say(result.trace.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n"))
        }
    }
}
