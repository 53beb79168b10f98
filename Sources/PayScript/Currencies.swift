// Which currencies a script may write, and their precision: ISO 4217 fiat codes, and the
// gateway's assets by id (USDT_TRC20) or currency code (USDT).
import PayClient

extension Interpreter {
    /// The checker's second half, run before the first statement: settles every amount literal's
    /// unit (each once, from the catalog the run will use anyway) and reports each literal the
    /// gateway's currencies cannot hold: an unknown or lower-case code, more decimal places than
    /// the currency has. A syntax-kind error (exit 2) with every such literal, or nil. When the
    /// gateway's assets cannot be read it says nothing: the run meets that error where it is.
    public func checkAmountLiterals(_ literals: [AmountLiteral]) async -> ScriptError? {
        let needsAssets = literals.contains { session.catalog.settledUnit($0.unit) == nil && FiatCurrencies.minorUnits[$0.unit] == nil }
        if needsAssets {
            let (catalog, client) = (session.catalog, session.client)
            guard (try? await catalog.assets(client, keepingFailure: true)) != nil else { return nil }
        }
        var problems: [Diagnostic] = []
        for literal in literals {
            do {
                _ = try await settledAmountLiteral(literal.value, unit: literal.unit, literal.range)
            } catch let unstated as UnstatedPrecision {
                // The gateway's doing, not the script's: a runtime error where the literal stands.
                return ScriptError(.runtime, [Diagnostic(.run(.unstatedPrecision(unstated.message)), file: literal.file, range: literal.range)])
            } catch let fault as Fault where fault.kind == .runtime {
                problems.append(Diagnostic(.run(fault.reason), file: literal.file, range: literal.range))
            } catch {
                return nil
            }
        }
        return problems.isEmpty ? nil : ScriptError(.syntax, problems)
    }

    /// The unit named `name`: a fiat code from ISO 4217, or one of the gateway's assets.
    /// An unknown or lower-case code is an error that names the known ones.
    func currencyUnit(_ name: String, _ range: SourceRange) async throws -> CurrencyUnit {
        if let known = session.catalog.settledUnit(name) { return known }
        let unit = try await lookUpUnit(name, range)
        session.catalog.settle(name, as: unit)
        return unit
    }

    private func lookUpUnit(_ name: String, _ range: SourceRange) async throws -> CurrencyUnit {
        if let places = FiatCurrencies.minorUnits[name] { return CurrencyUnit(code: name, precision: places) }
        let assets = try await assets(range).value.assets
        let byId = assets.filter { $0.id == name }
        let matches = byId.isEmpty ? assets.filter { $0.currencyCode == name } : byId
        guard let asset = matches.first else {
            let known = assets.map { $0.id == $0.currencyCode ? $0.id : "\($0.id) (\($0.currencyCode))" }
            let upper = name.uppercased()
            if upper != name, FiatCurrencies.minorUnits[upper] != nil || assets.contains(where: { $0.id == upper || $0.currencyCode == upper }) {
                throw Fault(.lowerCaseCurrency(upper), range)
            }
            throw Fault(.unknownCurrency(name, assets: known), range)
        }
        let precisions = Set(try await matches.asyncMap { try await self.precision(of: $0, range) })
        guard precisions.count == 1 else {
            throw Fault(.ambiguousCurrency(name, matches: matches.map(\.id)), range)
        }
        return CurrencyUnit(code: asset.currencyCode, precision: precisions.first!)
    }

    /// An asset's precision as the gateway states it, or else as its exchange rates write its amounts.
    private func precision(of asset: Asset, _ range: SourceRange) async throws -> Int {
        if let precision = asset.precision { return precision }
        let client = session.client
        for fiat in ["USD", "EUR"] {
            guard let rates = try? await client.exchangeRates(amount: 1, currency: fiat),
                  let rate = rates.first(where: { $0.assetId == asset.id }) else { continue }
            return rate.crypto.scale
        }
        throw UnstatedPrecision(message: "the gateway does not say how many decimal places \(asset.id) has: its asset list states no precision and its exchange rates do not quote it")
    }
}

/// The gateway states no precision for an asset and quotes no rate that shows one: no literal in
/// that currency can be checked, and that is the gateway's answer, not the script's mistake.
struct UnstatedPrecision: Error {
    var message: String
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
