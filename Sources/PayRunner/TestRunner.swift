// Runs scenarios in parallel in one process: a pool of `jobs` interpreters, each scenario in its
// own interpreter and run context, on a session the caller makes per scenario (a fresh embedded
// sandbox each, or one live gateway shared, with one budget and one catalog).
import Foundation
import PayClient
import PayScript

public struct ScenarioResult: Sendable {
    public enum Status: String, Sendable {
        case passed, failed, error, skipped
    }

    public var scenario: Scenario
    public var status: Status
    /// Why it did not pass (the error's kind decides the exit status); nil when it passed.
    public var kind: ScriptError.Kind?
    /// The first diagnostic's `file:line:col: error[CODE]: message`, one line.
    public var message: String?
    /// Every diagnostic, rendered with source lines and carets.
    public var diagnostic: String?
    /// The same diagnostics, for `pay test --format json|sarif`.
    public var diagnostics: [Diagnostic] = []
    /// What the script printed.
    public var output: String
    /// Its HTTP exchanges, with `--trace`; empty otherwise.
    public var trace: String
    public var requests: Int
    public var seconds: Double
    /// The order fetches its `wait`s made.
    public var polls = 0
}

/// What a scenario's gateway is made for: its path (a recording is named after it) and where its
/// trace goes (with its own output, never interleaved with another scenario's).
public struct ScenarioContext: Sendable {
    public var path: String
    public var trace: @Sendable (String) -> Void
    /// False for the session `pay test` opens to check its --var and caps before any file runs:
    /// nothing of it is traced or recorded.
    public var observed = true
    /// What the scenario reads of the catalog before its first statement.
    public var reads: CatalogReads

    public init(path: String, trace: @escaping @Sendable (String) -> Void, observed: Bool = true, reads: CatalogReads = .none) {
        self.path = path
        self.trace = trace
        self.observed = observed
        self.reads = reads
    }
}

/// One scenario's gateway, how many requests it has made so far, and what ends it (a sandbox
/// world of its own is deleted).
public struct ScenarioSession: Sendable {
    public var session: GatewaySession
    public var requests: @Sendable () -> Int
    public var finish: @Sendable () async -> Void

    public init(session: GatewaySession, requests: @escaping @Sendable () -> Int,
                finish: @escaping @Sendable () async -> Void = {}) {
        self.session = session
        self.requests = requests
        self.finish = finish
    }
}

public struct TestRunner: Sendable {
    public var jobs: Int
    public var failFast: Bool
    /// `--var NAME=VALUE`, bound in every scenario.
    public var variables: [VariableBinding]
    /// `--timeout`: a scenario still running after this is stopped and counted as an error.
    public var timeout: Duration?
    /// A scenario's gateway; a failure (a sandbox world that could not be made) is that
    /// scenario's error.
    public var makeSession: @Sendable (ScenarioContext) async throws(PaymentError) -> ScenarioSession

    public init(jobs: Int, failFast: Bool, variables: [VariableBinding], timeout: Duration? = nil,
                makeSession: @escaping @Sendable (ScenarioContext) async throws(PaymentError) -> ScenarioSession) {
        self.jobs = max(1, jobs)
        self.failFast = failFast
        self.variables = variables
        self.timeout = timeout
        self.makeSession = makeSession
    }

    /// Runs every scenario; results come back in the scenarios' order. `finished` hears each
    /// result as it comes (for a progress line), from any task.
    public func run(_ scenarios: [Scenario], finished: @escaping @Sendable (ScenarioResult) -> Void = { _ in }) async -> [ScenarioResult] {
        var results = [ScenarioResult?](repeating: nil, count: scenarios.count)
        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var next = 0
            var stopping = false
            func start() {
                let index = next
                next += 1
                let scenario = scenarios[index]
                group.addTask { (index, await self.run(scenario)) }
            }
            while next < scenarios.count && next < jobs { start() }
            while let (index, result) = await group.next() {
                results[index] = result
                finished(result)
                if failFast && (result.status == .failed || result.status == .error) && !stopping {
                    stopping = true
                    group.cancelAll()
                }
                if !stopping && next < scenarios.count { start() }
            }
        }
        return scenarios.indices.map { index in
            if let result = results[index] { return result }
            let skipped = ScenarioResult(scenario: scenarios[index], status: .skipped, kind: nil,
                                         message: "not run: --fail-fast stopped the run", diagnostic: nil,
                                         output: "", trace: "", requests: 0, seconds: 0)
            finished(skipped)
            return skipped
        }
    }

    /// One scenario, start to end, never throwing: every way it can end is a result.
    func run(_ scenario: Scenario) async -> ScenarioResult {
        let clock = ContinuousClock()
        let started = clock.now
        let output = OutputBuffer()
        let trace = OutputBuffer()
        let session = SessionSlot()
        func result(_ status: ScenarioResult.Status, _ error: ScriptError?, requests: Int) -> ScenarioResult {
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let first = error?.diagnostics.first.map { "\($0.file.path):\($0.range.start): error[\($0.code.id)]: \($0.message)" }
            var result = ScenarioResult(scenario: scenario, status: status, kind: error?.kind, message: first,
                                        diagnostic: error?.rendered, output: output.text, trace: trace.text, requests: requests, seconds: seconds)
            result.polls = session.polls
            result.diagnostics = error?.diagnostics ?? []
            return result
        }
        let script: LoadedScript
        do {
            script = try ScriptLoader.load(path: scenario.path)
        } catch {
            return result(.error, error, requests: 0)
        }
        let ended = await run(script, opening: { (reads: CatalogReads) async throws(ScriptError) -> ScenarioSession in
            do throws(PaymentError) {
                let gateway = try await makeSession(ScenarioContext(path: scenario.fileID, trace: { trace.append($0) }, reads: reads))
                session.gateway = gateway
                return gateway
            } catch {
                throw ScriptError(.runtime, [.wholeFile(.run(.noGateway("\(error)")), script.main.file)])
            }
        }, slot: session, output: output, selectedCase: scenario.caseIndex) { result($0, $1, requests: $2) }
        await session.gateway?.finish()
        return ended
    }

    /// The scenario, through the one pipeline every entry point uses, on a gateway opened only
    /// once its checks pass; `make` builds the result, with the time taken so far.
    /// `slot` holds the gateway once `opening` has made it.
    private func run(_ script: LoadedScript, opening: @escaping @Sendable (CatalogReads) async throws(ScriptError) -> ScenarioSession,
                     slot: SessionSlot, output: OutputBuffer, selectedCase: Int? = nil,
                     make: (ScenarioResult.Status, ScriptError?, Int) -> ScenarioResult) async -> ScenarioResult {
        func result(_ status: ScenarioResult.Status, _ error: ScriptError?) -> ScenarioResult {
            make(status, error, slot.gateway?.requests() ?? 0)
        }
        let handoff = Handoff((script, variables))
        let outcome = await withTimeout(timeout) { () async -> ScriptError? in
            let (script, variables) = handoff.value
            return await Pipeline.run(script, variables: variables) { (reads: CatalogReads) async throws(ScriptError) -> Interpreter in
                let gateway = try await opening(reads)
                let interpreter = Interpreter(session: gateway.session, file: script.main.file) { output.append($0) }
                interpreter.selectedCase = selectedCase
                slot.interpreter = interpreter
                return interpreter
            }.error
        }
        guard case let .finished(error) = outcome else {
            // Stopped by the timeout: the interrupt's place says where it was.
            let limit = timeout.map { "\($0)" } ?? ""
            var stopped = ScriptError(.runtime, [])
            if case let .timedOut(interrupt) = outcome, let place = interrupt?.diagnostics.first {
                stopped.diagnostics = [Diagnostic(.run(.timedOut(limit)), file: place.file, range: place.range, frames: place.frames)]
            } else {
                stopped.diagnostics = [.wholeFile(.run(.timedOut(limit)), script.main.file)]
            }
            return result(.error, stopped)
        }
        guard let error else { return result(.passed, nil) }
        let status: ScenarioResult.Status
        switch error.kind {
        case .expectation: status = .failed
        case .interrupted: status = .skipped
        case .syntax, .runtime, .unanswered, .safety, .usage: status = .error
        }
        return result(status, error)
    }
}

/// A scenario's gateway once it is opened, set from the task that runs the scenario and read
/// after it (to count its requests and to end a sandbox world).
final class SessionSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ScenarioSession?
    private var running: Interpreter?
    var gateway: ScenarioSession? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
    /// The scenario's interpreter, read only once its run has ended.
    var interpreter: Interpreter? {
        get { lock.withLock { running } }
        set { lock.withLock { running = newValue } }
    }
    var polls: Int { interpreter?.pollCount ?? 0 }
}

enum TimedOutcome: Sendable {
    case finished(ScriptError?)
    /// The limit passed; the run was cancelled and ended with this (an interrupt, if it got that far).
    case timedOut(ScriptError?)
}

/// Runs `body` as a child task, cancelling it when `limit` passes first.
func withTimeout(_ limit: Duration?, _ body: @escaping @Sendable () async -> ScriptError?) async -> TimedOutcome {
    guard let limit else { return .finished(await body()) }
    return await withTaskGroup(of: TimedOutcome?.self) { group in
        group.addTask { .finished(await body()) }
        group.addTask {
            try? await Task.sleep(for: limit)
            return Task.isCancelled ? nil : .timedOut(nil)
        }
        var outcome: TimedOutcome = .finished(nil)
        var timedOut = false
        while let next = await group.next() {
            switch next {
            case let .finished(error)?:
                outcome = timedOut ? .timedOut(error) : .finished(error)
                group.cancelAll()
                return outcome
            case .timedOut?:
                timedOut = true
                group.cancelAll()
            case nil:
                break
            }
        }
        return outcome
    }
}

/// What one scenario prints, collected in order from whichever thread runs it.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" } }
}

/// The run as a whole: counts, the exit status, the wall time.
public struct RunSummary: Sendable {
    public var passed = 0, failed = 0, errors = 0, skipped = 0
    public var safetyRefused = false
    /// A `--var` was a wrong literal (pay test checks them before any file runs).
    public var usageError = false
    public var seconds: Double

    public init(_ results: [ScenarioResult], seconds: Double) {
        self.seconds = seconds
        for result in results {
            switch result.status {
            case .passed: passed += 1
            case .failed: failed += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            }
            if result.kind == .safety { safetyRefused = true }
            if result.kind == .usage { usageError = true }
        }
    }

    public var total: Int { passed + failed + errors + skipped }

    /// `3 passed, 1 failed` and `, 2 errors`, `, 1 skipped` when any.
    public var line: String {
        var text = "\(passed) passed, \(failed) failed"
        if errors > 0 { text += ", \(errors) error\(errors == 1 ? "" : "s")" }
        if skipped > 0 { text += ", \(skipped) skipped" }
        return text
    }

    /// 64 when the command line was wrong, else 4 when a safety guard refused, else 3 when a file could not run, else 1 when an
    /// expectation failed, else 0. Skipped files alone do not fail a run.
    public var exitStatus: Int32 {
        if usageError { return 64 }
        if safetyRefused { return 4 }
        if errors > 0 { return 3 }
        if failed > 0 { return 1 }
        return 0
    }
}
