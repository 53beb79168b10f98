// Every response body of the seed document decodes into the models and re-encodes unchanged.
import Foundation
import PayClient
import Testing

struct FixtureTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    /// Decodes with the model, encodes again, and compares both documents as JSON values.
    static func roundTrip<T: Codable>(_ type: T.Type, _ name: String) throws -> (NSObject, NSObject) {
        let bytes = try fixture(name)
        let model = try JSONCoding.decode(type, from: bytes)
        let again = JSONCoding.encode(model)
        let original = try JSONSerialization.jsonObject(with: Data(bytes)) as! NSObject
        let reencoded = try JSONSerialization.jsonObject(with: Data(again)) as! NSObject
        return (original, reencoded)
    }

    @Test func integrationsPage() throws {
        let (original, again) = try Self.roundTrip(Page<Integration>.self, "integrations")
        #expect(original == again)
        let page = try JSONCoding.decode(Page<Integration>.self, from: try Self.fixture("integrations"))
        #expect(page.data == [Integration(name: "test", id: "1ef65bda-11ad-63ca-8afe-73770edda314", url: "", status: "active")])
        #expect(page.pagination == Pagination(quantity: 1, totalQuantity: 1, currentPage: 1, pages: 1))
    }

    @Test func cryptoAssets() throws {
        let (original, again) = try Self.roundTrip(AssetList.self, "crypto-assets")
        #expect(original == again)
        let list = try JSONCoding.decode(AssetList.self, from: try Self.fixture("crypto-assets"))
        #expect(list.assets.map(\.id) == ["USDT_TRC20", "TRX"])
        #expect(list.assets[0].currencyCode == "USDT")
    }

    @Test func exchangeRates() throws {
        let (original, again) = try Self.roundTrip(RateList.self, "exchange-rates")
        #expect(original == again)
        let list = try JSONCoding.decode(RateList.self, from: try Self.fixture("exchange-rates"))
        #expect(list.rates[1].rate.description == "3.538946")
        #expect(list.rates[1].crypto == Amount("3.538946", "TRX")!)
    }

    @Test func incomingOrderCreated() throws {
        let (original, again) = try Self.roundTrip(IncomingOrderCreated.self, "incoming-order-created")
        #expect(original == again)
    }

    @Test func orderInProgress() throws {
        let (original, again) = try Self.roundTrip(Order.self, "order-in-progress")
        #expect(original == again)
        let order = try JSONCoding.decode(Order.self, from: try Self.fixture("order-in-progress"))
        #expect(order.status == .inProgress)
        #expect(order.transactions.isEmpty)
        #expect(order.primaryAmount.decimalString == "0.000000")
        #expect(order.secondaryAmount.decimalString == "0.00")
    }

    @Test func orderCompleted() throws {
        let (original, again) = try Self.roundTrip(Order.self, "order-completed")
        #expect(original == again)
        let order = try JSONCoding.decode(Order.self, from: try Self.fixture("order-completed"))
        #expect(order.status == .completed)
        #expect(order.totalAmount.description == "0.995000 TRX")
        #expect(order.serviceFeeAmount.description == "0.005000 TRX")
        #expect(order.secondaryAmount.description == "0.27 EUR")
        #expect(order.transactions[0].hash == "36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de")
        #expect(order.updatedAt.text == "2024-12-16T07:34:04+00:00")
    }

    @Test func transaction() throws {
        let (original, again) = try Self.roundTrip(Transaction.self, "transaction")
        #expect(original == again)
        let tx = try JSONCoding.decode(Transaction.self, from: try Self.fixture("transaction"))
        #expect(tx.orderId == "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80")
        #expect(tx.externalId == "123")
        #expect(tx.senderAddress == nil)
    }

    @Test(arguments: ["refund-created", "withdrawal-created", "send-created"])
    func outgoingOrderCreated(name: String) throws {
        let (original, again) = try Self.roundTrip(OutgoingOrderCreated.self, name)
        #expect(original == again)
    }

    @Test func extraFieldsAreTolerated() throws {
        let body = #"{"id":"7","hash":"ab","status":"settling","createdAt":"2024-12-16T07:32:03Z","updatedAt":"2024-12-16T08:32:03+01:00","receiverAddress":"T","primaryAmount":{"amount":"1.0","currency":"TRX"},"secondaryAmount":{"amount":"0.27","currency":"EUR"},"serviceFeeAmount":{"amount":"0.005","currency":"TRX"},"totalAmount":{"amount":"0.995","currency":"TRX"},"senderAddress":"TX","somethingNew":{"x":1}}"#
        let tx = try JSONCoding.decode(Transaction.self, from: Array(body.utf8))
        #expect(tx.status == .other("settling"))
        #expect(!tx.status.isTerminal)
        let finals = [OrderStatus.completed, .expired, .failed, .canceled].filter { $0.isTerminal }
        #expect(finals.count == 4)
        #expect(!OrderStatus.inProgress.isTerminal)
        #expect(tx.senderAddress == "TX")
        #expect(tx.createdAt == tx.updatedAt)
    }

    @Test func decodingFailureNamesThePathAndValue() throws {
        var text = String(decoding: try Self.fixture("order-completed"), as: UTF8.self)
        text = text.replacingOccurrences(of: #""amount": "0.005000""#, with: #""amount": "0,005""#)
        do {
            _ = try JSONCoding.decode(Order.self, from: Array(text.utf8))
            Issue.record("decoding should have failed")
        } catch {
            #expect(error.jsonPath == "$.transactions[0].serviceFeeAmount.amount")
            #expect(error.found == "\"0,005\"")
        }
    }
}
