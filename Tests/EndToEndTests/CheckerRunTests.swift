// A script with a checker error makes no request: `pay run` stops before the session exists.
// The gateway is a loopback server this test starts, which records every request it gets.
import Foundation
import LoopbackServer
import Testing

struct CheckerRunTests {
    @Test func aCheckErrorExits2AndNoRequestReachesTheGateway() async throws {
        let server = try await LoopbackServer.start(reading: { _, _, _ in
            LoopbackServer.json(500, #"{"title":"should not be asked","status":500}"#)
        })
        defer { Task { await server.stop() } }
        let cases = ScriptCaseTests.directory
        let run = try await PayProcess.running(["run", "checker_errors.pay", "--api", server.baseURL, "--key", "checker-key-1"],
                                               in: cases)
        #expect(run.status == 2)
        #expect(run.stderr == ScriptCaseTests.expected("checker_errors", "stderr"))
        #expect(await server.log.requests.isEmpty)
    }

    /// The issue's file: an undefined name, an unknown function, a wrong argument count and a
    /// too-fine literal. `pay check` (the Case check_all_kinds) reports all four; `pay run`
    /// against a gateway reports the first three, which need no request, and sends none. Settling
    /// the literal would need the gateway's asset list, and it stops before asking.
    @Test func theIssuesFileMakesNoRequest() async throws {
        let server = try await LoopbackServer.start(reading: { _, _, _ in
            LoopbackServer.json(500, #"{"title":"should not be asked","status":500}"#)
        })
        defer { Task { await server.stop() } }
        let run = try await PayProcess.running(["run", "check_all_kinds.pay", "--api", server.baseURL, "--key", "checker-key-2"],
                                               in: ScriptCaseTests.directory)
        let all = try #require(ScriptCaseTests.expected("check_all_kinds", "stderr")).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(run.status == 2)
        #expect(run.stderr == all.dropLast(4).joined(separator: "\n") + "\n")
        #expect(!run.stderr.contains("decimal places"))
        #expect(await server.log.requests.isEmpty)
    }
}
