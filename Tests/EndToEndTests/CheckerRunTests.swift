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
}
