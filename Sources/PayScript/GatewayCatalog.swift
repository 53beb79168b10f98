// What one `pay` invocation knows of the gateway's catalog: its assets and integrations, fetched
// once, and the currency units scripts have written, settled once (unit -> code and precision).
// Shared by every run of the invocation, so parallel jobs fetch it once; a REPL's `:reset`
// refreshes it.
import PayClient
import Synchronization

/// What a run reads of the catalog before its first statement: the assets when it writes an
/// amount literal (their precision checks it), the integrations when a command may need one.
public struct CatalogReads: Sendable, Equatable {
    public var assets: Bool
    public var integrations: Bool

    public init(assets: Bool = false, integrations: Bool = false) {
        self.assets = assets
        self.integrations = integrations
    }

    public static let none = CatalogReads()
}

/// A currency unit as a script writes it after a number.
struct CurrencyUnit: Sendable, Equatable {
    /// The currency amounts of this unit compare by: an asset id means its currency code.
    var code: String
    /// Digits after the point.
    var precision: Int
}

public final class GatewayCatalog: Sendable {
    private typealias Fetch<T: Sendable> = Task<Result<T, PaymentError>, Never>

    private struct State {
        /// In flight or done: runs that need it at once share one request.
        var assets: Fetch<Documented<AssetList>>?
        var integrations: Fetch<Documented<Page<Integration>>>?
        var units: [String: CurrencyUnit] = [:]
        /// The assets once fetched, for synchronous lookups.
        var knownAssets: [Asset] = []
    }

    private let state = Mutex(State())
    /// The client every read goes through, when the catalog is shared by runs on gateways of
    /// their own (`pay test`'s files, each on its own sandbox or world): its reads then count
    /// against no run. Nil: each read goes through the client of the run that asks first.
    private let reader: PaymentClient?

    public init(reader: PaymentClient? = nil) {
        self.reader = reader
    }

    /// Forgets everything, so the next use fetches afresh.
    public func refresh() {
        state.withLock { $0 = State() }
    }

    /// Starts the reads a run needs, side by side, and returns without waiting: the run's first
    /// use of each waits on the request already under way. `inTurn` sends them one after the
    /// other and waits, so a trace or recording of the run lists them in the same order every time.
    public func prefetch(_ reads: CatalogReads, _ client: PaymentClient, inTurn: Bool = false) async {
        if reads.assets {
            let fetch = assetsFetch(client)
            if inTurn { _ = await fetch.value }
        }
        if reads.integrations {
            let fetch = integrationsFetch(client)
            if inTurn { _ = await fetch.value }
        }
    }

    /// Waits for the reads under way (their answers or failures are kept as always), so the
    /// connection they use can be closed: a run that ends before it needed a read it started
    /// must not close the HTTP client under it.
    public func settle() async {
        let (assets, integrations) = state.withLock { ($0.assets, $0.integrations) }
        _ = await assets?.value
        _ = await integrations?.value
    }

    private func assetsFetch(_ client: PaymentClient) -> Fetch<Documented<AssetList>> {
        let client = reader ?? client
        return state.withLock { state in
            if let known = state.assets { return known }
            let started = Fetch { () async -> Result<Documented<AssetList>, PaymentError> in
                do throws(PaymentError) { return .success(try await client.cryptoAssetsDocument()) } catch { return .failure(error) }
            }
            state.assets = started
            return started
        }
    }

    private func integrationsFetch(_ client: PaymentClient) -> Fetch<Documented<Page<Integration>>> {
        let client = reader ?? client
        return state.withLock { state in
            if let known = state.integrations { return known }
            let started = Fetch { () async -> Result<Documented<Page<Integration>>, PaymentError> in
                do throws(PaymentError) { return .success(try await client.allIntegrationsDocument(perPage: 100)) } catch { return .failure(error) }
            }
            state.integrations = started
            return started
        }
    }

    /// GET /crypto-assets, once for all runs (again after a failure or a refresh). `keepingFailure`
    /// leaves a failed read in place, so the statement that needs the assets next meets that
    /// failure rather than asking again (the checks before the first statement peek this way).
    public func assets(_ client: PaymentClient, keepingFailure: Bool = false) async throws(PaymentError) -> Documented<AssetList> {
        let fetch = assetsFetch(client)
        switch await fetch.value {
        case let .success(list):
            state.withLock { $0.knownAssets = list.value.assets }
            return list
        case let .failure(error):
            if !keepingFailure { state.withLock { if $0.assets == fetch { $0.assets = nil } } }
            throw error
        }
    }

    /// GET /integrations, every page of it, once for all runs (again after a failure or a refresh).
    func integrations(_ client: PaymentClient) async throws(PaymentError) -> Documented<Page<Integration>> {
        let fetch = integrationsFetch(client)
        switch await fetch.value {
        case let .success(page): return page
        case let .failure(error):
            state.withLock { if $0.integrations == fetch { $0.integrations = nil } }
            throw error
        }
    }

    /// The asset ids and currency codes known so far, for completion.
    public var unitNames: [String] {
        state.withLock { state in Array(Set(state.knownAssets.flatMap { [$0.id, $0.currencyCode] })).sorted() }
    }

    /// What completion offers after a number: the assets known so far and the common fiat codes.
    public var completionUnits: [String] { unitNames + ["EUR", "USD", "GBP", "CHF", "JPY"] }

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
            return state.knownAssets.first { $0.id == name || $0.currencyCode == name }?.currencyCode
        }
    }
}
