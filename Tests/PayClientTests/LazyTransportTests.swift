import PayClient
import Synchronization
import Testing

/// Answers every request with its own ordinal, so a test can tell one made transport from two.
private final class Numbering: Transport {
    private let answered = Atomic<Int>(0)
    func send(_ request: APIRequest) async throws(NetworkFailure) -> APIResponse {
        let ordinal = answered.add(1, ordering: .relaxed).newValue
        return APIResponse(status: 200, body: Array("\(ordinal)".utf8))
    }
}

struct LazyTransportTests {
    @Test func theTransportIsMadeOnTheFirstRequestAndOnlyOnce() async throws {
        let makes = Atomic<Int>(0)
        let lazy = LazyTransport {
            makes.add(1, ordering: .relaxed)
            return Numbering()
        }
        #expect(makes.load(ordering: .relaxed) == 0)
        #expect(!lazy.isMade)
        let first = try await lazy.send(APIRequest(method: .get, path: "/a"))
        let second = try await lazy.send(APIRequest(method: .get, path: "/b"))
        #expect(String(decoding: first.body, as: UTF8.self) == "1")
        #expect(String(decoding: second.body, as: UTF8.self) == "2")
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(lazy.isMade)
    }

    @Test func requestsRacingTheFirstShareOneTransport() async throws {
        let makes = Atomic<Int>(0)
        let lazy = LazyTransport {
            makes.add(1, ordering: .relaxed)
            return Numbering()
        }
        let bodies = await withTaskGroup(of: String.self) { group in
            for index in 0..<50 {
                group.addTask { String(decoding: (try? await lazy.send(APIRequest(method: .get, path: "/\(index)")))?.body ?? [], as: UTF8.self) }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(bodies.sorted { Int($0)! < Int($1)! } == (1...50).map(String.init))
    }
}
