// The sandbox's routes, listed once in Router.routes, are exactly the paths and methods
// openapi.yaml documents, and every path the client calls is one of them.
import Foundation
import Testing
@testable import PaySandbox

struct RouteTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `GET /orders/{id}` for each path and method under openapi.yaml's `paths:`.
    static func documented() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        var found: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
               ["get:", "post:", "delete:", "put:", "patch:"].contains(trimmed) {
                found.insert("\(trimmed.dropLast().uppercased()) \(path)")
            }
        }
        return found
    }

    @Test func theRoutesAreTheDocumentedEndpoints() throws {
        let routes = Set(Router.routes.map { route in
            "\(route.method) /" + route.pattern.map { $0 == "*" ? "{id}" : $0 }.joined(separator: "/")
        })
        #expect(routes.count == Router.routes.count)
        #expect(routes == (try Self.documented()))
    }

    @Test func everyPathTheClientCallsIsARoute() throws {
        let client = try String(contentsOf: Self.root.appendingPathComponent("Sources/PayClient/PaymentClient.swift"), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"\b(?:documented|call)\(\.(get|post|delete), "([^"]+)""#)
        let matches = regex.matches(in: client, range: NSRange(client.startIndex..., in: client))
        let called = matches.map { match -> String in
            let method = String(client[Range(match.range(at: 1), in: client)!]).uppercased()
            let path = String(client[Range(match.range(at: 2), in: client)!])
                .replacingOccurrences(of: #"\\\(PathEncoding\.encode\([a-zA-Z]+\)\)"#, with: "{id}", options: .regularExpression)
            return "\(method) \(path)"
        }
        #expect(called.count >= 17)
        // Each path is written once in the client (the typed calls go through the documents).
        #expect(Set(called).count == called.count, "\(called)")
        let documented = try Self.documented()
        #expect(Set(called).isSubset(of: documented), "\(Set(called).subtracting(documented))")
    }
}
