// What one `pay` invocation knows of the gateway's catalog: its assets and integrations, fetched
// once, and the currency units scripts have written, settled once (unit -> code and precision).
// Shared by every run of the invocation, so parallel jobs fetch it once; a REPL's `:reset`
// refreshes it.
import PayClient
import Synchronization

/// A currency unit as a script writes it after a number.
struct CurrencyUnit: Sendable, Equatable {
    /// The currency amounts of this unit compare by: an asset id means its currency code.
    var code: String
    /// Digits after the point.
    var precision: Int
}

public final class GatewayCatalog: Sendable {
    private struct State {
        var assets: Documented<AssetList>?
        var integrations: Documented<Page<Integration>>?
        var units: [String: CurrencyUnit] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Forgets everything, so the next use fetches afresh.
    public func refresh() {
        state.withLock { $0 = State() }
    }

    /// GET /crypto-assets, once.
    func assets(_ client: PaymentClient) async throws(PaymentError) -> Documented<AssetList> {
        if let known = state.withLock({ $0.assets }) { return known }
        let fetched = try await client.cryptoAssetsDocument()
        return state.withLock { state in
            if state.assets == nil { state.assets = fetched }
            return state.assets!
        }
    }

    /// GET /integrations (the first 100), once.
    func integrations(_ client: PaymentClient) async throws(PaymentError) -> Documented<Page<Integration>> {
        if let known = state.withLock({ $0.integrations }) { return known }
        let fetched = try await client.integrationsDocument(page: 1, perPage: 100)
        return state.withLock { state in
            if state.integrations == nil { state.integrations = fetched }
            return state.integrations!
        }
    }

    func settledUnit(_ name: String) -> CurrencyUnit? {
        state.withLock { $0.units[name] }
    }

    func settle(_ name: String, as unit: CurrencyUnit) {
        state.withLock { $0.units[name] = unit }
    }

    /// The currency code amounts written in `name` compare by, without asking the gateway: a
    /// settled unit's, a fiat code, or an asset's from the assets already fetched. Nil when not
    /// known yet (amounts then compare by their names as written).
    func code(of name: String) -> String? {
        state.withLock { state in
            if let unit = state.units[name] { return unit.code }
            if FiatCurrencies.minorUnits[name] != nil { return name }
            return state.assets?.value.assets.first { $0.id == name || $0.currencyCode == name }?.currencyCode
        }
    }
}
