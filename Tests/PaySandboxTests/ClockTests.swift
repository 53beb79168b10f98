// The virtual clock: still unless advanced, or following the wall clock in realtime mode.
import PayClient
import PaySandbox
import Testing

struct ClockTests {
    @Test func standsStillUntilAdvanced() async throws {
        var clock = VirtualClock(startingAt: 1_000)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(clock.now == 1_000)
        clock.advance(seconds: 90)
        #expect(clock.now == 1_090)
    }

    @Test func realtimeFollowsTheWallClockAndStillAdvances() async throws {
        var clock = VirtualClock(startingAt: 1_000, realtime: true)
        #expect(clock.now == 1_000)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(clock.now >= 1_001)
        clock.advance(seconds: 600)
        #expect(clock.now >= 1_601)
    }

    @Test func aRealtimeSandboxSaysSo() async throws {
        let sandbox = Sandbox(config: SandboxConfig(realtime: true, seedWorld: false))
        let client = PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil)
        let clock = try await client.sandboxClock()
        #expect(clock.realtime)
        #expect(clock.now.text == "2024-12-16T07:20:23+00:00")
    }
}
