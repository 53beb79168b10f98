// A real gateway's answer reaches scripts as sent: its field order, and fields the client's
// models do not declare. Served by a loopback gateway this test starts and stops.
import Foundation
import LoopbackServer
import Testing

struct GatewayFieldsTests {
    /// An order with its fields in an order no model declares, and two fields no model has.
    static let order = """
        {"status":"completed","id":"o-1","network":{"name":"tron","confirmations":19},\
        "createdAt":"2024-12-16T07:20:23+00:00","updatedAt":"2024-12-16T07:34:04+00:00","transactions":[],\
        "totalAmount":{"amount":"0.995000","currency":"TRX"},"primaryAmount":{"amount":"1.000000","currency":"TRX"},\
        "secondaryAmount":{"amount":"0.27","currency":"EUR"},"serviceFeeAmount":{"amount":"0.005000","currency":"TRX"},\
        "riskScore":0.25,"tags":["vip",null]}
        """

    static let assets = """
        {"assets":[{"id":"TRX","currencyCode":"TRX","displayName":"Tron","blockchainId":"tron",\
        "blockchainDisplayName":"Tron","name":"Tron","precision":6}]}
        """

    @Test func recordsKeepTheGatewaysFieldsAndOrder() async throws {
        let server = try await LoopbackServer.start(reading: { _, request, _ in
            switch request.uri.path {
            case "/orders/o-1": LoopbackServer.json(200, Self.order)
            case "/crypto-assets": LoopbackServer.json(200, Self.assets)
            default: LoopbackServer.json(404, #"{"title":"Not Found","status":404}"#)
            }
        })
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            let o = get order "o-1"
            print o
            print o.network.confirmations + 1
            expect o.totalAmount == 0.995 TRX
            expect o.riskScore * 4 == 1
            print o.updatedAt - o.createdAt
            expect o.updatedAt - o.createdAt < 15m
            """.write(to: directory.appendingPathComponent("fields.pay"), atomically: true, encoding: .utf8)
        let run = try await PayProcess.running(["run", "fields.pay", "--api", server.baseURL, "--key", "fields-key-7d2e"], in: directory)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        #expect(run.stdout == """
            {status: "completed", id: "o-1", network: {name: "tron", confirmations: 19}, \
            createdAt: 2024-12-16T07:20:23+00:00, updatedAt: 2024-12-16T07:34:04+00:00, transactions: [], \
            totalAmount: 0.995000 TRX, primaryAmount: 1.000000 TRX, secondaryAmount: 0.27 EUR, \
            serviceFeeAmount: 0.005000 TRX, riskScore: 0.25, tags: ["vip", null]}
            20
            13m 41s

            """)
    }
}
