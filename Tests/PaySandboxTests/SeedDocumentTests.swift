// The seed world answers the seed document's reads exactly: every field the document shows, at
// every depth, has the document's value (the sandbox may add fields of its own, as `precision`
// and `senderAddress`, which a client must tolerate). The document's answers are the fixtures in
// PayClientTests/Fixtures, copied from ../shared/seeds.
import Foundation
import PayClient
import PaySandbox
import Testing

struct SeedDocumentTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PayClientTests/Fixtures")

    static let reads: [(path: String, query: [(name: String, value: String)], fixture: String)] = [
        ("/integrations", [], "integrations"),
        ("/crypto-assets", [], "crypto-assets"),
        ("/exchange-rates", [("amount", "1"), ("currency", "USD")], "exchange-rates"),
        ("/orders/1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80", [], "order-completed"),
        ("/transactions/705", [], "transaction"),
    ]

    /// Where `answer` differs from what `shown` shows, as JSON paths; empty when it shows it all.
    static func differences(_ answer: Any?, _ shown: Any, at path: String) -> [String] {
        switch shown {
        case let object as [String: Any]:
            guard let answer = answer as? [String: Any] else { return ["\(path): not an object"] }
            return object.keys.sorted().flatMap { differences(answer[$0], object[$0]!, at: "\(path).\($0)") }
        case let array as [Any]:
            guard let answer = answer as? [Any], answer.count == array.count else { return ["\(path): not \(array.count) items"] }
            return array.indices.flatMap { differences(answer[$0], array[$0], at: "\(path)[\($0)]") }
        default:
            guard let answer else { return ["\(path): missing"] }
            return "\(answer)" == "\(shown)" && type(of: answer) == type(of: shown) ? [] : ["\(path): \(answer) is not \(shown)"]
        }
    }

    @Test func theSeedWorldAnswersTheDocumentsFigures() async throws {
        let sandbox = Sandbox(config: SandboxConfig(seed: 1, seedWorld: true))
        let transport = InProcessTransport(sandbox: sandbox)
        var compared = 0
        for read in Self.reads {
            let response = try await transport.send(APIRequest(method: .get, path: read.path, query: read.query))
            #expect(response.status == 200, "\(read.path)")
            let answer = try JSONSerialization.jsonObject(with: Data(response.body))
            let shown = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("\(read.fixture).json")))
            #expect(Self.differences(answer, shown, at: "$") == [], "\(read.path)")
            compared += 1
        }
        #expect(compared == 5)
    }

    /// The comparison itself finds a second's difference, a missing field and a wrong type.
    @Test func theComparisonSeesADifference() throws {
        let shown: [String: Any] = ["updatedAt": "2024-12-16T07:34:04+00:00", "transactions": [["id": "705"]], "n": 1]
        let answer: [String: Any] = ["updatedAt": "2024-12-16T07:34:03+00:00", "transactions": [[:]], "n": "1", "extra": true]
        #expect(Self.differences(answer, shown, at: "$") == [
            "$.n: 1 is not 1",
            "$.transactions[0].id: missing",
            "$.updatedAt: 2024-12-16T07:34:03+00:00 is not 2024-12-16T07:34:04+00:00",
        ])
    }
}
