// What the exchange observers write, exactly: a trace, a curl command, a HAR that reads back as
// written, and the replay's account of the first difference.
import Foundation
import PayClient
import Testing

struct ExchangeFormatTests {
    static let created = Exchange(
        number: 1, baseURL: "http://127.0.0.1:8080",
        request: APIRequest(method: .post, path: "/orders/incoming",
                            headers: [("Accept", "application/json"), ("X-API-Key", "k-secret"), ("Content-Type", "application/json")],
                            body: Array(#"{"integrationId":"i-1","amount":"1.000000","assetId":"TRX","externalId":"O'Brien k-secret"}"#.utf8)),
        outcome: .success(APIResponse(status: 201, headers: [("Content-Type", "application/json")],
                                      body: Array(#"{"orderId":"o-1","paymentAddress":"T1","echo":"k-secret"}"#.utf8))),
        started: Date(timeIntervalSince1970: 1_734_333_623.25), duration: .microseconds(12_345))

    static let redaction = Redaction(secrets: ["k-secret"])

    @Test func aTraceShowsTheExchangeAsCurlVerboseDoes() {
        #expect(TraceObserver.text(of: Self.created, redaction: Self.redaction) == """
            > POST http://127.0.0.1:8080/orders/incoming
            > Accept: application/json
            > X-API-Key: ***
            > Content-Type: application/json

            {
              "integrationId": "i-1",
              "amount": "1.000000",
              "assetId": "TRX",
              "externalId": "O'Brien ***"
            }
            < 201 Created (12.3 ms)
            < Content-Type: application/json

            {
              "orderId": "o-1",
              "paymentAddress": "T1",
              "echo": "***"
            }
            """)
    }

    @Test func aBodyPast64KiBIsCutWithANote() {
        let body = Array(String(repeating: "x", count: 70_000).utf8)
        let lines = TraceObserver.body(body, redaction: Self.redaction)
        #expect(lines.count == 3)
        #expect(lines[1].count == 65_536)
        #expect(lines[2] == "… (4464 more bytes not shown; the body is 70000 bytes)")
    }

    @Test func aNetworkFailureIsTracedAsNoResponse() {
        var failed = Self.created
        failed.outcome = .failure(NetworkFailure(kind: .timedOut, message: "no response before the deadline", mayHaveReachedServer: true))
        #expect(TraceObserver.text(of: failed, redaction: Self.redaction).hasSuffix("\n< no response (12.3 ms): no response before the deadline"))
    }

    @Test func aCurlCommandQuotesEverythingAndNeverHoldsTheKey() {
        #expect(CurlObserver.command(for: Self.created, redaction: Self.redaction) == """
            curl -sS -X POST "${PAY_API_URL:-http://127.0.0.1:8080}"'/orders/incoming' -H 'Accept: application/json' \
            -H "X-API-Key: $PAY_API_KEY" -H 'Content-Type: application/json' \
            --data-raw '{"integrationId":"i-1","amount":"1.000000","assetId":"TRX","externalId":"O'\\''Brien ***"}'
            """)
        var embedded = Self.created
        embedded.baseURL = ObservedTransport.embeddedBaseURL
        embedded.request.headers = [("Accept", "application/json")]
        embedded.request.body = []
        embedded.request.method = .get
        #expect(CurlObserver.command(for: embedded, redaction: Self.redaction)
                == #"curl -sS -X GET "${PAY_API_URL:-http://127.0.0.1:8080}"'/orders/incoming' -H 'Accept: application/json' -H "X-API-Key: $PAY_API_KEY""#)
    }

    @Test func aRecordingReadsBackAsWritten() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pay-har-\(UUID().uuidString).har").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = HARRecorder(path: path, redaction: Self.redaction, sandbox: true, probed: false, seed: 7)
        recorder.observe(Self.created)
        var failed = Self.created
        failed.request = APIRequest(method: .get, path: "/orders/o-1", query: [("page", "2")])
        failed.outcome = .failure(NetworkFailure(kind: .connectionReset, message: "the connection was reset", mayHaveReachedServer: true))
        recorder.observe(failed)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("k-secret"))
        let log = try HARLog.read(path: path)
        #expect(log.sandbox == true && log.probed == false && log.seed == 7)
        #expect(log.entries.count == 2)
        let first = log.entries[0]
        #expect(first.method == "POST" && first.path == "/orders/incoming" && first.status == 201)
        #expect(first.requestHeaders.map(\.value) == ["application/json", "***", "application/json"])
        #expect(String(decoding: first.responseBody, as: UTF8.self) == #"{"orderId":"o-1","paymentAddress":"T1","echo":"***"}"#)
        #expect(first.started == "2024-12-16T07:20:23.250Z")
        #expect(first.milliseconds == 12.345)
        let second = log.entries[1]
        #expect(second.status == 0)
        #expect(second.query == [HARPair(name: "page", value: "2")])
        #expect(second.failure == NetworkFailure(kind: .connectionReset, message: "the connection was reset", mayHaveReachedServer: true))
    }

    @Test func aReplayNamesTheFirstDifference() throws {
        let entry = HAREntry(method: "POST", url: "http://x/orders/incoming", requestHeaders: [], query: [],
                             requestBody: Array(#"{"amount":"1.000000","meta":{"tags":["a","b"]},"assetId":"TRX"}"#.utf8),
                             status: 201, responseHeaders: [], responseBody: [], failure: nil, started: "", milliseconds: 0)
        func request(_ method: HTTPMethod = .post, _ path: String = "/orders/incoming", query: [(name: String, value: String)] = [],
                     body: String) -> APIRequest {
            APIRequest(method: method, path: path, query: query, body: Array(body.utf8))
        }
        // The same JSON in another order and spacing matches.
        #expect(ReplayTransport.difference(request(body: #"{ "assetId": "TRX", "meta": {"tags": ["a", "b"]}, "amount": "1.000000" }"#), entry) == nil)
        #expect(ReplayTransport.difference(request(.get, body: #"{}"#), entry) == "the method is GET, recorded POST")
        #expect(ReplayTransport.difference(request(.post, "/orders/outgoing/refund", body: #"{}"#), entry)
                == "the path is /orders/outgoing/refund, recorded /orders/incoming")
        #expect(ReplayTransport.difference(request(query: [("page", "2")], body: #"{}"#), entry)
                == "the query parameter page is \"2\", recorded none")
        #expect(ReplayTransport.difference(request(body: #"{"amount":"2.000000","meta":{"tags":["a","b"]},"assetId":"TRX"}"#), entry)
                == #"the body field $.amount is "2.000000", recorded "1.000000""#)
        #expect(ReplayTransport.difference(request(body: #"{"amount":"1.000000","meta":{"tags":["a","c"]},"assetId":"TRX"}"#), entry)
                == #"the body field $.meta.tags[1] is "c", recorded "b""#)
        #expect(ReplayTransport.difference(request(body: #"{"amount":"1.000000","meta":{"tags":["a","b"]}}"#), entry)
                == "the body field $.assetId was recorded, and is not sent")
    }

    @Test func shapesCompareByFormatAndScale() {
        func compare(_ old: String, _ new: String) -> [String] {
            ShapeDiff.compare(recordedStatus: 200, recorded: Array(old.utf8), nowStatus: 200, now: Array(new.utf8),
                              extensions: ["senderAddress"]).map(\.description)
        }
        let recorded = #"{"id":"1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80","status":"completed","hash":"36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de","createdAt":"2024-12-16T07:20:23+00:00","amount":"1.000000","tx":"705"}"#
        let sameShape = #"{"id":"1ef0a83e-c24b-6ef8-8190-f25101535b92","status":"completed","hash":"aaaad916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de","createdAt":"2025-01-01T00:00:00+00:00","amount":"7.250000","tx":"9","senderAddress":"T"}"#
        #expect(compare(recorded, sameShape) == [])
        let different = #"{"status":"expired","id":"x","hash":"36c8","createdAt":"2024-12-16T07:20:23+00:00","amount":"1.0","tx":705,"extra":null}"#
        #expect(compare(recorded, different) == [
            "$.extra: recorded absent, now an extra field",
            "$: recorded fields in the order id, status, hash, createdAt, amount, tx, now status, id, hash, createdAt, amount, tx",
            "$.id: recorded a UUID, now text",
            "$.status: recorded \"completed\", now \"expired\"",
            "$.hash: recorded a 64-hex hash, now text",
            "$.amount: recorded a decimal with 6 places, now a decimal with 1 place",
            "$.tx: recorded a string, now a number",
        ])
        #expect(ShapeDiff.compare(recordedStatus: 200, recorded: [], nowStatus: 404, now: []).map(\.description) == ["status: recorded 200, now 404"])
    }

    @Test func idsAnAnswerHandsOutAreCarriedForward() {
        var correlation = Correlation()
        correlation.learn(recorded: Array(#"{"orderId":"1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80","transactions":[{"id":"705"}],"link":"a"}"#.utf8),
                          now: Array(#"{"orderId":"1ef0a83e-c24b-6ef8-8190-f25101535b92","transactions":[{"id":"711"}],"link":"b"}"#.utf8))
        #expect(correlation.replacements == ["1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80": "1ef0a83e-c24b-6ef8-8190-f25101535b92", "705": "711"])
        #expect(correlation.path("/transactions/705") == "/transactions/711")
        #expect(String(decoding: correlation.body(Array(#"{"refundOrderId":"1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80","amount":"0.5"}"#.utf8)), as: UTF8.self)
                == #"{"refundOrderId":"1ef0a83e-c24b-6ef8-8190-f25101535b92","amount":"0.5"}"#)
    }
}
