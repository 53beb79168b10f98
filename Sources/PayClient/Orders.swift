// Orders, their transactions, and the requests that create them.

/// Where an order or a transaction stands. Statuses the client does not know are kept verbatim.
public enum OrderStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case inProgress, completed, expired, failed, canceled
    case other(String)

    /// The statuses the API documents, in the order the language lists them (`wait`'s words:
    /// `Commands.statusWords`, which a test holds to this list).
    public static let known: [OrderStatus] = [.inProgress, .completed, .expired, .failed, .canceled]

    public init(rawValue: String) {
        switch rawValue {
        case "inProgress": self = .inProgress
        case "completed": self = .completed
        case "expired": self = .expired
        case "failed": self = .failed
        case "canceled": self = .canceled
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .inProgress: "inProgress"
        case .completed: "completed"
        case .expired: "expired"
        case .failed: "failed"
        case .canceled: "canceled"
        case let .other(text): text
        }
    }

    /// A terminal status never changes again. A status this client does not know is taken as
    /// still moving, so `wait` keeps polling rather than giving up on a gateway's new state.
    public var isTerminal: Bool {
        switch self {
        case .completed, .expired, .failed, .canceled: true
        case .inProgress, .other: false
        }
    }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A blockchain transfer belonging to an order. `orderId` and `externalId` appear when the
/// transaction is fetched on its own; `senderAddress` is a sandbox extension.
public struct Transaction: Codable, Sendable, Equatable {
    public var id: String
    public var orderId: String?
    public var hash: String
    public var status: OrderStatus
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var receiverAddress: String
    public var primaryAmount: Amount
    public var secondaryAmount: Amount
    public var serviceFeeAmount: Amount
    public var totalAmount: Amount
    public var externalId: String?
    public var senderAddress: String?

    public init(id: String, orderId: String?, hash: String, status: OrderStatus, createdAt: Timestamp,
                updatedAt: Timestamp, receiverAddress: String, primaryAmount: Amount, secondaryAmount: Amount,
                serviceFeeAmount: Amount, totalAmount: Amount, externalId: String?, senderAddress: String?) {
        self.id = id
        self.orderId = orderId
        self.hash = hash
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.receiverAddress = receiverAddress
        self.primaryAmount = primaryAmount
        self.secondaryAmount = secondaryAmount
        self.serviceFeeAmount = serviceFeeAmount
        self.totalAmount = totalAmount
        self.externalId = externalId
        self.senderAddress = senderAddress
    }

    private enum CodingKeys: String, CodingKey {
        case id, orderId, hash, status, createdAt, updatedAt, receiverAddress
        case primaryAmount, secondaryAmount, serviceFeeAmount, totalAmount, externalId, senderAddress
    }

    /// In the API's order, which differs by where the transaction appears: inside an order the
    /// hash follows the id; fetched on its own (with `orderId`) the hash comes after the amounts,
    /// then `externalId`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if let orderId { try container.encode(orderId, forKey: .orderId) } else { try container.encode(hash, forKey: .hash) }
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(receiverAddress, forKey: .receiverAddress)
        try container.encode(primaryAmount, forKey: .primaryAmount)
        try container.encode(secondaryAmount, forKey: .secondaryAmount)
        try container.encode(serviceFeeAmount, forKey: .serviceFeeAmount)
        try container.encode(totalAmount, forKey: .totalAmount)
        if orderId != nil { try container.encode(hash, forKey: .hash) }
        try container.encodeIfPresent(externalId, forKey: .externalId)
        try container.encodeIfPresent(senderAddress, forKey: .senderAddress)
    }
}

/// An order (incoming or outgoing) with its amounts and transactions.
public struct Order: Codable, Sendable, Equatable {
    public var id: String
    public var status: OrderStatus
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var transactions: [Transaction]
    public var primaryAmount: Amount
    public var secondaryAmount: Amount
    public var serviceFeeAmount: Amount
    public var totalAmount: Amount
    public var externalId: String?

    public init(id: String, status: OrderStatus, createdAt: Timestamp, updatedAt: Timestamp,
                transactions: [Transaction], primaryAmount: Amount, secondaryAmount: Amount,
                serviceFeeAmount: Amount, totalAmount: Amount, externalId: String?) {
        self.id = id
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.transactions = transactions
        self.primaryAmount = primaryAmount
        self.secondaryAmount = secondaryAmount
        self.serviceFeeAmount = serviceFeeAmount
        self.totalAmount = totalAmount
        self.externalId = externalId
    }
}

public struct IncomingOrderRequest: Codable, Sendable, Equatable {
    public var integrationId: String
    public var amount: FixedDecimal
    public var assetId: String
    public var externalId: String?

    public init(integrationId: String, amount: FixedDecimal, assetId: String, externalId: String?) {
        self.integrationId = integrationId
        self.amount = amount
        self.assetId = assetId
        self.externalId = externalId
    }
}

public struct IncomingOrderCreated: Codable, Sendable, Equatable {
    public var orderId: String
    public var paymentLink: String
    public var widgetCode: String
    public var paymentAddress: String

    public init(orderId: String, paymentLink: String, widgetCode: String, paymentAddress: String) {
        self.orderId = orderId
        self.paymentLink = paymentLink
        self.widgetCode = widgetCode
        self.paymentAddress = paymentAddress
    }
}

public struct RefundRequest: Codable, Sendable, Equatable {
    public var amount: FixedDecimal
    public var assetId: String
    public var destinationAddress: String
    public var refundOrderId: String

    public init(amount: FixedDecimal, assetId: String, destinationAddress: String, refundOrderId: String) {
        self.amount = amount
        self.assetId = assetId
        self.destinationAddress = destinationAddress
        self.refundOrderId = refundOrderId
    }
}

public struct WithdrawalRequest: Codable, Sendable, Equatable {
    public var amount: FixedDecimal
    public var assetId: String
    public var destinationAddress: String
    public var integrationId: String

    public init(amount: FixedDecimal, assetId: String, destinationAddress: String, integrationId: String) {
        self.amount = amount
        self.assetId = assetId
        self.destinationAddress = destinationAddress
        self.integrationId = integrationId
    }
}

public struct SendRequest: Codable, Sendable, Equatable {
    public var amount: FixedDecimal
    public var assetId: String
    public var transferAddress: String
    public var destinationAddress: String
    public var integrationId: String
    public var externalId: String?

    public init(amount: FixedDecimal, assetId: String, transferAddress: String, destinationAddress: String,
                integrationId: String, externalId: String?) {
        self.amount = amount
        self.assetId = assetId
        self.transferAddress = transferAddress
        self.destinationAddress = destinationAddress
        self.integrationId = integrationId
        self.externalId = externalId
    }
}

/// The answer to refund, withdrawal and send: the new outgoing order, and for send its transaction.
public struct OutgoingOrderCreated: Codable, Sendable, Equatable {
    public var orderId: String
    public var transactionId: String?

    public init(orderId: String, transactionId: String?) {
        self.orderId = orderId
        self.transactionId = transactionId
    }
}
