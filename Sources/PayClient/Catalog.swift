// What the gateway offers: integrations, crypto assets and exchange rates.

/// A merchant integration; its `id` is what orders are created for.
public struct Integration: Codable, Sendable, Equatable {
    public var name: String
    public var id: String
    public var url: String
    public var status: String

    public init(name: String, id: String, url: String, status: String) {
        self.name = name
        self.id = id
        self.url = url
        self.status = status
    }
}

public struct Pagination: Codable, Sendable, Equatable {
    public var quantity: Int
    public var totalQuantity: Int
    public var currentPage: Int
    public var pages: Int

    public init(quantity: Int, totalQuantity: Int, currentPage: Int, pages: Int) {
        self.quantity = quantity
        self.totalQuantity = totalQuantity
        self.currentPage = currentPage
        self.pages = pages
    }
}

/// One page of a paginated listing.
public struct Page<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var data: [Item]
    public var pagination: Pagination

    public init(data: [Item], pagination: Pagination) {
        self.data = data
        self.pagination = pagination
    }
}

/// A crypto asset the gateway can receive and send; `id` (e.g. `USDT_TRC20`) names it in requests,
/// `currencyCode` (e.g. `USDT`) is the currency its amounts are written in.
public struct Asset: Codable, Sendable, Equatable {
    public var id: String
    public var currencyCode: String
    public var displayName: String
    public var blockchainId: String
    public var blockchainDisplayName: String
    public var name: String
    /// Digits after the point in its amounts. A sandbox extension: a gateway that leaves it out is
    /// asked for an exchange rate instead, whose crypto amount is written with the asset's precision.
    public var precision: Int?

    public init(id: String, currencyCode: String, displayName: String, blockchainId: String,
                blockchainDisplayName: String, name: String, precision: Int? = nil) {
        self.id = id
        self.currencyCode = currencyCode
        self.displayName = displayName
        self.blockchainId = blockchainId
        self.blockchainDisplayName = blockchainDisplayName
        self.name = name
        self.precision = precision
    }
}

extension Asset {
    /// The assets `currency` names: the one whose id it is, else those with that currency code
    /// (`USDT` may name several networks' tokens; the caller says which is wrong).
    public static func named(_ currency: String, in assets: [Asset]) -> [Asset] {
        if let exact = assets.first(where: { $0.id == currency }) { return [exact] }
        return assets.filter { $0.currencyCode == currency }
    }
}

public struct AssetList: Codable, Sendable, Equatable {
    public var assets: [Asset]
    public init(assets: [Asset]) { self.assets = assets }
}

/// How much of an asset a fiat amount buys: `rate` per fiat unit, `crypto` for the amount asked.
public struct Rate: Codable, Sendable, Equatable {
    /// The fields the API writes as decimal strings that are numbers, not text.
    public static let decimalFields: Set<String> = ["rate"]

    public var assetId: String
    public var rate: FixedDecimal
    public var crypto: Amount

    public init(assetId: String, rate: FixedDecimal, crypto: Amount) {
        self.assetId = assetId
        self.rate = rate
        self.crypto = crypto
    }
}

public struct RateList: Codable, Sendable, Equatable {
    public var rates: [Rate]
    public init(rates: [Rate]) { self.rates = rates }
}
