// PAY_LOG_LEVEL as README says: info shows each request on standard error; an unknown level is a
// usage error rather than quietly the default.
import Foundation
import Testing

struct LoggingTests {
    static let examples = PayBinary.packageRoot.appendingPathComponent("examples")

    @Test func infoShowsEachRequest() throws {
        let run = try PayProcess.run(["run", "support_lookup.pay"], in: Self.examples, environment: ["PAY_LOG_LEVEL": "info"])
        #expect(run.status == 0)
        let lines = run.stderr.split(separator: "\n").map { $0.replacingOccurrences(of: #" in [0-9.e-]+ seconds$"#, with: "", options: .regularExpression) }
        #expect(lines == [
            "info pay.client: GET /integrations -> 200",
            "info pay.client: GET /crypto-assets -> 200",
            "info pay.client: GET /orders/1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80 -> 200",
            "info pay.client: GET /transactions/705 -> 200",
        ])
        let quiet = try PayProcess.run(["run", "support_lookup.pay"], in: Self.examples)
        #expect(quiet.stderr == "")
    }

    @Test func anUnknownLevelIsAUsageError() throws {
        let run = try PayProcess.run(["run", "support_lookup.pay"], in: Self.examples, environment: ["PAY_LOG_LEVEL": "loud"])
        #expect(run.status == 64)
        #expect(run.stdout == "")
        #expect(run.stderr == "pay: PAY_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical; got 'loud'\n")
    }
}
