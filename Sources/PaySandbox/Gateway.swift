// The simulated gateway's state and rules: orders, the payer, confirmations, expiry, balances.
// Every operation validates fully before it changes anything, so a refusal leaves no trace.
// Every request costs the same however many orders there are: lookups go through dictionaries,
// what falls due waits in a time-ordered heap, and refunds are totalled per order as they are made.
import Foundation
import PayClient

struct Gateway: Sendable {
    var config: SandboxConfig
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
    /// Confirmations and expiries still to come.
    var events = EventQueue()
    /// Incoming order id → what has been refunded of it so far.
    var refunded: [String: FixedDecimal] = [:]
    /// Payment address → asset id → what it holds: what confirmed there, less what was sent from it.
    var held: [String: [String: FixedDecimal]] = [:]
    /// Asset id → what confirmed payments brought in, their fees, and what outgoing orders sent:
    /// kept as they happen, so `GET /sandbox/balances` costs the same with 15,000 orders as with
    /// one (walking every transaction for it halved a loaded sandbox's rate). `recomputedLedger`
    /// walks them still, and the tests compare the two.
    var totals: [String: (received: FixedDecimal, sent: FixedDecimal, fees: FixedDecimal)] = [:]

    /// The clock stops at the last second a four-digit year can write.
    static let endOfTime: Int64 = 253_402_300_799

    /// When something due at `time` happens: at the clock's last instant at the latest, since the
    /// clock never passes it and no client can read a year 10000.
    static func due(_ time: Int64) -> Int64 { min(time, endOfTime) }

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
    /// `settle` leaves no event at the head of the queue that has nothing left to do.
    var clockState: ClockState {
        ClockState(now: Timestamp(epochMilliseconds: clock.nowMilliseconds), realtime: config.realtime,
                   nextEventAt: events.first.map { Timestamp(epochSeconds: $0.at) })
    }

    /// Applies every confirmation and expiry that is due, in the order they fall due, and drops
    /// expiries of orders that no longer wait.
    mutating func settle() {
        let now = self.now
        while let next = events.first, next.at <= now || isSpent(next) {
            _ = events.removeFirst()
            switch next.kind {
            case let .confirm(id): confirm(transaction: id, at: next.at)
            case let .expire(id): expire(order: id, at: next.at)
            }
        }
    }

    /// An expiry of an order that is no longer in progress would change nothing.
    private func isSpent(_ event: DueEvent) -> Bool {
        guard case let .expire(id) = event.kind else { return false }
        return orders[id]?.status != .inProgress
    }

    private mutating func confirm(transaction id: String, at time: Int64) {
        guard var tx = transactions[id], var order = orders[tx.orderId] else { return }
        if order.kind.isIncoming, tx.status != .completed {
            totals[order.assetId, default: (0, 0, 0)].received += tx.primary
            totals[order.assetId, default: (0, 0, 0)].fees += tx.fee
        }
        tx.status = .completed
        tx.updatedAt = time
        transactions[id] = tx
        if case let .incoming(address) = order.kind {
            balances[order.integrationId, default: [:]][order.assetId, default: 0] += tx.total
            held[address, default: [:]][order.assetId, default: 0] += tx.total
            let confirmed = order.transactionIds.compactMap { transactions[$0] }
                .filter { $0.status == .completed }.reduce(FixedDecimal.zero) { $0 + $1.primary }
            order.updatedAt = time
            let open = order.status == .inProgress || (config.defects.expiredOrderTakesPayment && order.status == .expired)
            if open, confirmed >= order.amount { order.status = .completed }
        } else {
            order.status = .completed
            order.updatedAt = time
        }
        orders[order.id] = order
    }

    /// At the end of its lifetime an order that has not seen its full amount expires. What
    /// arrived is kept: it stays in the balance, the order shows it, and it may be refunded; a
    /// payment still confirming is credited when it confirms. An order whose payments add up to
    /// the amount completes when they confirm.
    private mutating func expire(order id: String, at time: Int64) {
        guard var order = orders[id], order.status == .inProgress else { return }
        let seen = order.transactionIds.compactMap { transactions[$0] }.reduce(FixedDecimal.zero) { $0 + $1.primary }
        guard seen < order.amount else { return }
        order.status = .expired
        order.updatedAt = time
        orders[id] = order
    }

    /// The most one advance may move the clock: ten years.
    static let longestAdvance: Int64 = 10 * 366 * 86400

    mutating func advance(seconds: Int64) throws(Refusal) {
        guard seconds > 0, seconds <= Gateway.longestAdvance else {
            throw .field("seconds", "must be between 1 and \(Gateway.longestAdvance) (ten years)")
        }
        try advance(milliseconds: seconds * 1000, field: "seconds")
    }

    /// Moves the clock by exactly `milliseconds`; what falls due at a second happens once the
    /// clock reaches that second.
    mutating func advance(milliseconds: Int64, field: String = "milliseconds") throws(Refusal) {
        guard milliseconds > 0, milliseconds <= Gateway.longestAdvance * 1000 else {
            throw .field(field, "must be between 1 and \(Gateway.longestAdvance * 1000) (ten years)")
        }
        guard clock.nowMilliseconds + milliseconds <= Gateway.endOfTime * 1000 + 999 else {
            throw .field(field, "would move the clock past 9999-12-31T23:59:59Z; it is \(Timestamp(epochMilliseconds: clock.nowMilliseconds))")
        }
        clock.advance(milliseconds: milliseconds)
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
        return net - (refunded[order.id] ?? 0)
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
            expiresAt: Gateway.due(now + config.orderLifetime))
        orderIds.append(id)
        events.schedule(.expire(order: id), at: Gateway.due(now + config.orderLifetime))
        // The seed document's shapes: a link, and an iframe of it at 100% by 800px.
        let link = config.checkoutBase + "/checkout/\(id)" + (config.world.map { "?world=\($0)" } ?? "")
        let widget = link + (config.world == nil ? "?" : "&") + "widget=1"
        return IncomingOrderCreated(
            orderId: id, paymentLink: link,
            widgetCode: "<iframe src=\(widget) width=\"100%\" height=\"800px\" allow=\"clipboard-write *\" ></iframe>",
            paymentAddress: address)
    }

    /// The payer sends `amount` to the order's address: a transaction that confirms after the delay.
    /// `confirmationDelay` other than the configured one is for the seed world, whose document
    /// shows its payment confirmed 121 seconds after it was seen.
    mutating func pay(orderId: String, amount: FixedDecimal, senderAddress: String?,
                      transactionId: String? = nil, hash: String? = nil,
                      confirmationDelay: Int64? = nil) throws(Refusal) -> TransactionRecord {
        let order = try order(orderId)
        guard case let .incoming(paymentAddress) = order.kind else {
            throw .conflict("order \(orderId) is an outgoing order; the payer pays incoming orders only")
        }
        guard order.status != .expired || config.defects.expiredOrderTakesPayment else {
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
            confirmsAt: Gateway.due(now + (confirmationDelay ?? config.confirmationDelay)))
        transactions[tx.id] = tx
        events.schedule(.confirm(transaction: tx.id), at: tx.confirmsAt)
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
        let number = config.defects.outgoingReusesTransactionId ? String(nextTransactionNumber - 1) : takeTransactionNumber()
        let tx = TransactionRecord(
            id: number, orderId: id, hash: rng.transactionHash(), status: .inProgress,
            createdAt: now, updatedAt: now, receiverAddress: destination, senderAddress: sender, primary: amount,
            fee: 0, secondary: SandboxCatalog.fiatValue(of: amount, asset: asset, fiat: "EUR"),
            confirmsAt: Gateway.due(now + config.confirmationDelay))
        if case .send = kind, config.defects.sendLeavesBalance {} else {
            balances[integrationId, default: [:]][assetId, default: 0] -= amount
        }
        if case let .send(address) = kind, address != hotWallets[integrationId] {
            held[address, default: [:]][assetId, default: 0] -= amount
        }
        if case let .refund(of: original) = kind { refunded[original, default: 0] += amount }
        totals[assetId, default: (0, 0, 0)].sent += amount
        transactions[tx.id] = tx
        events.schedule(.confirm(transaction: tx.id), at: tx.confirmsAt)
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
        let partlyPaid = order.status == .expired && !order.transactionIds.isEmpty
        guard order.status == .completed || partlyPaid else {
            throw .field("refundOrderId", "order \(refundOrderId) is \(order.status); only a completed order, or an expired one that was partly paid, can be refunded")
        }
        guard order.assetId == assetId else {
            throw .field("assetId", "order \(refundOrderId) was paid in \(order.assetId), not \(assetId)")
        }
        let remainder = refundable(order)
        guard amount <= remainder || config.defects.refundMayExceedRemainder else {
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
        // A payment address spends only what it holds; the hot wallet draws on the integration's balance.
        if transferAddress != hotWallets[integrationId] {
            let holds = held[transferAddress]?[assetId] ?? 0
            guard holds >= amount else {
                throw .field("amount", "exceeds what \(transferAddress) holds: \(describe(holds, assetId))")
            }
        }
        try requireBalance(integrationId, assetId, amount)
        return createOutgoing(kind: .send(transferAddress: transferAddress), integrationId: integrationId,
                              assetId: assetId, amount: amount, from: transferAddress, to: destination,
                              externalId: externalId)
    }

    // MARK: Ledger

    /// Per asset, from the records alone: what came in, what is held, sent and kept as fees.
    /// The ledger from the running totals.
    func ledger() -> [LedgerTotals] {
        SandboxCatalog.assets.map { entry in
            let id = entry.asset.id
            let (received, sent, fees) = totals[id] ?? (0, 0, 0)
            let held = balances.values.reduce(FixedDecimal.zero) { $0 + ($1[id] ?? 0) }
            func amount(_ value: FixedDecimal) -> Amount { money(value, entry.asset.currencyCode, entry) }
            return LedgerTotals(assetId: id, received: amount(received), held: amount(held), sent: amount(sent),
                                fees: amount(fees))
        }
    }

    /// The ledger walked from every transaction, as `ledger()` was before it kept running totals:
    /// the tests check the two agree.
    func recomputedLedger() -> [LedgerTotals] {
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
