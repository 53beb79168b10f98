// A gateway that never answers: a GET gives up, retries and waits included, within the call's
// budget (--api-timeout, 30 s by default), and a POST fails at it with "outcome unknown". The
// gateway is a loopback server that holds every request far longer than the budget. The budget
// is 4 s: the reads it does answer (assets, integrations) must fit in it on a machine loaded by
// the whole suite, where 1.5 s once did not.
import Foundation
import LoopbackServer
import Testing

struct DeadlineTests {
    @Test func aSilentGatewayCostsOneBudgetPerCall() async throws {
        let server = try await LoopbackServer.start(reading: { _, request, _ in
            switch request.uri.path {
            case "/sandbox": return LoopbackServer.json(404, #"{"title":"Not Found","status":404}"#)
            case "/integrations":
                return LoopbackServer.json(200, #"{"data":[{"name":"test","id":"i-1","url":"","status":"active"}],"pagination":{"quantity":1,"totalQuantity":1,"currentPage":1,"pages":1}}"#)
            case "/crypto-assets": return LoopbackServer.json(200, #"{"assets":[{"id":"USDT","currencyCode":"USDT","displayName":"Tether","blockchainId":"tron","blockchainDisplayName":"Tron","name":"USDT","precision":6}]}"#)
            default:
                try await Task.sleep(for: .seconds(60))
                return LoopbackServer.json(200, "{}")
            }
        })
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-deadline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"get order "o-1""#.write(to: directory.appendingPathComponent("get.pay"), atomically: true, encoding: .utf8)
        try #"withdraw 1 USDT to "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5""#
            .write(to: directory.appendingPathComponent("post.pay"), atomically: true, encoding: .utf8)
        let gateway = ["--api", server.baseURL, "--key", "deadline-key", "--api-timeout", "4", "--allow-outgoing"]

        let started = ContinuousClock.now
        let get = try await PayProcess.running(["run", "get.pay"] + gateway, in: directory)
        let took = ContinuousClock.now - started
        #expect(get.status == 3)
        #expect(get.stderr.hasPrefix("get.pay:1:1: error[P502]: GET /orders/o-1 failed: no answer within the 4.0 seconds budget (--api-timeout)"), "\(get.stderr)")
        // One budget, not 4 attempts × 4 s (16 s) or the 60 s the server holds.
        #expect(took < .seconds(12))

        let post = try await PayProcess.running(["run", "post.pay"] + gateway, in: directory)
        #expect(post.status == 3, "\(post.stderr)")
        #expect(post.stderr.hasPrefix("post.pay:1:1: error[P502]: withdrawal of 1.000000 USDT to TAQZdD8skUdAChM48383TY2LrMWtr6xzc5: outcome unknown (POST /orders/outgoing/withdrawal failed: no answer within the 4.0 seconds budget (--api-timeout); the request may have reached the gateway"), "\(post.stderr)")
    }
}
