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
    /// when nil) and made `requests` more requests after that, and returns the error it ended
    /// with, how long it took to end after the cancel, and what it printed.
    static func cancelled(_ text: String, after: Duration, marker: String? = nil,
                          requests: Int = 0) async -> (ScriptError?, Duration, [String]) {
        let source = SourceFile(path: "cancel.pay", text: text)
        let (program, diagnostics) = ScriptLoader.parse(source)
        precondition(diagnostics.isEmpty, "\(diagnostics.map(\.rendered))")
        let lines = LineSink()
        let sandbox = Sandbox(config: SandboxConfig(seed: 1))
        let counter = PayClient.CountingTransport(InProcessTransport(sandbox: sandbox))
        let live = GatewaySession(client: PaymentClient(transport: counter, apiKey: nil), isSandbox: false)
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
            let seen = counter.count
            while counter.count < seen + requests { try? await Task.sleep(for: .milliseconds(5)) }
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
            """, after: .zero, marker: "waiting", requests: 3)
        #expect(lines == ["waiting"])
        #expect(error?.kind == .interrupted)
        #expect(error?.diagnostics.first?.message == "interrupted")
        #expect(error?.diagnostics.first.map { "\($0.range.start)" } == "4:1")
        // Cancelled just after the third poll, when the wait sleeps 4 s before the next (1 s, 2 s,
        // 4 s …): ending within 3 s shows the sleep was cut short, whatever the machine's load,
        // rather than depending on how fast a busy machine gets round to the cancel.
        #expect(took < .seconds(3), "took \(took)")
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
        // The million rounds take 14 s in a debug build (measured): ending within 5 s shows the
        // loop stopped, with room for a loaded machine.
        #expect(took < .seconds(5), "took \(took)")
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
