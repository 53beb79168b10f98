// `integrations` reads every page, one request a page, as far as the documented bound (50 pages),
// and stops early on a gateway that answers the same page again.
import Foundation
import LoopbackServer
import PayClient
import Testing

struct PaginationTests {
    static func page(_ number: Int, of pages: Int) -> String {
        #"{"data":[{"name":"n\#(number)","id":"i-\#(number)","url":"","status":"active"}],"pagination":{"quantity":1,"totalQuantity":\#(pages),"currentPage":\#(number),"pages":\#(pages)}}"#
    }

    static func pageAsked(_ request: Request) -> Int {
        Int(request.uri.query?.split(separator: "&").first { $0.hasPrefix("page=") }?.dropFirst(5) ?? "1") ?? 1
    }

    @Test func pagesAreFollowedUpToTheBound() async throws {
        let server = try await LoopbackServer.start { _, request in LoopbackServer.json(200, Self.page(Self.pageAsked(request), of: 60)) }
        let transport = HTTPTransport(baseURL: server.baseURL)
        let all = try await PaymentClient(transport: transport, apiKey: "k").allIntegrationsDocument()
        #expect(all.value.data.map(\.name) == (1...50).map { "n\($0)" })
        #expect(all.value.pagination.quantity == 50)
        guard case let .array(documents)? = all.document["data"] else { Issue.record("no data"); return }
        #expect(documents.count == 50)
        #expect(await server.log.count == PaymentClient.maxIntegrationPages)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aGatewayThatRepeatsAPageIsReadOnce() async throws {
        let server = try await LoopbackServer.start { _, _ in LoopbackServer.json(200, Self.page(1, of: 3)) }
        let transport = HTTPTransport(baseURL: server.baseURL)
        let all = try await PaymentClient(transport: transport, apiKey: "k").allIntegrationsDocument()
        #expect(all.value.data.map(\.name) == ["n1"])
        #expect(await server.log.count == 2)
        await transport.shutdown()
        await server.stop()
    }
}
