// The simulated gateway's state and rules: orders, the payer, confirmations, expiry, balances.
// Every operation validates fully before it changes anything, so a refusal leaves no trace.
import Foundation
import PayClient

struct Gateway: Sendable {
    let config: SandboxConfig
    var clock: VirtualClock
    var rng: SeededGenerator
    var nextTransactionNumber = 705
    var integrations: [Integration]
    var orders: [String: OrderRecord] = [:]
    var orderIds: [String] = []
    var transactions: [String: TransactionRecord] = [:]
    /// integration id → asset id → what it holds.
    var balances: [String: [String: FixedDecimal]] = [:]
    /// Addresses the gateway manages, and for which integration.
    var managedAddresses: [String: String] = [:]
    /// The address each integration pays refunds and withdrawals from.
    var hotWallets: [String: String] = [:]

    init(config: SandboxConfig) {
        self.config = config
        self.clock = VirtualClock(startingAt: config.startTime, realtime: config.realtime)
        self.rng = SeededGenerator(seed: config.seed)
        self.integrations = [SandboxCatalog.testIntegration]
        for integration in integrations { register(integration) }
        if config.seedWorld { SeedWorld.populate(&self) }
    }

    private mutating func register(_ integration: Integration) {
        let wallet = rng.tronAddress()
        hotWallets[integration.id] = wallet
        managedAddresses[wallet] = integration.id
        balances[integration.id] = Dictionary(uniqueKeysWithValues: SandboxCatalog.assets.map { ($0.asset.id, 0) })
    }

    var now: Int64 { clock.now }

    // MARK: Time

    /// The clock as the API shows it, with when the next confirmation or expiry falls due.
    var clockState: ClockState {
        var next: Int64?
        for tx in transactions.values where tx.status == .inProgress && tx.confirmsAt > now {
            next = min(next ?? tx.confirmsAt, tx.confirmsAt)
        }
        for order in orders.values where order.status == .inProgress && order.transactionIds.isEmpty {
            if let expiry = order.expiresAt, expiry > now { next = min(next ?? expiry, expiry) }
        }
        return ClockState(now: Timestamp(epochSeconds: now), realtime: config.realtime,
                          nextEventAt: next.map { Timestamp(epochSeconds: $0) })
    }

    /// Applies every confirmation and expiry that is due, in the order they fall due.
    mutating func settle() {
        let now = self.now
        enum Event { case confirm(String), expire(String) }
        var due: [(at: Int64, seq: Int, event: Event)] = []
        for tx in transactions.values where tx.status == .inProgress && tx.confirmsAt <= now {
            due.append((tx.confirmsAt, Int(tx.id) ?? 0, .confirm(tx.id)))
        }
        for (index, id) in orderIds.enumerated() {
            let order = orders[id]!
            if order.status == .inProgress, let expiry = order.expiresAt, expiry <= now {
                due.append((expiry, index, .expire(id)))
            }
        }
        for item in due.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            switch item.event {
            case let .confirm(id): confirm(transaction: id, at: item.at)
            case let .expire(id): expire(order: id, at: item.at)
            }
        }
    }

    private mutating func confirm(transaction id: String, at time: Int64) {
        guard var tx = transactions[id], var order = orders[tx.orderId] else { return }
        tx.status = .completed
        tx.updatedAt = time
        transactions[id] = tx
        if order.kind.isIncoming {
            balances[order.integrationId, default: [:]][order.assetId, default: 0] += tx.total
            let confirmed = order.transactionIds.compactMap { transactions[$0] }
                .filter { $0.status == .completed }.reduce(FixedDecimal.zero) { $0 + $1.primary }
            order.updatedAt = time
            if order.status == .inProgress, confirmed >= order.amount { order.status = .completed }
        } else {
            order.status = .completed
            order.updatedAt = time
        }
        orders[order.id] = order
    }

    /// An order that saw no payment at all by the end of its lifetime expires; a partly paid one
    /// stays in progress with what arrived.
    private mutating func expire(order id: String, at time: Int64) {
        guard var order = orders[id], order.transactionIds.isEmpty else { return }
        order.status = .expired
        order.updatedAt = time
        orders[id] = order
    }

    mutating func advance(seconds: Int64) throws(Refusal) {
        guard seconds > 0, seconds <= 10 * 366 * 86400 else {
            throw .field("seconds", "must be between 1 and 316224000 (ten years)")
        }
        clock.advance(seconds: seconds)
        settle()
    }

    // MARK: Lookups

    func integration(_ id: String) -> Integration? { integrations.first { $0.id == id } }

    func balance(_ integrationId: String, _ assetId: String) -> FixedDecimal {
        balances[integrationId]?[assetId] ?? 0
    }

    func order(_ id: String) throws(Refusal) -> OrderRecord {
        guard let order = orders[id] else { throw .notFound("no order with id \(id)") }
        return order
    }

    /// How much of an incoming order can still be refunded: its net total less every refund made of it.
    func refundable(_ order: OrderRecord) -> FixedDecimal {
        let net = order.transactionIds.compactMap { transactions[$0] }
            .filter { $0.status == .completed }.reduce(FixedDecimal.zero) { $0 + $1.total }
        let refunded = orders.values.filter { $0.kind == .refund(of: order.id) }.reduce(FixedDecimal.zero) { $0 + $1.amount }
        return net - refunded
    }

    func describe(_ value: FixedDecimal, _ assetId: String) -> String {
        let asset = SandboxCatalog.asset(assetId)!
        return money(value, asset.asset.currencyCode, asset).description
    }

    // MARK: Incoming orders and the payer

    mutating func createIncomingOrder(integrationId: String, amount: FixedDecimal, assetId: String,
                                      externalId: String?, orderId: String? = nil,
                                      paymentAddress: String? = nil) -> IncomingOrderCreated {
        let id = orderId ?? rng.orderId()
        let address = paymentAddress ?? rng.tronAddress()
        managedAddresses[address] = integrationId
        orders[id] = OrderRecord(
            id: id, kind: .incoming(paymentAddress: address), integrationId: integrationId, assetId: assetId,
            externalId: externalId, amount: amount, status: .inProgress, createdAt: now, updatedAt: now,
            expiresAt: now + config.orderLifetime)
        orderIds.append(id)
        let link = "https://checkout.sandbox.invalid/\(id)"
        return IncomingOrderCreated(
            orderId: id, paymentLink: link,
            widgetCode: "<iframe src=\(link)?widget=1 width=\"100%\" height=\"800px\" allow=\"clipboard-write *\" ></iframe>",
            paymentAddress: address)
    }

    /// The payer sends `amount` to the order's address: a transaction that confirms after the delay.
    mutating func pay(orderId: String, amount: FixedDecimal, senderAddress: String?,
                      transactionId: String? = nil, hash: String? = nil) throws(Refusal) -> TransactionRecord {
        let order = try order(orderId)
        guard case let .incoming(paymentAddress) = order.kind else {
            throw .conflict("order \(orderId) is an outgoing order; the payer pays incoming orders only")
        }
        guard order.status != .expired else {
            throw .conflict("order \(orderId) expired at \(Timestamp(epochSeconds: order.expiresAt ?? order.updatedAt)); a payment now would be lost")
        }
        let asset = SandboxCatalog.asset(order.assetId)!
        guard !amount.isFiner(than: asset.precision) else {
            throw .field("amount", "has more than \(asset.precision) decimal places for \(asset.asset.id)")
        }
        let fee = try! amount.multiplied(by: config.feeRate, roundedTo: asset.precision)
        if let forced = transactionId.flatMap(Int.init) { nextTransactionNumber = max(nextTransactionNumber, forced + 1) }
        let tx = TransactionRecord(
            id: transactionId ?? takeTransactionNumber(), orderId: orderId, hash: hash ?? rng.transactionHash(),
            status: .inProgress, createdAt: now, updatedAt: now, receiverAddress: paymentAddress,
            senderAddress: senderAddress ?? rng.tronAddress(), primary: amount, fee: fee,
            secondary: SandboxCatalog.fiatValue(of: amount, asset: asset, fiat: "EUR"),
            confirmsAt: now + config.confirmationDelay)
        transactions[tx.id] = tx
        orders[orderId]!.transactionIds.append(tx.id)
        orders[orderId]!.updatedAt = now
        return tx
    }

    private mutating func takeTransactionNumber() -> String {
        defer { nextTransactionNumber += 1 }
        return String(nextTransactionNumber)
    }

    // MARK: Outgoing orders

    /// Debits the balance at once (so nothing is spent twice) and confirms after the delay.
    private mutating func createOutgoing(kind: OrderKind, integrationId: String, assetId: String, amount: FixedDecimal,
                                         from sender: String, to destination: String,
                                         externalId: String?) -> OutgoingOrderCreated {
        let id = rng.orderId()
        let asset = SandboxCatalog.asset(assetId)!
        let tx = TransactionRecord(
            id: takeTransactionNumber(), orderId: id, hash: rng.transactionHash(), status: .inProgress,
            createdAt: now, updatedAt: now, receiverAddress: destination, senderAddress: sender, primary: amount,
            fee: 0, secondary: SandboxCatalog.fiatValue(of: amount, asset: asset, fiat: "EUR"),
            confirmsAt: now + config.confirmationDelay)
        balances[integrationId, default: [:]][assetId, default: 0] -= amount
        transactions[tx.id] = tx
        orders[id] = OrderRecord(
            id: id, kind: kind, integrationId: integrationId, assetId: assetId, externalId: externalId,
            amount: amount, status: .inProgress, createdAt: now, updatedAt: now, expiresAt: nil,
            transactionIds: [tx.id])
        orderIds.append(id)
        return OutgoingOrderCreated(orderId: id, transactionId: tx.id)
    }

    private func requireBalance(_ integrationId: String, _ assetId: String, _ amount: FixedDecimal) throws(Refusal) {
        let available = balance(integrationId, assetId)
        guard available >= amount else {
            throw .field("amount", "exceeds the integration's balance of \(describe(available, assetId))")
        }
    }

    mutating func refund(amount: FixedDecimal, assetId: String, destination: String,
                         refundOrderId: String) throws(Refusal) -> OutgoingOrderCreated {
        guard let order = orders[refundOrderId] else { throw .field("refundOrderId", "no order with id \(refundOrderId)") }
        guard order.kind.isIncoming else { throw .field("refundOrderId", "order \(refundOrderId) is not an incoming order") }
        guard order.status == .completed else {
            throw .field("refundOrderId", "order \(refundOrderId) is \(order.status); only a completed order can be refunded")
        }
        guard order.assetId == assetId else {
            throw .field("assetId", "order \(refundOrderId) was paid in \(order.assetId), not \(assetId)")
        }
        let remainder = refundable(order)
        guard amount <= remainder else {
            throw .field("amount", "exceeds the refundable remainder of \(describe(remainder, assetId))")
        }
        try requireBalance(order.integrationId, assetId, amount)
        return createOutgoing(kind: .refund(of: refundOrderId), integrationId: order.integrationId, assetId: assetId,
                              amount: amount, from: hotWallets[order.integrationId]!, to: destination,
                              externalId: nil)
    }

    mutating func withdraw(amount: FixedDecimal, assetId: String, destination: String,
                           integrationId: String) throws(Refusal) -> OutgoingOrderCreated {
        try requireBalance(integrationId, assetId, amount)
        return createOutgoing(kind: .withdrawal, integrationId: integrationId, assetId: assetId, amount: amount,
                              from: hotWallets[integrationId]!, to: destination, externalId: nil)
    }

    mutating func send(amount: FixedDecimal, assetId: String, transferAddress: String, destination: String,
                       integrationId: String, externalId: String?) throws(Refusal) -> OutgoingOrderCreated {
        guard managedAddresses[transferAddress] == integrationId else {
            throw .field("transferAddress", "\(transferAddress) is not an address managed by integration \(integrationId)")
        }
        try requireBalance(integrationId, assetId, amount)
        return createOutgoing(kind: .send(transferAddress: transferAddress), integrationId: integrationId,
                              assetId: assetId, amount: amount, from: transferAddress, to: destination,
                              externalId: externalId)
    }

    // MARK: Ledger

    /// Per asset, from the records alone: what came in, what is held, sent and kept as fees.
    func ledger() -> [LedgerTotals] {
        SandboxCatalog.assets.map { entry in
            let id = entry.asset.id
            var received = FixedDecimal.zero, sent = FixedDecimal.zero, fees = FixedDecimal.zero
            for tx in transactions.values {
                guard let order = orders[tx.orderId], order.assetId == id else { continue }
                if order.kind.isIncoming {
                    if tx.status == .completed { received += tx.primary; fees += tx.fee }
                } else {
                    sent += tx.primary
                }
            }
            let held = balances.values.reduce(FixedDecimal.zero) { $0 + ($1[id] ?? 0) }
            func amount(_ value: FixedDecimal) -> Amount { money(value, entry.asset.currencyCode, entry) }
            return LedgerTotals(assetId: id, received: amount(received), held: amount(held), sent: amount(sent),
                                fees: amount(fees))
        }
    }

    func balanceList() -> [Balance] {
        integrations.flatMap { integration in
            SandboxCatalog.assets.map { entry in
                Balance(integrationId: integration.id, assetId: entry.asset.id,
                        available: money(balance(integration.id, entry.asset.id), entry.asset.currencyCode, entry))
            }
        }
    }
}
