// Every request the sandbox must turn down: a 4xx problem naming the field and reason, nothing changed.
import Foundation
import PayClient
import PaySandbox
import Testing

struct RefusalTests {
    let h = SandboxHarness()

    func refund(_ amount: String, asset: String = "TRX", to address: String = SandboxHarness.payer,
                of orderId: String) async throws(PaymentError) {
        _ = try await h.client.refund(RefundRequest(amount: FixedDecimal(amount)!, assetId: asset,
                                                    destinationAddress: address, refundOrderId: orderId))
    }

    @Test func refundOfAnOrderThatIsNotCompleted() async throws {
        let created = try await h.order("1")
        try await h.expectRefusal(status: 422, field: "refundOrderId", containing: "is inProgress; only a completed order, or an expired one that was partly paid, can be refunded") {
            try await refund("0.5", of: created.orderId)
        }
        await h.checkLedger()
    }

    @Test func refundOverTheRemainder() async throws {
        let orderId = try await h.paidOrder("1")
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds the refundable remainder of 0.995000 TRX") {
            try await refund("0.995001", of: orderId)
        }
        await h.checkLedger()
    }

    @Test func refundInAnotherAsset() async throws {
        let orderId = try await h.paidOrder("1")
        try await h.expectRefusal(status: 422, field: "assetId", containing: "was paid in TRX, not USDT_TRC20") {
            try await refund("0.5", asset: "USDT_TRC20", of: orderId)
        }
    }

    @Test func refundOfAnUnknownOrder() async throws {
        try await h.expectRefusal(status: 422, field: "refundOrderId", containing: "no order with id nope") {
            try await refund("0.5", of: "nope")
        }
    }

    @Test func aBadAddressChecksum() async throws {
        let orderId = try await h.paidOrder("1")
        try await h.expectRefusal(status: 422, field: "destinationAddress", containing: "checksum does not match") {
            try await refund("0.5", to: "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfa", of: orderId)
        }
    }

    @Test func unknownOrderAndTransaction() async throws {
        try await h.expectRefusal(status: 404, field: nil, containing: "no order with id 1ef-missing") {
            _ = try await h.client.order(id: "1ef-missing")
        }
        try await h.expectRefusal(status: 404, field: nil, containing: "no transaction with id 99999") {
            _ = try await h.client.transaction(id: "99999")
        }
    }

    @Test func unknownIntegrationAndAsset() async throws {
        try await h.expectRefusal(status: 422, field: "integrationId", containing: "unknown integration x") {
            _ = try await h.client.createIncomingOrder(IncomingOrderRequest(integrationId: "x", amount: FixedDecimal("1")!,
                                                                            assetId: "TRX", externalId: nil))
        }
        try await h.expectRefusal(status: 422, field: "assetId", containing: "unknown asset BTC") {
            _ = try await h.client.createIncomingOrder(IncomingOrderRequest(integrationId: SandboxHarness.integration,
                                                                            amount: FixedDecimal("1")!, assetId: "BTC", externalId: nil))
        }
    }

    @Test(arguments: [
        (#""0""#, "must be greater than zero"),
        (#""-1""#, "must be greater than zero"),
        (#""ten""#, #"must be a decimal string like "1.5", got "ten""#),
        (#""1e3""#, "must be a decimal string"),
        (#""0.0000001""#, "has more than 6 decimal places for TRX"),
        ("1", "must be a string"),
        (#""1000000000000000000000""#, "has more than 21 integer digits"),
        (#""99999999999999999999999999999999.999999""#, "has more than 21 integer digits"),
    ])
    func badAmounts(amount: String, message: String) async throws {
        let body = #"{"integrationId":"\#(SandboxHarness.integration)","assetId":"TRX","amount":\#(amount)}"#
        let before = try await h.client.sandboxBalances()
        let answer = await h.raw(.post, "/orders/incoming", body: body)
        #expect(answer.status == 422)
        #expect(answer.problem?.errors?["amount"]?.first?.contains(message) == true, "\(answer.problem?.errors ?? [:])")
        #expect(try await h.client.sandboxBalances() == before)
    }

    @Test func everyMissingFieldIsNamedAtOnce() async throws {
        let answer = await h.raw(.post, "/orders/outgoing/send", body: #"{"amount":"1"}"#)
        #expect(answer.status == 422)
        #expect(answer.problem?.errors?.keys.sorted() == ["assetId", "destinationAddress", "integrationId", "transferAddress"])
        #expect(answer.problem?.errors?["assetId"] == ["is required"])
    }

    @Test(arguments: ["", "{", "[1,2]", "\"text\""])
    func malformedBodies(body: String) async throws {
        let answer = await h.raw(.post, "/orders/incoming", body: body)
        #expect(answer.status == 400)
        #expect(answer.problem?.title == "Malformed request")
    }

    @Test func withdrawalOverTheBalance() async throws {
        _ = try await h.paidOrder("1")
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds the integration's balance of 0.995000 TRX") {
            _ = try await h.client.withdraw(WithdrawalRequest(amount: FixedDecimal("1")!, assetId: "TRX",
                                                              destinationAddress: SandboxHarness.elsewhere,
                                                              integrationId: SandboxHarness.integration))
        }
        await h.checkLedger()
    }

    /// A payment address spends only what confirmed there, whatever the integration holds elsewhere.
    @Test func sendOverWhatTheAddressHolds() async throws {
        _ = try await h.paidOrder("60")
        let orderId = try await h.paidOrder("3")
        let address = try await h.client.order(id: orderId).transactions[0].receiverAddress
        func send(_ amount: String) async throws(PaymentError) {
            _ = try await h.client.send(SendRequest(amount: FixedDecimal(amount)!, assetId: "TRX", transferAddress: address,
                                                    destinationAddress: SandboxHarness.elsewhere,
                                                    integrationId: SandboxHarness.integration, externalId: nil))
        }
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds what \(address) holds: 2.985000 TRX") {
            try await send("50")
        }
        try await send("2")
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds what \(address) holds: 0.985000 TRX") {
            try await send("1")
        }
        await h.checkLedger()
    }

    @Test func sendOverTheBalance() async throws {
        let orderId = try await h.paidOrder("1")
        let address = try await h.client.order(id: orderId).transactions[0].receiverAddress
        _ = try await h.client.withdraw(WithdrawalRequest(amount: FixedDecimal("0.995")!, assetId: "TRX",
                                                          destinationAddress: SandboxHarness.elsewhere,
                                                          integrationId: SandboxHarness.integration))
        try await h.expectRefusal(status: 422, field: "amount", containing: "exceeds the integration's balance of 0.000000 TRX") {
            _ = try await h.client.send(SendRequest(amount: FixedDecimal("0.5")!, assetId: "TRX", transferAddress: address,
                                                    destinationAddress: SandboxHarness.elsewhere,
                                                    integrationId: SandboxHarness.integration, externalId: nil))
        }
    }

    @Test func sendFromAnAddressTheIntegrationDoesNotManage() async throws {
        _ = try await h.paidOrder("5")
        try await h.expectRefusal(status: 422, field: "transferAddress", containing: "is not an address managed by integration") {
            _ = try await h.client.send(SendRequest(amount: FixedDecimal("1")!, assetId: "TRX", transferAddress: SandboxHarness.payer,
                                                    destinationAddress: SandboxHarness.elsewhere,
                                                    integrationId: SandboxHarness.integration, externalId: nil))
        }
    }

    @Test func missingOrWrongKey() async throws {
        let locked = SandboxHarness(key: "right-key")
        let missing = await locked.raw(.get, "/crypto-assets")
        #expect(missing.status == 401)
        #expect(missing.problem?.detail == "the X-API-Key header is missing")
        let wrong = await locked.raw(.get, "/crypto-assets", key: "right-kez")
        #expect(wrong.status == 401)
        #expect(wrong.problem?.detail == "the X-API-Key is not valid")
        #expect(await locked.raw(.get, "/crypto-assets", key: "right-key").status == 200)
    }

    @Test func unknownPathsAndMethods() async throws {
        let unknown = await h.raw(.get, "/nowhere")
        #expect(unknown.status == 404)
        #expect(unknown.problem?.detail == "no such endpoint: GET /nowhere")
        let wrongMethod = await h.sandbox.handle(APIRequest(method: .get, path: "/orders/outgoing/refund"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "POST")
        let put = Sandbox.unsupportedMethod("PUT", path: "/orders/1ef-x")
        #expect(put.status == 405)
        #expect(put.header("Allow") == "GET")
        #expect(Sandbox.unsupportedMethod("DELETE", path: "/nowhere").status == 404)
        // DELETE is served (for worlds) but nowhere else: it is not a POST in disguise
        // (schemathesis found DELETE /orders/incoming creating an order).
        let body = #"{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1","assetId":"TRX"}"#
        for path in ["/orders/incoming", "/orders/outgoing/refund", "/orders/outgoing/withdrawal", "/orders/outgoing/send",
                     "/sandbox/orders/x/payments", "/sandbox/clock/advance", "/sandbox/reset"] {
            let deleted = await h.sandbox.handle(APIRequest(method: .delete, path: path, headers: [("Content-Type", "application/json")],
                                                            body: Array(body.utf8)))
            #expect(deleted.status == 405, "\(path)")
            #expect(deleted.header("Allow") == "POST", "\(path)")
        }
        await h.checkLedger()
    }

    @Test func badQueries() async throws {
        let rates = await h.raw(.get, "/exchange-rates", query: [("amount", "-5"), ("currency", "JPY")])
        #expect(rates.status == 422)
        #expect(rates.problem?.errors?["currency"] == ["must be one of EUR, USD"])
        #expect(rates.problem?.errors?["amount"] == ["must be a positive decimal like 10.50"])
        let page = await h.raw(.get, "/integrations", query: [("perPage", "0")])
        #expect(page.problem?.errors?["perPage"] == ["must be a whole number from 1 to 100"])
    }

    @Test func clockRefusesNonsense() async throws {
        let answer = await h.raw(.post, "/sandbox/clock/advance", body: #"{"seconds": -5}"#)
        #expect(answer.status == 422)
        #expect(answer.problem?.errors?["seconds"] == ["must be between 1 and 316224000 (ten years)"])
        #expect(await h.raw(.post, "/sandbox/clock/advance", body: #"{"seconds": 1.5}"#).status == 422)
    }

}

/// Requests refused before any rule is asked: bytes that are not UTF-8, and a hidden sandbox's
/// `/sandbox`, answered as a gateway with no such path answers.
struct RawRequestTests {
    static func post(_ body: [UInt8], to sandbox: Sandbox) async throws -> APIResponse {
        try await InProcessTransport(sandbox: sandbox).send(APIRequest(
            method: .post, path: "/orders/incoming", headers: [("Content-Type", "application/json")], body: body))
    }

    @Test func aBodyThatIsNotUTF8IsA400AndCreatesNothing() async throws {
        let sandbox = Sandbox(config: SandboxConfig(seed: 1, seedWorld: false))
        let prefix = Array(#"{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1","assetId":"TRX","externalId":""#.utf8)
        for (bad, offset) in [([0xFF, 0xFE] as [UInt8], prefix.count), ([0xC3] as [UInt8], prefix.count)] {
            let response = try await Self.post(prefix + bad + Array(#""}"#.utf8), to: sandbox)
            #expect(response.status == 400)
            let problem = try JSONCoding.decode(Problem.self, from: response.body)
            #expect(problem.detail == "the body is not valid UTF-8: a bad byte at byte \(offset)")
        }
        // A field name with a bad byte is refused too, rather than dropped.
        let badName = Array(#"{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1","assetId":"TRX",""#.utf8) + [0xFF] + Array(#"x":"1"}"#.utf8)
        #expect(try await Self.post(badName, to: sandbox).status == 400)
        // Multi-byte text that is valid is taken as it is.
        let good = try await Self.post(prefix + Array("Zahlung-ü-€\"}".utf8), to: sandbox)
        #expect(good.status == 201)
        let created = try JSONCoding.decode(IncomingOrderCreated.self, from: good.body)
        let order = try await PaymentClient(transport: InProcessTransport(sandbox: sandbox), apiKey: nil).order(id: created.orderId)
        #expect(order.externalId == "Zahlung-ü-€")
    }

    @Test func aHiddenSandboxAnswers404AtSandbox() async throws {
        var config = SandboxConfig(seed: 1, seedWorld: false)
        config.announcesItself = false
        let transport = InProcessTransport(sandbox: Sandbox(config: config))
        let hidden = try await transport.send(APIRequest(method: .get, path: "/sandbox"))
        #expect(hidden.status == 404)
        #expect(try JSONCoding.decode(Problem.self, from: hidden.body).detail == "no such endpoint: GET /sandbox")
        let shown = InProcessTransport(sandbox: Sandbox(config: SandboxConfig(seed: 1, seedWorld: false)))
        #expect(try await shown.send(APIRequest(method: .get, path: "/sandbox")).status == 200)
        #expect(try await shown.send(APIRequest(method: .post, path: "/sandbox")).status == 405)
    }
}
