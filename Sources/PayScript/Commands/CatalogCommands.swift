// integrations, integration, assets, rates, get rate: the gateway's catalog, read through the session's
// snapshot so one invocation fetches it once.
import PayClient

extension Interpreter {
    func integrationsCommand(_ range: SourceRange) async throws -> Value {
        let page = try await integrations(range)
        return Value(json: page.document["data"] ?? .array([]))
    }

    func integrationCommand(_ nameExpr: Expr, in env: Environment) async throws -> Value {
        let (_, index) = try await integration(try await evaluate(nameExpr, in: env), nameExpr.range)
        let page = try await integrations(nameExpr.range)
        guard case let .array(items)? = page.document["data"], index < items.count else { return .null }
        return Value(json: items[index])
    }

    func assetsCommand(_ range: SourceRange) async throws -> Value {
        let list = try await assets(range)
        return Value(json: list.document["assets"] ?? .array([]))
    }

    func ratesCommand(_ amountExpr: Expr, in env: Environment, _ range: SourceRange) async throws -> Value {
        let amount = try await amountValue(amountExpr, in: env, what: "a fiat amount like 10 EUR")
        let client = session.client
        let wanted = cardsReadTheClock
        async let clock = Interpreter.sandboxTime(client, wanted: wanted)
        let rates = try await api(range) { try await client.exchangeRatesDocument(amount: amount.number, currency: amount.currency) }
        return noted(Value(json: rates.document["rates"] ?? .array([]), decimals: Rate.decimalFields), .rate, id: "\(amount)",
                     sandboxTime: await clock)
    }

    /// `get rate USDT for 25 EUR`: one asset's entry (by id or currency code) of the same
    /// exchange-rates call `rates` makes.
    func rateCommand(_ assetExpr: Expr, _ amountExpr: Expr, in env: Environment, _ range: SourceRange) async throws -> Value {
        let name = try await text(assetExpr, in: env, what: "asset like USDT")
        let amount = try await amountValue(amountExpr, in: env, what: "a fiat amount like 10 EUR")
        let client = session.client
        let rates = try await api(range) { try await client.exchangeRatesDocument(amount: amount.number, currency: amount.currency) }
        let all = rates.value.rates
        var matches = all.filter { $0.assetId == name }
        if matches.isEmpty { matches = all.filter { $0.crypto.currency == name } }
        guard case let .array(items)? = rates.document["rates"], matches.count == 1,
              let index = all.firstIndex(where: { $0.assetId == matches[0].assetId }), index < items.count else {
            if matches.count > 1 {
                throw Fault(.ambiguousCurrency(name, matches: matches.map(\.assetId)), assetExpr.range)
            }
            throw Fault(.noRate(name, assets: all.map(\.assetId)), assetExpr.range)
        }
        return Value(json: items[index], decimals: Rate.decimalFields)
    }

    func assets(_ range: SourceRange) async throws -> Documented<AssetList> {
        let (catalog, client) = (session.catalog, session.client)
        return try await api(range) { try await catalog.assets(client) }
    }

    func integrations(_ range: SourceRange) async throws -> Documented<Page<Integration>> {
        let (catalog, client) = (session.catalog, session.client)
        return try await api(range) { try await catalog.integrations(client) }
    }

    /// The integration a value names (by name or id, or a record with its id), and its place in the list.
    private func integration(_ value: Value, _ range: SourceRange) async throws -> (Integration, Int) {
        let all = try await integrations(range).value.data
        let key: String
        switch value {
        case let .string(text): key = text
        case let .record(record): key = record.string("id") ?? ""
        default: throw Fault(.integrationName(got: value.typeName), range)
        }
        guard let index = all.firstIndex(where: { $0.name == key || $0.id == key }) else {
            throw Fault(.noIntegration(key, integrations: all.map(\.name)), range)
        }
        return (all[index], index)
    }

    /// The integration named by `for`/`from`, or the gateway's only one.
    func integrationId(_ expr: Expr?, in env: Environment, _ range: SourceRange) async throws -> String {
        if let expr { return try await integration(try await evaluate(expr, in: env), expr.range).0.id }
        let all = try await integrations(range).value.data
        guard all.count == 1 else {
            throw Fault(.whichIntegration(count: all.count), range)
        }
        return all[0].id
    }

    /// The asset id for an amount's unit: an asset id as written, or the one asset with that currency code.
    func assetId(for amount: Amount, _ range: SourceRange) async throws -> String {
        let assets = try await assets(range).value.assets
        let matches = Asset.named(amount.currency, in: assets)
        switch matches.count {
        case 1: return matches[0].id
        case 0: throw Fault(.unknownAsset(amount.currency, assets: assets.map(\.id)), range)
        default: throw Fault(.ambiguousCurrency(amount.currency, matches: matches.map(\.id)), range)
        }
    }
}
