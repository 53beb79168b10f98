// What the sandbox sells and at what prices: fixed tables, so every run prices the same.
import PayClient

/// What `crypto` units of an asset cost in `fiat` units of a fiat currency, held exactly: a quote
/// multiplies by one side and divides by the other, and rounds once at the end.
public struct FiatPrice: Sendable {
    public var crypto: FixedDecimal
    public var fiat: FixedDecimal
}

public struct SandboxAsset: Sendable {
    public var asset: Asset
    /// Fraction digits of its amounts.
    public var precision: Int { asset.precision ?? 6 }
    public var prices: [String: FiatPrice]
}

public enum SandboxCatalog {
    public static let testIntegration = Integration(
        name: "test", id: "1ef65bda-11ad-63ca-8afe-73770edda314", url: "", status: "active")

    /// Fiat currencies the sandbox quotes, with their ISO 4217 precision.
    public static let fiatPrecision = ["EUR": 2, "USD": 2]

    /// The seed's figures: 1 TRX is 0.27 EUR; 1 USD buys 3.538946 TRX or 1.000460 USDT. 1 USDT is 0.924 EUR.
    public static let assets: [SandboxAsset] = [
        SandboxAsset(
            asset: Asset(id: "USDT_TRC20", currencyCode: "USDT", displayName: "Tether", blockchainId: "tron",
                         blockchainDisplayName: "Tron", name: "Tether (TRC20)", precision: 6),
            prices: ["USD": FiatPrice(crypto: FixedDecimal("1.000460")!, fiat: 1),
                     "EUR": FiatPrice(crypto: 1, fiat: FixedDecimal("0.924")!)]),
        SandboxAsset(
            asset: Asset(id: "TRX", currencyCode: "TRX", displayName: "Tron", blockchainId: "tron",
                         blockchainDisplayName: "Tron", name: "Tron", precision: 6),
            prices: ["USD": FiatPrice(crypto: FixedDecimal("3.538946")!, fiat: 1),
                     "EUR": FiatPrice(crypto: 1, fiat: FixedDecimal("0.27")!)]),
    ]

    public static func asset(_ id: String) -> SandboxAsset? { assets.first { $0.asset.id == id } }

    /// The largest amount the sandbox accepts has 21 integer digits (openapi.yaml's `PositiveAmount`),
    /// so sums over any number of orders stay far inside the 38-digit domain.
    public static let maxIntegerDigits = 21

    /// The fiat value of a crypto amount, rounded once to the fiat's precision.
    static func fiatValue(of amount: FixedDecimal, asset: SandboxAsset, fiat: String) -> Amount {
        let scale = fiatPrecision[fiat] ?? 2
        guard let price = asset.prices[fiat],
              let value = try? amount.multiplied(by: price.fiat).divided(by: price.crypto, roundedTo: scale) else {
            return .zero(fiat, scale: scale)
        }
        return Amount(value, fiat)
    }

    /// What a fiat amount buys, rounded once to the asset's precision.
    static func cryptoValue(of fiatAmount: FixedDecimal, asset: SandboxAsset, fiat: String) throws(DecimalError) -> Amount? {
        guard let price = asset.prices[fiat] else { return nil }
        let value = try fiatAmount.multiplied(by: price.crypto).divided(by: price.fiat, roundedTo: asset.precision)
        return Amount(value, asset.asset.currencyCode)
    }

    /// The published rate, units per fiat unit to six places: for display only.
    static func displayRate(_ asset: SandboxAsset, fiat: String) -> FixedDecimal? {
        guard let price = asset.prices[fiat] else { return nil }
        return try? price.crypto.divided(by: price.fiat, roundedTo: 6)
    }
}
