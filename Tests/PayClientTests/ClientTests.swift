// PaymentClient over HTTPTransport against a real loopback server: answers, refusals, retries, timeouts.
import Foundation
import Logging
import LoopbackServer
import PayClient
import Testing

@Suite(.serialized)
struct ClientTests {
    static let order = try! String(decoding: FixtureTests.fixture("order-completed"), as: UTF8.self)

    func client(_ server: LoopbackServer, key: String? = "k-123", timeout: Duration = .seconds(10),
                logger: Logger = Logger(label: "test")) -> (PaymentClient, HTTPTransport) {
        let transport = HTTPTransport(baseURL: server.baseURL, connectTimeout: .seconds(2), requestTimeout: timeout)
        let client = PaymentClient(transport: transport, apiKey: key, retry: RetryPolicy(maxAttempts: 3), logger: logger,
                                   sleep: { _ in })
        return (client, transport)
    }

    @Test func successSendsKeyAndUserAgentAndDecodes() async throws {
        let server = try await LoopbackServer.start { _, _ in LoopbackServer.json(200, Self.order) }
        let (client, transport) = client(server)
        let order = try await client.order(id: "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80")
        #expect(order.totalAmount == Amount("0.995", "TRX")!)
        let seen = await server.log.requests
        #expect(seen.count == 1)
        #expect(seen[0].path == "/orders/1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80")
        #expect(seen[0].headers["x-api-key"] == "k-123")
        #expect(seen[0].headers["user-agent"] == "pay/\(PayVersion.current)")
        await transport.shutdown()
        await server.stop()
    }

    @Test func postSendsTheRequestBodyAsDecimalStrings() async throws {
        let server = try await LoopbackServer.start { _, _ in
            LoopbackServer.json(201, #"{"orderId":"o-1","paymentLink":"l","widgetCode":"w","paymentAddress":"T1"}"#)
        }
        let (client, transport) = client(server)
        let created = try await client.createIncomingOrder(IncomingOrderRequest(
            integrationId: "i-1", amount: FixedDecimal("1.50")!, assetId: "TRX", externalId: "123"))
        #expect(created.orderId == "o-1")
        let body = try #require(await server.log.requests.first?.body)
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as! [String: String]
        #expect(json == ["integrationId": "i-1", "amount": "1.50", "assetId": "TRX", "externalId": "123"])
        await transport.shutdown()
        await server.stop()
    }

    @Test func aProblemBecomesAnAPIErrorWithItsFields() async throws {
        let problem = #"{"type":"urn:pay:problem:validation","title":"Validation failed","status":422,"detail":"amount: must be greater than zero","errors":{"amount":["must be greater than zero"]}}"#
        let server = try await LoopbackServer.start { _, _ in
            LoopbackServer.json(422, problem, contentType: "application/problem+json")
        }
        let (client, transport) = client(server)
        do {
            _ = try await client.withdraw(WithdrawalRequest(amount: FixedDecimal("1")!, assetId: "TRX",
                                                            destinationAddress: "T", integrationId: "i"))
            Issue.record("expected a refusal")
        } catch {
            #expect(error == .api(method: "POST", path: "/orders/outgoing/withdrawal", problem: Problem(
                type: "urn:pay:problem:validation", title: "Validation failed", status: 422,
                detail: "amount: must be greater than zero", errors: ["amount": ["must be greater than zero"]])))
            #expect(error.description == "POST /orders/outgoing/withdrawal was refused (422): Validation failed: amount: must be greater than zero")
        }
        #expect(await server.log.count == 1)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aGetIsRetriedAfterA5xx() async throws {
        let server = try await LoopbackServer.start { number, _ in
            number == 1 ? LoopbackServer.json(503, "busy", contentType: "text/plain") : LoopbackServer.json(200, Self.order)
        }
        let (client, transport) = client(server)
        let order = try await client.order(id: "x")
        #expect(order.status == .completed)
        #expect(await server.log.count == 2)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aGetGivesUpAfterTheLastAttempt() async throws {
        let server = try await LoopbackServer.start { _, _ in LoopbackServer.json(500, "down", contentType: "text/plain") }
        let (client, transport) = client(server)
        await #expect(throws: PaymentError.api(method: "GET", path: "/crypto-assets",
                                              problem: Problem(title: "HTTP 500", status: 500, detail: "down"))) {
            _ = try await client.cryptoAssets()
        }
        #expect(await server.log.count == 3)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aPostIsNeverRetried() async throws {
        let server = try await LoopbackServer.start { _, _ in LoopbackServer.json(502, "bad gateway", contentType: "text/plain") }
        let (client, transport) = client(server)
        await #expect(throws: PaymentError.self) {
            _ = try await client.refund(RefundRequest(amount: FixedDecimal("0.5")!, assetId: "TRX",
                                                      destinationAddress: "T", refundOrderId: "o"))
        }
        #expect(await server.log.count == 1)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aTimedOutPostSaysItMayHaveArrived() async throws {
        let server = try await LoopbackServer.start { _, _ in
            try await Task.sleep(for: .seconds(6))
            return LoopbackServer.json(201, #"{"orderId":"late"}"#)
        }
        // 1.5 s, not less: on a loaded machine a shorter deadline can pass before the request is
        // even sent, and then it did not reach the server (CI once saw that at 0.3 s).
        let (client, transport) = client(server, timeout: .milliseconds(1500))
        do {
            _ = try await client.send(SendRequest(amount: FixedDecimal("1")!, assetId: "TRX", transferAddress: "A",
                                                  destinationAddress: "B", integrationId: "i", externalId: nil))
            Issue.record("expected a timeout")
        } catch {
            guard case let .network(method, path, failure) = error else {
                Issue.record("expected a network error, got \(error)")
                return
            }
            #expect(method == "POST")
            #expect(path == "/orders/outgoing/send")
            #expect(failure.kind == .timedOut)
            #expect(failure.mayHaveReachedServer)
            #expect(error.description.contains("may have reached the gateway, so it was not retried"))
        }
        // Sent once, never again: any retry would have gone out before the call returned, but
        // the server may log it a moment later.
        for _ in 0..<50 where await server.log.count == 0 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(await server.log.count == 1)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aRefusedConnectionDidNotReachTheServer() async throws {
        let server = try await LoopbackServer.start { _, _ in LoopbackServer.json(200, "{}") }
        await server.stop()
        let (client, transport) = client(server)
        do {
            _ = try await client.createIncomingOrder(IncomingOrderRequest(
                integrationId: "i", amount: FixedDecimal("1")!, assetId: "TRX", externalId: nil))
            Issue.record("expected a connection failure")
        } catch {
            guard case let .network(_, _, failure) = error else {
                Issue.record("expected a network error, got \(error)")
                return
            }
            #expect(failure.kind == .connectFailed)
            #expect(!failure.mayHaveReachedServer)
            #expect(error.description.hasSuffix("the request did not reach the gateway, nothing was created"))
        }
        await transport.shutdown()
    }

    /// A 2xx answer cut short (or a proxy's error page) to a GET is asked again; to a POST it is
    /// not, since the POST was applied.
    @Test func aGetWhoseAnswerIsCutShortIsAskedAgainAndAPostIsNot() async throws {
        let server = try await LoopbackServer.start { number, _ in
            number == 1 ? LoopbackServer.json(200, String(Self.order.prefix(40))) : LoopbackServer.json(200, Self.order)
        }
        let (client, transport) = client(server)
        #expect(try await client.order(id: "x").status == .completed)
        #expect(await server.log.count == 2)
        await transport.shutdown()
        await server.stop()

        let post = try await LoopbackServer.start { _, _ in LoopbackServer.json(201, "{\"orderId\": ") }
        let (poster, postTransport) = self.client(post)
        await #expect(throws: PaymentError.self) {
            _ = try await poster.refund(RefundRequest(amount: 1, assetId: "TRX", destinationAddress: "T", refundOrderId: "o"))
        }
        #expect(await post.log.count == 1)
        await postTransport.shutdown()
        await post.stop()
    }

    @Test func aMalformedAnswerNamesWhereItBroke() async throws {
        let broken = Self.order.replacingOccurrences(of: #""status": "completed","#, with: #""status": 7,"#)
        let server = try await LoopbackServer.start { _, _ in LoopbackServer.json(200, broken) }
        let (client, transport) = client(server)
        do {
            _ = try await client.order(id: "x")
            Issue.record("expected a decoding error")
        } catch {
            guard case let .decoding(_, _, jsonPath, found, _) = error else {
                Issue.record("expected a decoding error, got \(error)")
                return
            }
            #expect(jsonPath == "$.status")
            #expect(found == "7")
        }
        await transport.shutdown()
        await server.stop()
    }

    @Test func theKeyNeverReachesTheLog() async throws {
        let lines = LogCapture()
        var logger = Logger(label: "test") { _ in lines }
        logger.logLevel = .trace
        let server = try await LoopbackServer.start { number, _ in
            number == 1 ? LoopbackServer.json(500, "x", contentType: "text/plain") : LoopbackServer.json(200, Self.order)
        }
        let (client, transport) = client(server, key: "secret-key-0042", logger: logger)
        _ = try await client.order(id: "x")
        let logged = lines.all
        #expect(logged.count >= 3)
        #expect(logged.allSatisfy { !$0.contains("secret-key-0042") })
        await transport.shutdown()
        await server.stop()
    }

    @Test func backoffDoublesUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(200), maxDelay: .seconds(1))
        #expect((1...5).map { policy.delay(afterFailures: $0) } ==
                [.milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }
}

/// Collects every log line with its metadata, to check what would be written.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)") }
    }

    var all: [String] { lock.withLock { lines } }
}
