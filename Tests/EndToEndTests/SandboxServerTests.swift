// `pay sandbox` as a real process on loopback: the seed document's requests, sent as written,
// get the seed's answers; the typed client drives the whole flow over HTTP; SIGTERM stops it cleanly.
import Foundation
import PayClient
import Testing

@Suite(.serialized)
struct SandboxServerTests {
    static let fixtures = PayBinary.packageRoot.appendingPathComponent("Tests/PayClientTests/Fixtures")
    static let integration = "1ef65bda-11ad-63ca-8afe-73770edda314"
    static let seedOrder = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"

    /// Sends raw bytes the way curl would, through the real HTTP transport.
    static func curl(_ transport: HTTPTransport, _ method: HTTPMethod, _ path: String,
                     query: [(String, String)] = [], body: String? = nil) async throws -> (Int, Any) {
        var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("X-API-Key", SandboxProcess.key)]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try await transport.send(APIRequest(method: method, path: path, query: query.map { ($0.0, $0.1) },
                                                          headers: headers, body: Array((body ?? "").utf8)))
        return (response.status, try JSONSerialization.jsonObject(with: Data(response.body)))
    }

    /// The keys of `expected` (the seed's), recursively, must all be in `actual`; `actual` may add
    /// only the sandbox's documented extensions `senderAddress` and `precision`.
    static func sameFields(_ actual: Any, _ expected: Any, at path: String = "$") -> [String] {
        switch (actual, expected) {
        case let (a as [String: Any], e as [String: Any]):
            var problems = Set(e.keys).subtracting(a.keys).map { "\(path).\($0) missing" }
            problems += Set(a.keys).subtracting(e.keys).subtracting(["senderAddress", "precision"]).map { "\(path).\($0) extra" }
            for key in Set(a.keys).intersection(e.keys) { problems += sameFields(a[key]!, e[key]!, at: "\(path).\(key)") }
            return problems
        case let (a as [Any], e as [Any]):
            guard let first = e.first else { return [] }
            return a.enumerated().flatMap { sameFields($1, first, at: "\(path)[\($0)]") }
        default:
            return []
        }
    }

    static func fixture(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("\(name).json")))
    }

    @Test func theSeedDocumentsRequestsAsWritten() async throws {
        let server = try SandboxProcess()
        let transport = HTTPTransport(baseURL: server.baseURL)
        func check(_ status: Int, _ body: Any, _ fixture: String) throws {
            #expect((200...299).contains(status), "\(fixture): \(status) \(body)")
            #expect(Self.sameFields(body, try Self.fixture(fixture)) == [], "\(fixture)")
        }

        var (status, body) = try await Self.curl(transport, .get, "/integrations")
        try check(status, body, "integrations")
        (status, body) = try await Self.curl(transport, .get, "/crypto-assets")
        try check(status, body, "crypto-assets")
        (status, body) = try await Self.curl(transport, .get, "/exchange-rates", query: [("amount", "1"), ("currency", "USD")])
        try check(status, body, "exchange-rates")
        let seedRates = try Self.fixture("exchange-rates") as! [String: Any]
        #expect(NSDictionary(dictionary: body as! [String: Any]) == NSDictionary(dictionary: seedRates))

        (status, body) = try await Self.curl(transport, .post, "/orders/incoming", body: """
            {
            "integrationId": "1ef65bda-11ad-63ca-8afe-73770edda314",
            "amount": "1",
            "assetId": "TRX",
            "externalId": "123"
            }
            """)
        try check(status, body, "incoming-order-created")
        let created = body as! [String: Any]
        try TronAddress.validate(created["paymentAddress"] as! String)

        (status, body) = try await Self.curl(transport, .get, "/orders/\(created["orderId"] as! String)")
        try check(status, body, "order-in-progress")
        #expect((body as! [String: Any])["status"] as? String == "inProgress")

        (status, body) = try await Self.curl(transport, .get, "/orders/\(Self.seedOrder)")
        try check(status, body, "order-completed")
        let order = body as! [String: Any]
        for field in ["primaryAmount", "secondaryAmount", "serviceFeeAmount", "totalAmount"] {
            let expected = (try Self.fixture("order-completed") as! [String: Any])[field] as! NSDictionary
            #expect(order[field] as? NSDictionary == expected, "\(field)")
        }

        (status, body) = try await Self.curl(transport, .get, "/transactions/705")
        try check(status, body, "transaction")
        #expect((body as! [String: Any])["hash"] as? String == "36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de")

        (status, body) = try await Self.curl(transport, .post, "/orders/outgoing/refund", body: """
            {
            "amount": "0.5",
            "assetId": "TRX",
            "destinationAddress": "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe",
            "refundOrderId": "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
            }
            """)
        try check(status, body, "refund-created")
        (status, body) = try await Self.curl(transport, .post, "/orders/outgoing/withdrawal", body: """
            {
            "amount": "1",
            "assetId": "TRX",
            "destinationAddress": "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe",
            "integrationId": "1ef65bda-11ad-63ca-8afe-73770edda314"
            }
            """)
        try check(status, body, "withdrawal-created")
        (status, body) = try await Self.curl(transport, .post, "/orders/outgoing/send", body: """
            {
            "amount": "1.20",
            "assetId": "TRX",
            "transferAddress": "TKrzGg5YHerPLypmVq5pb525oDe451mbtM",
            "destinationAddress": "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5",
            "integrationId": "1ef65bda-11ad-63ca-8afe-73770edda314",
            "externalId": "123"
            }
            """)
        try check(status, body, "send-created")
        #expect((body as! [String: Any])["transactionId"] as? String == "709")

        await transport.shutdown()
        #expect(server.stop() == 0)
    }

    @Test func theTypedClientRunsTheSeedFlowOverHTTP() async throws {
        let server = try SandboxProcess()
        let transport = HTTPTransport(baseURL: server.baseURL)
        let client = PaymentClient(transport: transport, apiKey: SandboxProcess.key)
        #expect(try await client.integrations().data.map(\.name) == ["test"])
        #expect(try await client.cryptoAssets().map(\.id) == ["USDT_TRC20", "TRX"])
        let rates = try await client.exchangeRates(amount: FixedDecimal("1")!, currency: "USD")
        #expect(rates.map(\.crypto.description) == ["1.000460 USDT", "3.538946 TRX"])

        let created = try await client.createIncomingOrder(IncomingOrderRequest(
            integrationId: Self.integration, amount: FixedDecimal("1")!, assetId: "TRX", externalId: "123"))
        #expect(try await client.order(id: created.orderId).status == .inProgress)
        let payment = try await client.sandboxPay(orderId: created.orderId,
                                                  PayerPaymentRequest(amount: FixedDecimal("1")!, senderAddress: "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"))
        _ = try await client.sandboxAdvanceClock(seconds: 120)
        let order = try await client.order(id: created.orderId)
        #expect(order.status == .completed)
        #expect([order.primaryAmount, order.secondaryAmount, order.serviceFeeAmount, order.totalAmount].map(\.description)
                == ["1.000000 TRX", "0.27 EUR", "0.005000 TRX", "0.995000 TRX"])
        let tx = try await client.transaction(id: payment.id)
        #expect(tx.orderId == created.orderId)
        #expect(tx.externalId == "123")
        #expect(tx.status == .completed)

        let refund = try await client.refund(RefundRequest(amount: FixedDecimal("0.5")!, assetId: "TRX",
                                                           destinationAddress: "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe",
                                                           refundOrderId: created.orderId))
        let withdrawal = try await client.withdraw(WithdrawalRequest(amount: FixedDecimal("1")!, assetId: "TRX",
                                                                     destinationAddress: "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe",
                                                                     integrationId: Self.integration))
        let sent = try await client.send(SendRequest(amount: FixedDecimal("1.20")!, assetId: "TRX",
                                                     transferAddress: "TKrzGg5YHerPLypmVq5pb525oDe451mbtM",
                                                     destinationAddress: "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5",
                                                     integrationId: Self.integration, externalId: "123"))
        _ = try await client.sandboxAdvanceClock(seconds: 120)
        for id in [refund.orderId, withdrawal.orderId, sent.orderId] {
            #expect(try await client.order(id: id).status == .completed)
        }
        #expect(try await client.order(id: refund.orderId).primaryAmount.description == "0.500000 TRX")
        #expect(try await client.transaction(id: try #require(sent.transactionId)).primaryAmount.description == "1.200000 TRX")
        let ledger = try await client.sandboxBalances().ledger
        let balanced = ledger.allSatisfy { $0.balances }
        #expect(balanced)
        await #expect(throws: PaymentError.self) {
            _ = try await PaymentClient(transport: transport, apiKey: "wrong").cryptoAssets()
        }
        await transport.shutdown()
        #expect(server.stop(signal: SIGINT) == 0)
    }

    @Test func scriptsRunAgainstTheServerAsARealGateway() async throws {
        let server = try SandboxProcess(hidden: true)
        defer { _ = server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            let o = get order "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
            print o.totalAmount
            refund half of o
            """.write(to: directory.appendingPathComponent("remote.pay"), atomically: true, encoding: .utf8)
        let gateway = ["--api", server.baseURL, "--key", SandboxProcess.key]

        let refused = try PayProcess.run(["run", "remote.pay"] + gateway, in: directory)
        #expect(refused.status == 4)
        #expect(refused.stdout == "0.995000 TRX\n")
        #expect(refused.stderr.hasPrefix("remote.pay:3:1: error[P507]: refund of 0.497500 TRX to TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe refused: outgoing payments on a real gateway need --allow-outgoing"))
        #expect(!refused.stderr.contains(SandboxProcess.key))

        let capped = try PayProcess.run(["run", "remote.pay", "--allow-outgoing", "--max-outgoing", "0.1 TRX"] + gateway, in: directory)
        #expect(capped.status == 4)
        #expect(capped.stderr.contains("it would take this run past --max-outgoing 0.1 TRX"))

        let allowed = try PayProcess.run(["run", "remote.pay", "--allow-outgoing"] + gateway, in: directory)
        #expect(allowed.status == 0, "\(allowed.stderr)")

        let second = try PayProcess.run(["run", "remote.pay", "--allow-outgoing"] + gateway, in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        let third = try PayProcess.run(["run", "remote.pay", "--allow-outgoing"] + gateway, in: directory)
        #expect(third.status == 3)
        #expect(third.stderr.contains("Validation failed: amount: exceeds the refundable remainder of 0.000000 TRX"))
    }

    @Test func waitPollsARealGatewayAndSandboxCommandsAreRefused() async throws {
        let server = try SandboxProcess(hidden: true)
        defer { _ = server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pay-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            let o = get order "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
            wait o completed within 5s
            print o.status
            wait o expired within 5s
            """.write(to: directory.appendingPathComponent("poll.pay"), atomically: true, encoding: .utf8)
        try """
            let o = order 1 TRX
            print o.status
            pay o
            """.write(to: directory.appendingPathComponent("payer.pay"), atomically: true, encoding: .utf8)
        let gateway = ["--api", server.baseURL, "--key", SandboxProcess.key]

        let polled = try PayProcess.run(["run", "poll.pay"] + gateway, in: directory)
        #expect(polled.stdout == "completed\n")
        #expect(polled.stderr.hasPrefix("poll.pay:4:1: error[P505]: order 1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80 is completed, not expired (it will not change again)"))
        #expect(polled.status == 3)

        let payer = try PayProcess.run(["run", "payer.pay"] + gateway, in: directory)
        #expect(payer.stdout == "inProgress\n")
        #expect(payer.stderr.hasPrefix("payer.pay:3:1: error[P503]: 'pay' works on the sandbox only; this run is against a real gateway"))
        #expect(payer.status == 3)

        let wrongKey = try PayProcess.run(["run", "payer.pay", "--api", server.baseURL, "--key", "nope-not-the-key"], in: directory)
        #expect(wrongKey.stderr.hasPrefix("payer.pay:1:15: error[P501]: GET /crypto-assets was refused (401): Unauthorized: the X-API-Key is not valid"))
        #expect(!wrongKey.stderr.contains("nope"))
        #expect(wrongKey.status == 3)

        let nobody = try PayProcess.run(["run", "payer.pay", "--api", "http://127.0.0.1:9", "--key", "key-of-nobody"], in: directory)
        #expect(nobody.stderr.hasPrefix("payer.pay:1:15: error[P502]: GET /crypto-assets failed: connection refused"))
        #expect(nobody.status == 3)
    }
}
