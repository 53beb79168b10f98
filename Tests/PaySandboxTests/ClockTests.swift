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
        // The milliseconds gone by since the sandbox was made show after the second.
        #expect(clock.now.epochSeconds == 1_734_333_623)
        #expect(clock.now.text.hasPrefix("2024-12-16T07:20:23"))
    }

    /// Milliseconds, exactly (issue 31: `advance 250ms` moved the clock a whole second).
    @Test func movesByMilliseconds() async throws {
        var clock = VirtualClock(startingAt: 1_000)
        clock.advance(milliseconds: 250)
        #expect(clock.nowMilliseconds == 1_000_250)
        #expect(clock.now == 1_000)
        clock.advance(milliseconds: 750)
        #expect(clock.now == 1_001)

        let sandbox = Sandbox(config: SandboxConfig(seedWorld: false))
        let client = PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil)
        #expect(try await client.sandboxAdvanceClock(milliseconds: 250).now.text == "2024-12-16T07:20:23.250+00:00")
        #expect(try await client.sandboxAdvanceClock(milliseconds: 1_005).now.text == "2024-12-16T07:20:24.255+00:00")
        #expect(try await client.sandboxAdvanceClock(milliseconds: 745).now.text == "2024-12-16T07:20:25+00:00")
    }

    /// One of seconds and milliseconds, not both, and not zero; a refusal moves nothing.
    @Test(arguments: [
        (#"{"seconds":1,"milliseconds":1}"#, "milliseconds", "give seconds or milliseconds, not both"),
        (#"{"milliseconds":0}"#, "milliseconds", "must be between 1 and 316224000000 (ten years)"),
        (#"{"milliseconds":1.5}"#, "milliseconds", "must be a whole number"),
        (#"{}"#, "seconds", "is required"),
    ])
    func refusesAnAdvanceThatIsNotOne(body: String, field: String, message: String) async throws {
        let h = SandboxHarness()
        let before = try await h.client.sandboxClock()
        let answer = await h.raw(.post, "/sandbox/clock/advance", body: body)
        #expect(answer.status == 422)
        #expect(answer.problem?.errors == [field: [message]])
        #expect(try await h.client.sandboxClock() == before)
    }
}

struct EndOfTimeTests {
    /// Near the clock's last instant, an order's expiry (30 minutes on) is due at that instant,
    /// not in a year 10000 no client can read; the clock keeps answering, and the order expires there.
    @Test func eventsPastTheLastInstantHappenAtIt() async throws {
        let harness = SandboxHarness()
        var now = try await harness.client.sandboxClock().now
        let end: Int64 = 253_402_300_799 // 9999-12-31T23:59:59Z
        while end - now.epochSeconds > 600 {
            now = try await harness.client.sandboxAdvanceClock(seconds: Int(min(316_224_000, end - 600 - now.epochSeconds))).now
        }
        #expect(now.text == "9999-12-31T23:49:59+00:00")
        let order = try await harness.order()
        let clock = try await harness.client.sandboxClock()
        #expect(clock.nextEventAt?.text == "9999-12-31T23:59:59+00:00")
        _ = try await harness.client.sandboxAdvanceClock(seconds: 600)
        let expired = try await harness.client.order(id: order.orderId)
        #expect(expired.status == .expired)
        #expect(expired.updatedAt.text == "9999-12-31T23:59:59+00:00")
        #expect(try await harness.client.sandboxClock().nextEventAt == nil)
        await harness.checkLedger()
    }
}
