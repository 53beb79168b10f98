// A fresh sandbox behind the real client encoding, with a ledger check after each test.
import Foundation
import PayClient
import PaySandbox
import Testing

struct SandboxHarness {
    let sandbox: Sandbox
    let client: PaymentClient
    static let integration = "1ef65bda-11ad-63ca-8afe-73770edda314"
    static let payer = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"
    static let elsewhere = "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"

    init(seedWorld: Bool = false, key: String? = nil, seed: UInt64 = 1) {
        sandbox = Sandbox(config: SandboxConfig(seed: seed, apiKey: key, seedWorld: seedWorld))
        client = PaymentClient(transport: LedgerCheckingTransport(sandbox: sandbox), apiKey: key, retry: .none)
    }

    /// Money in = balances + money out + fees, for every asset.
    func checkLedger(sourceLocation: SourceLocation = #_sourceLocation) async {
        for totals in await sandbox.ledger() {
            #expect(totals.balances,
                    "ledger of \(totals.assetId) does not balance: \(totals)", sourceLocation: sourceLocation)
        }
        // The running totals are what walking every transaction gives.
        let (running, walked) = (await sandbox.ledger(), await sandbox.recomputedLedger())
        #expect(running.map { "\($0)" } == walked.map { "\($0)" }, sourceLocation: sourceLocation)
    }

    func balance(_ asset: String = "TRX") async throws -> String {
        try await client.sandboxBalances().balances.first { $0.assetId == asset }!.available.decimalString
    }

    func order(_ amount: String = "1", asset: String = "TRX", externalId: String? = nil) async throws -> IncomingOrderCreated {
        try await client.createIncomingOrder(IncomingOrderRequest(
            integrationId: Self.integration, amount: FixedDecimal(amount)!, assetId: asset, externalId: externalId))
    }

    /// An order paid in full and confirmed.
    func paidOrder(_ amount: String = "1", asset: String = "TRX") async throws -> String {
        let created = try await order(amount, asset: asset)
        _ = try await client.sandboxPay(orderId: created.orderId, PayerPaymentRequest(amount: FixedDecimal(amount)!, senderAddress: Self.payer))
        _ = try await client.sandboxAdvanceClock(seconds: 120)
        return created.orderId
    }

    /// A raw request, for bodies and headers the typed client would never send (ledger checked too).
    func raw(_ method: HTTPMethod, _ path: String, body: String? = nil, key: String? = nil,
             query: [(String, String)] = []) async -> (status: Int, problem: Problem?) {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let key { headers.append(("X-API-Key", key)) }
        let response = await LedgerCheckingTransport(sandbox: sandbox).send(APIRequest(
            method: method, path: path, query: query.map { ($0.0, $0.1) }, headers: headers, body: Array((body ?? "").utf8)))
        return (response.status, try? JSONCoding.decode(Problem.self, from: response.body))
    }

    /// Asserts that `call` is refused with `status` and a message for `field`, and that no balance moved.
    func expectRefusal(status: Int, field: String?, containing text: String,
                       sourceLocation: SourceLocation = #_sourceLocation,
                       _ call: () async throws -> Void) async throws {
        let before = try await client.sandboxBalances()
        do {
            try await call()
            Issue.record("expected a \(status) refusal", sourceLocation: sourceLocation)
        } catch let error as PaymentError {
            guard case let .api(_, _, problem) = error else {
                Issue.record("expected an API refusal, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(problem.status == status, sourceLocation: sourceLocation)
            if let field {
                let messages = problem.errors?[field] ?? []
                #expect(messages.contains { $0.contains(text) }, "\(field): \(messages)", sourceLocation: sourceLocation)
            } else {
                #expect(problem.detail?.contains(text) == true, "\(problem.detail ?? "")", sourceLocation: sourceLocation)
            }
        }
        let after = try await client.sandboxBalances()
        #expect(before == after, "a refused request changed the balances", sourceLocation: sourceLocation)
    }
}

/// The in-process transport, plus a check after every request that the ledger still balances:
/// received = held + sent + fees, for each asset.
struct LedgerCheckingTransport: Transport {
    let sandbox: Sandbox

    func send(_ request: APIRequest) async -> APIResponse {
        let response = await sandbox.handle(request)
        for totals in await sandbox.ledger() where !totals.balances {
            Issue.record("after \(request.method.rawValue) \(request.path) the \(totals.assetId) ledger does not balance: \(totals)")
        }
        return response
    }
}
