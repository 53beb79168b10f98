// What the sandbox sells and at what rates: fixed tables, so every run prices the same.
import Foundation
import PayClient

public struct SandboxAsset: Sendable {
    public var asset: Asset
    /// Fraction digits of its amounts.
    public var precision: Int
    /// Units of this asset one unit of each fiat buys.
    public var ratePerFiat: [String: FixedDecimal]
}

public enum SandboxCatalog {
    public static let testIntegration = Integration(
        name: "test", id: "1ef65bda-11ad-63ca-8afe-73770edda314", url: "", status: "active")

    /// Fiat currencies and their precision.
    public static let fiatPrecision = ["EUR": 2, "USD": 2]

    // 1 TRX at 3.703704 TRX per EUR is 0.27 EUR, as in the seed; the USD rates are the seed's own.
    public static let assets: [SandboxAsset] = [
        SandboxAsset(
            asset: Asset(id: "USDT_TRC20", currencyCode: "USDT", displayName: "Tether", blockchainId: "tron",
                         blockchainDisplayName: "Tron", name: "Tether (TRC20)"),
            precision: 6,
            ratePerFiat: ["USD": FixedDecimal("1.000460")!, "EUR": FixedDecimal("1.082251")!]),
        SandboxAsset(
            asset: Asset(id: "TRX", currencyCode: "TRX", displayName: "Tron", blockchainId: "tron",
                         blockchainDisplayName: "Tron", name: "Tron"),
            precision: 6,
            ratePerFiat: ["USD": FixedDecimal("3.538946")!, "EUR": FixedDecimal("3.703704")!]),
    ]

    public static func asset(_ id: String) -> SandboxAsset? { assets.first { $0.asset.id == id } }

    /// The fiat value of a crypto amount: amount ÷ rate, to the fiat's precision.
    static func fiatValue(of amount: Decimal, asset: SandboxAsset, fiat: String) -> Amount {
        let scale = fiatPrecision[fiat] ?? 2
        guard let rate = asset.ratePerFiat[fiat], !rate.value.isZero else { return .zero(fiat, scale: scale) }
        return Amount(FixedDecimal.round(amount / rate.value, scale: scale, .bankers), fiat, scale: scale)
    }
}
