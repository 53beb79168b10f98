// Redirects over real loopback servers on two hosts (127.0.0.1 is the gateway, 127.0.0.2 is
// elsewhere): the key follows a redirect only to the gateway's own scheme, host and port; a POST
// is resent only there; 303 turns a POST into a GET; a loop stops at the limit.
import Foundation
import LoopbackServer
import PayClient
import Testing

@Suite(.serialized)
struct RedirectTests {
    static let order = try! String(decoding: FixtureTests.fixture("order-completed"), as: UTF8.self)

    static func redirect(_ status: Int, to location: String) -> Response {
        Response(status: .init(code: status), headers: [.location: location])
    }

    func client(_ baseURL: String) -> (PaymentClient, HTTPTransport) {
        let transport = HTTPTransport(baseURL: baseURL, connectTimeout: .seconds(2), requestTimeout: .seconds(10))
        return (PaymentClient(transport: transport, apiKey: "k-secret", retry: RetryPolicy(maxAttempts: 1), sleep: { _ in }), transport)
    }

    @Test func aRedirectToAnotherHostNeverCarriesTheKey() async throws {
        let elsewhere = try await LoopbackServer.start(host: "127.0.0.2") { _, _ in LoopbackServer.json(200, Self.order) }
        let gateway = try await LoopbackServer.start { _, request in
            Self.redirect(307, to: "\(elsewhere.baseURL)\(request.uri.path)")
        }
        let (client, transport) = client(gateway.baseURL)
        let order = try await client.order(id: "o-1")
        #expect(order.id == "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80")
        let seen = await elsewhere.log.requests
        #expect(seen.map(\.path) == ["/orders/o-1"])
        #expect(seen[0].headers["x-api-key"] == nil)
        #expect(seen[0].headers["user-agent"] == "pay/\(PayVersion.current)")
        #expect(await gateway.log.requests.map { $0.headers["x-api-key"] } == ["k-secret"])
        await transport.shutdown()
        await gateway.stop()
        await elsewhere.stop()
    }

    @Test func anotherPortOrSchemeIsAnotherHost() async throws {
        let otherPort = try await LoopbackServer.start { _, _ in LoopbackServer.json(200, Self.order) }
        let gateway = try await LoopbackServer.start { _, request in
            Self.redirect(302, to: "\(otherPort.baseURL)\(request.uri.path)")
        }
        let (client, transport) = client(gateway.baseURL)
        _ = try await client.order(id: "o-2")
        #expect(await otherPort.log.requests.map { $0.headers["x-api-key"] } == [nil])
        await transport.shutdown()
        await gateway.stop()
        await otherPort.stop()
    }

    @Test func aRedirectOnTheSameOriginKeepsTheKeyAndAPostsBody() async throws {
        let gateway = try await LoopbackServer.start(reading: { number, request, _ in
            if request.uri.path == "/orders/incoming" { return Self.redirect(308, to: "/v2/orders/incoming") }
            return LoopbackServer.json(201, #"{"orderId":"o-1","paymentLink":"l","widgetCode":"w","paymentAddress":"T1"}"#)
        })
        let (client, transport) = client(gateway.baseURL)
        let created = try await client.createIncomingOrder(IncomingOrderRequest(
            integrationId: "i-1", amount: FixedDecimal("1.50")!, assetId: "TRX", externalId: "x"))
        #expect(created.orderId == "o-1")
        let seen = await gateway.log.requests
        #expect(seen.map { "\($0.method) \($0.path) \($0.headers["x-api-key"] ?? "-")" }
                == ["POST /orders/incoming k-secret", "POST /v2/orders/incoming k-secret"])
        #expect(seen[1].body == seen[0].body)
        #expect(seen[1].body.contains(#""amount":"1.50""#))
        await transport.shutdown()
        await gateway.stop()
    }

    @Test func aPostIsNeverResentToAnotherHost() async throws {
        let elsewhere = try await LoopbackServer.start(host: "127.0.0.2") { _, _ in LoopbackServer.json(201, "{}") }
        let gateway = try await LoopbackServer.start { _, _ in Self.redirect(307, to: "\(elsewhere.baseURL)/orders/incoming") }
        let (client, transport) = client(gateway.baseURL)
        do {
            _ = try await client.createIncomingOrder(IncomingOrderRequest(
                integrationId: "i-1", amount: FixedDecimal("1")!, assetId: "TRX", externalId: "x"))
            Issue.record("expected the redirect to stand")
        } catch {
            #expect(error.description == "POST /orders/incoming was redirected (307) and not followed: HTTP 307: to \(elsewhere.baseURL)/orders/incoming, where pay does not resend this request (another host, or not an http(s) URL)")
            #expect(error.isDefinite)
        }
        #expect(await elsewhere.log.count == 0)
        await transport.shutdown()
        await gateway.stop()
        await elsewhere.stop()
    }

    @Test func a303TurnsAPostIntoAGetWithoutItsBody() async throws {
        let gateway = try await LoopbackServer.start(reading: { _, request, _ in
            if request.method == .post { return Self.redirect(303, to: "/orders/o-1") }
            return LoopbackServer.json(201, #"{"orderId":"o-1","paymentLink":"l","widgetCode":"w","paymentAddress":"T1"}"#)
        })
        let (client, transport) = client(gateway.baseURL)
        _ = try await client.createIncomingOrder(IncomingOrderRequest(
            integrationId: "i-1", amount: FixedDecimal("1")!, assetId: "TRX", externalId: "x"))
        let seen = await gateway.log.requests
        #expect(seen.map { "\($0.method) \($0.path) body=\($0.body.count)" } == ["POST /orders/incoming body=\(seen[0].body.count)", "GET /orders/o-1 body=0"])
        #expect(seen[1].headers["content-type"] == nil)
        await transport.shutdown()
        await gateway.stop()
    }

    @Test func aLocationThatIsNotAnHTTPURLStandsAsTheAnswer() async throws {
        let gateway = try await LoopbackServer.start { _, _ in Self.redirect(302, to: "ftp://files.example/orders") }
        let (client, transport) = client(gateway.baseURL)
        do {
            _ = try await client.order(id: "o-1")
            Issue.record("expected the redirect to stand")
        } catch {
            #expect(error.description == "GET /orders/o-1 was redirected (302) and not followed: HTTP 302: to ftp://files.example/orders, where pay does not resend this request (another host, or not an http(s) URL)")
        }
        #expect(await gateway.log.count == 1)
        await transport.shutdown()
        await gateway.stop()
    }

    @Test func aRedirectLoopStopsAtTheLimit() async throws {
        let gateway = try await LoopbackServer.start { _, request in Self.redirect(302, to: request.uri.path) }
        let (client, transport) = client(gateway.baseURL)
        do {
            _ = try await client.order(id: "o-1")
            Issue.record("expected the loop to stop")
        } catch {
            #expect(error.description == "GET /orders/o-1 failed: more than 5 redirects (the last to /orders/o-1)")
        }
        #expect(await gateway.log.count == 6)
        await transport.shutdown()
        await gateway.stop()
    }
}
