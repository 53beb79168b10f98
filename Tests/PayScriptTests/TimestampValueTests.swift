// Timestamps as values: now(), time("…") and the API's createdAt/updatedAt; their arithmetic
// with durations, their order, and the mistakes that are errors rather than quiet falsehoods.
import Testing
@testable import PayScript

struct TimestampValueTests {
    @Test func arithmeticWithDurations() async {
        let run = await ScriptRun.of("""
            let t = time("2024-12-16T07:20:23+00:00")
            print t + 90s
            print 1h + t
            print t - 1d
            print time("2024-12-16T08:00:00+01:00") == time("2024-12-16T07:00:00Z")
            print time("2024-12-16T07:20:23.25Z") - t
            print time("2024-12-16T07:20:23.25Z")
            print t - time("2024-12-17T09:21:24+00:00")
            print t < t + 1ms
            print [t]
            print str(t) == "2024-12-16T07:20:23+00:00"
            """)
        #expect(run.error == nil)
        #expect(run.lines == [
            "2024-12-16T07:21:53+00:00", "2024-12-16T08:20:23+00:00", "2024-12-15T07:20:23+00:00", "true",
            "250ms", "2024-12-16T07:20:23.250+00:00", "-1d 2h 1m 1s", "true", "[2024-12-16T07:20:23+00:00]", "true",
        ])
    }

    @Test func aPaidOrdersTimesAreTimestamps() async {
        let run = await ScriptRun.of("""
            let t0 = now()
            let o = order 10 TRX
            pay o
            wait o completed within 1h
            let done = get order o.id
            expect done.updatedAt - done.createdAt < 5m
            print done.updatedAt - done.createdAt
            print done.createdAt == t0
            print now() - t0
            """)
        #expect(run.error == nil)
        // The sandbox confirms a payment after 20 confirmations at 6 s: 2 minutes of virtual time.
        #expect(run.lines == ["2m", "true", "2m"])
    }

    @Test(arguments: [
        ("print time(\"2024-12-16\")", #"time(): "2024-12-16" is not an ISO 8601 time with an offset between 1970 and 9999, like 2024-12-16T07:20:23+00:00"#),
        ("print time(5)", #"time() needs ISO 8601 text, like time("2024-12-16T07:20:23+00:00")"#),
        ("print time(\"9999-12-31T23:59:59Z\") + 1s", "timestamp outside 1970-01-01 to 9999-12-31"),
        ("print time(\"1970-01-01T00:00:00Z\") - 1ms", "timestamp outside 1970-01-01 to 9999-12-31"),
        ("print now() + now()", "cannot add two timestamps: subtract them for the duration between"),
        ("print 1s - now()", "cannot apply '-' to duration and timestamp"),
        ("print now() == \"2024-12-16T07:20:23+00:00\"", RunReason.timestampAndString.message),
        ("print now() < \"2024\"", RunReason.timestampAndString.message),
        ("print now() < 5", "cannot order timestamp and number"),
        ("print time(\"9999-12-31T23:59:59Z\") - time(\"1970-01-01T00:00:00Z\")", "duration is longer than 100 years"),
    ])
    func mistakesAreErrors(script: String, message: String) async {
        let run = await ScriptRun.of(script)
        #expect(run.message == message)
        #expect(run.location?.hasPrefix("1:") == true)
    }
}
