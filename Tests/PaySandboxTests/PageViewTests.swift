// What the payer's pages and the dashboard read of a sandbox (PageViews.swift), with exact
// values; the pages themselves are driven in a browser by Tests/browser/test_pages.py.
import Foundation
import PayClient
import PaySandbox
import Testing

struct PageViewTests {
    @Test func anOrdersLinksNameWhereThePagesAreAndItsWorld() async throws {
        let h = SandboxHarness(key: "sk_pages")
        #expect(try await h.order().paymentLink.hasPrefix("https://checkout.sandbox.invalid/checkout/"))
        await h.sandbox.serveCheckout(at: "http://127.0.0.1:9")
        let order = try await h.order()
        #expect(order.paymentLink == "http://127.0.0.1:9/checkout/\(order.orderId)")
        #expect(order.widgetCode == "<iframe src=http://127.0.0.1:9/checkout/\(order.orderId)?widget=1 width=\"100%\" height=\"800px\" allow=\"clipboard-write *\" ></iframe>")
        // Another seed, so the world's ids are not the default world's (with one seed they are the
        // same ids, which is why a link names its world).
        let world = try await h.client.sandboxCreateWorld(seed: 7)
        let other = try await PaymentClient(transport: InProcessTransport(sandbox: h.sandbox), apiKey: world.key)
            .createIncomingOrder(IncomingOrderRequest(integrationId: SandboxHarness.integration, amount: 1, assetId: "TRX", externalId: nil))
        #expect(other.paymentLink == "http://127.0.0.1:9/checkout/\(other.orderId)?world=\(world.world)")
        #expect(other.widgetCode.hasPrefix("<iframe src=http://127.0.0.1:9/checkout/\(other.orderId)?world=\(world.world)&widget=1 "))
        // Each world's page sees its own orders only.
        #expect(await h.sandbox.checkout(world: Sandbox.defaultWorld, orderId: other.orderId) == nil)
        #expect(await h.sandbox.checkout(world: world.world, orderId: other.orderId)?.orderId == other.orderId)
        #expect(await h.sandbox.checkout(world: "w99", orderId: other.orderId) == nil)
    }

    @Test func theCheckoutViewFollowsPaymentsAndTheClock() async throws {
        let h = SandboxHarness()
        let order = try await h.order("2.5", externalId: "A-1")
        var view = try #require(await h.sandbox.checkout(world: Sandbox.defaultWorld, orderId: order.orderId))
        #expect(("\(view.requested)", "\(view.received)", "\(view.missing)", view.status) == ("2.500000 TRX", "0.000000 TRX", "2.500000 TRX", .inProgress))
        #expect((view.paymentAddress, view.externalId, view.precision) == (order.paymentAddress, "A-1", 6))
        #expect((view.now.text, view.expiresAt.text, view.nextEventAt?.text) == ("2024-12-16T07:20:23+00:00", "2024-12-16T07:50:23+00:00", "2024-12-16T07:50:23+00:00"))
        // Paid through the pages' own path: the world's key is added, the gateway checks the amount.
        let payment = APIRequest(method: .post, path: "/sandbox/orders/\(order.orderId)/payments", query: [],
                                 headers: [("Content-Type", "application/json")], body: Array(#"{"amount":"1"}"#.utf8))
        #expect(await h.sandbox.handle(payment, inWorld: Sandbox.defaultWorld).status == 201)
        view = try #require(await h.sandbox.checkout(world: Sandbox.defaultWorld, orderId: order.orderId))
        #expect(("\(view.received)", "\(view.missing)", view.confirming, view.transactions.count) == ("1.000000 TRX", "1.500000 TRX", 1, 1))
        _ = try await h.client.sandboxAdvanceClock(seconds: 30 * 60)
        view = try #require(await h.sandbox.checkout(world: Sandbox.defaultWorld, orderId: order.orderId))
        #expect((view.status, view.confirming, view.nextEventAt) == (.expired, 0, nil))
        await h.checkLedger()
    }

    @Test func theOverviewListsNewestFirstAndKeepsTheLastRequestsWithoutKeys() async throws {
        let key = "sk_overview_9f3a"
        let h = SandboxHarness(key: key)
        await h.sandbox.keepRecentRequests(3)
        let first = try await h.order("1")
        let second = try await h.order("2")
        // A key that strays into a query is kept as ***.
        _ = await h.sandbox.handle(APIRequest(method: .get, path: "/orders/\(first.orderId)", query: [("note", key)],
                                              headers: [("X-API-Key", key)], body: []))
        _ = await h.sandbox.handle(APIRequest(method: .get, path: "/orders/nope", query: [], headers: [("X-API-Key", key)], body: []))
        let overview = try #require(await h.sandbox.overview(world: Sandbox.defaultWorld))
        #expect(overview.orders.map(\.id) == [second.orderId, first.orderId])
        #expect(overview.orders.map { "\($0.kind) \($0.status) \($0.amount) \($0.received)" }
                == ["incoming inProgress 2.000000 TRX 0.000000 TRX", "incoming inProgress 1.000000 TRX 0.000000 TRX"])
        #expect(overview.recent.map { "\($0.method) \($0.path) \($0.status)" }
                == ["GET /orders/nope 404", "GET /orders/\(first.orderId)?note=*** 200", "POST /orders/incoming 201"])
        #expect(await h.sandbox.world(forKey: key) == Sandbox.defaultWorld)
        #expect(await h.sandbox.world(forKey: "not-a-key") == nil)
        let counts = await h.sandbox.orderCounts().map { "\($0.world) \($0.status) \($0.count)" }
        #expect(counts == ["default inProgress 2", "default completed 0", "default expired 0", "default failed 0", "default canceled 0"])
    }

    @Test(arguments: [
        ("GET", "/orders/1ef0a83e-c24b-6ef8-8190-f25101535b92", "/orders/{id}"),
        ("POST", "/orders/incoming", "/orders/incoming"),
        ("POST", "/sandbox/orders/x/payments", "/sandbox/orders/{id}/payments"),
        ("GET", "/transactions/705", "/transactions/{id}"),
        ("DELETE", "/sandbox/worlds/w1", "/sandbox/worlds/{id}"),
        ("PUT", "/orders/incoming", "other"),
        ("GET", "/orders/incoming", "other"),
        ("GET", "/orders/a%2Fb", "/orders/{id}"),
        ("GET", "/no/such/path", "other"),
    ])
    func aRoutesLabelHoldsNoId(method: String, path: String, label: String) {
        #expect(Sandbox.routeLabel(method: method, path: path) == label)
    }
}
