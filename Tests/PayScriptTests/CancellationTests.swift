// Cancelling the task that runs a script stops it promptly, as Ctrl-C at the REPL's prompt and a
// runner's --fail-fast will.
//
// On the sandbox a wait jumps straight to the next event, so even 7 virtual days pass in a few
// requests. The waits here therefore run as against a real gateway: the sandbox is served in
// process, but the session is not a sandbox session, so `wait` sleeps between polls (1 s, 2 s, 4 s
// …) and its clock never moves. The order stays in progress, and only cancellation ends a
// 7-day wait.
import Foundation
import PayClient
import PaySandbox
import Testing
@testable import PayScript

struct CancellationTests {
    /// Starts `text` on a fresh sandbox, cancels it `after` once it has printed `marker` (at once
    /// when nil), and returns the error it ended with, how long it took to end after the cancel,
    /// and what it printed.
    static func cancelled(_ text: String, after: Duration, marker: String? = nil) async -> (ScriptError?, Duration, [String]) {
        let source = SourceFile(path: "cancel.pay", text: text)
        let (program, diagnostics) = ScriptLoader.parse(source)
        precondition(diagnostics.isEmpty, "\(diagnostics.map(\.rendered))")
        let lines = LineSink()
        let sandbox = Sandbox(config: SandboxConfig(seed: 1))
        let live = GatewaySession(client: PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil), isSandbox: false)
        let interpreter = Interpreter(session: live, file: source) { lines.append($0) }
        let task = Task { () async -> ScriptError? in
            do throws(ScriptError) {
                try await interpreter.run(program)
                return nil
            } catch {
                return error
            }
        }
        if let marker {
            // A busy machine may take a while to reach the statement under test.
            while !lines.all.contains(marker) { try? await Task.sleep(for: .milliseconds(5)) }
        }
        try? await Task.sleep(for: after)
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let error = await task.value as ScriptError?
        return (error, clock.now - start, lines.all)
    }

    @Test func aSevenDayWaitStopsBeforeItsNextPoll() async {
        let (error, took, lines) = await Self.cancelled("""
            let o = order 5 TRX
            get order o.id
            print "waiting"
            wait o completed within 7d
            print "never"
            """, after: .milliseconds(100), marker: "waiting")
        #expect(lines == ["waiting"])
        #expect(error?.kind == .interrupted)
        #expect(error?.diagnostics.first?.message == "interrupted")
        #expect(error?.diagnostics.first.map { "\($0.range.start)" } == "4:1")
        // The next poll would come 1 s after the last: stopping well inside that shows the sleep
        // was cut short. (Half a second leaves room for a loaded machine.)
        #expect(took < .milliseconds(500), "took \(took)")
    }

    @Test func loopsStopBetweenRounds() async {
        let (error, took, _) = await Self.cancelled("""
            let n = 0
            print "looping"
            repeat 1000000 {
              for i in [1, 2, 3] {
                n = n + i
              }
            }
            """, after: .milliseconds(100), marker: "looping")
        #expect(error?.kind == .interrupted)
        // Wherever the cancel lands: the repeat, a round of the for, or the assignment in it.
        #expect(["3:1", "4:3", "5:5"].contains(error?.diagnostics.first.map { "\($0.range.start)" } ?? ""))
        // The million rounds would take many seconds to finish.
        #expect(took < .milliseconds(500), "took \(took)")
    }

    @Test func expectRefusedDoesNotSwallowAnInterrupt() async {
        let (error, _, lines) = await Self.cancelled("""
            expect refused {
              let o = order 5 TRX
              get order o.id
              print "waiting"
              wait o completed within 7d
            }
            print "never"
            """, after: .milliseconds(100), marker: "waiting")
        #expect(lines == ["waiting"])
        #expect(error?.kind == .interrupted)
    }
}

/// Lines a script prints, collected from whichever thread runs it.
final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
