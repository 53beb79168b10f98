// `pay explore`: random walks over the gateway's operations, looking for a flow nobody wrote a
// test for that breaks what must hold on any correct gateway. As Hypothesis's stateful tests do,
// it draws actions from a seeded generator. It keeps a model of what it made (orders, their
// assets and amounts, the last status seen), and after each action checks the invariants:
//
// - amounts: an order's total is its primary amount less its fee;
// - lifecycle: a completed or expired order stays so, and an expired one takes no payment;
// - remainder: once an order is refunded in full, a further refund is refused;
// - debit: a refund, withdrawal or send takes exactly its amount off the balance at once;
// - ledger: what came in, less the fees and what was sent, is what the balance gained since the
//   walk began (received = held + sent + fees), for each asset, over every order the walk made;
// - read back: every transaction id reads back as the transaction of its own order.
//
// Every action and every check is a statement of the language, run on a real interpreter over the
// real client. So the walk that breaks an invariant is already a script. Shrinking removes
// actions, in halves and then one by one, replaying each candidate from a fresh sandbox (or world,
// or gateway session). A candidate is kept when it still breaks the same invariant. What is left
// is written as a `.pay` scenario: the actions, then the check that failed, as the last replay
// that broke it ran them. The written file is not run again here; ExploreTests runs each one it
// writes, against the defective sandbox (it fails) and a correct one (it passes).
import Foundation
import PayClient
import PayDecimal
import PayScript

public struct Explorer: Sendable {
    public struct Settings: Sendable {
        public var seed: UInt64
        public var steps: Int
        public var runs: Int
        /// Refunds, withdrawals and sends: on a sandbox, or with --allow-outgoing.
        public var outgoing: Bool

        public init(seed: UInt64, steps: Int, runs: Int, outgoing: Bool) {
            self.seed = seed
            self.steps = steps
            self.runs = runs
            self.outgoing = outgoing
        }
    }

    public enum Invariant: String, Sendable {
        case amounts = "an order's total is its primary amount less its fee"
        case lifecycle = "a completed or expired order stays so, and an expired one takes no payment"
        case remainder = "a refund never exceeds what is left of the order"
        case debit = "a refund, withdrawal or send takes exactly its amount off the balance"
        case ledger = "the ledger balances: what came in is what is held, sent and kept as fees"
        case readBack = "every transaction id reads back as the transaction of its own order"
    }

    public struct Violation: Sendable {
        public var invariant: Invariant
        /// The failed check's diagnostic, from the shrunk scenario's run.
        public var message: String
        /// The shrunk scenario, runnable as it is.
        public var scenario: String
        public var statements: Int
        /// Actions in the walk that found it, and in the scenario after shrinking.
        public var walkLength: Int
        public var shrunkLength: Int
        public var run: Int
        public var replays: Int
    }

    public enum Outcome: Sendable {
        case clean(actions: Int)
        case violation(Violation)
        /// The gateway could not be asked, or answered what no action allows for.
        case broken(String)
    }

    public let settings: Settings
    /// A fresh gateway for each walk and each replay: a sandbox or world of its own.
    public let makeSession: @Sendable () async throws -> ScenarioSession

    public init(settings: Settings, makeSession: @escaping @Sendable () async throws -> ScenarioSession) {
        self.settings = settings
        self.makeSession = makeSession
    }

    public func explore() async -> Outcome {
        var total = 0
        for run in 0..<settings.runs {
            var random = SplitMix64(seed: settings.seed &+ UInt64(run))
            let walk: Walk
            do {
                walk = try await Walk.start(makeSession)
            } catch {
                return .broken("no gateway to explore: \(error)")
            }
            var actions: [Action] = []
            for _ in 0..<settings.steps {
                let action: Action
                do throws(DecimalError) {
                    action = try walk.model.draw(&random, outgoing: settings.outgoing || walk.isSandbox, sandbox: walk.isSandbox)
                } catch {
                    await walk.finish()
                    return .broken("the walk's own arithmetic failed: \(error)")
                }
                let step = await walk.perform(action)
                total += 1
                switch step {
                case .done: actions.append(action)
                case .skipped: break
                case let .broken(why):
                    await walk.finish()
                    return .broken(why)
                case let .violated(invariant, _, _):
                    actions.append(action)
                    await walk.finish()
                    return await shrink(actions, invariant: invariant, run: run)
                }
            }
            await walk.finish()
        }
        return .clean(actions: total)
    }

    // MARK: Shrinking

    private func shrink(_ walk: [Action], invariant: Invariant, run: Int) async -> Outcome {
        var current = walk
        var replays = 0
        var best: (lines: [String], message: String)?
        /// Replays `candidate`; its actions up to the failure and the failed check's lines, when
        /// it breaks the same invariant.
        func fails(_ candidate: [Action]) async -> (kept: [Action], lines: [String], message: String)? {
            replays += 1
            guard let walk = try? await Walk.start(makeSession) else { return nil }
            var kept: [Action] = []
            var lines: [String] = []
            for action in candidate {
                switch await walk.perform(action) {
                case .done:
                    kept.append(action)
                    lines += walk.lastMain
                case .skipped: continue
                case .broken:
                    await walk.finish()
                    return nil
                case let .violated(found, check, message):
                    await walk.finish()
                    guard found == invariant else { return nil }
                    kept.append(action)
                    // The balances noted at the start, those the failed check names.
                    let preamble = Walk.preamble.filter { line in check.contains { $0.contains(line.split(separator: " ")[1]) } }
                    return (kept, preamble + lines + walk.lastMain + check, message)
                }
            }
            await walk.finish()
            return nil
        }
        guard let first = await fails(current) else {
            return .broken("the walk that broke '\(invariant.rawValue)' did not break it again from a fresh start; the gateway is not deterministic for its seed")
        }
        current = first.kept
        best = (first.lines, first.message)
        var chunk = max(current.count / 2, 1)
        while chunk >= 1, replays < 400 {
            var index = 0
            var removed = false
            while index < current.count, replays < 400 {
                var candidate = current
                candidate.removeSubrange(index..<min(index + chunk, current.count))
                if let smaller = await fails(candidate) {
                    current = smaller.kept
                    best = (smaller.lines, smaller.message)
                    removed = true
                } else {
                    index += chunk
                }
            }
            if !removed { chunk /= 2 }
        }
        let lines = best?.lines ?? []
        let scenario = Explorer.scenario(lines, invariant: invariant, seed: settings.seed &+ UInt64(run))
        return .violation(Violation(invariant: invariant, message: best?.message ?? "", scenario: scenario, statements: lines.count,
                                    walkLength: walk.count, shrunkLength: current.count, run: run, replays: replays))
    }

    static func scenario(_ lines: [String], invariant: Invariant, seed: UInt64) -> String {
        """
        # Found by pay explore (seed \(seed)): this breaks "\(invariant.rawValue)".
        # Against a correct gateway it passes; against the one explored, the last statement fails.
        \(lines.joined(separator: "\n"))

        """
    }
}

// MARK: Actions

/// One step of a walk. Orders, payments and outgoing orders are numbered by the action that made
/// them, and later actions name them by number; a number whose action was shrunk away is skipped.
enum Action: Sendable, Equatable {
    case order(Int, amount: String, asset: String)
    case payFull(Int, tx: Int)
    case payPart(Int, amount: String, tx: Int)
    /// Time passes; then the orders named are read again and checked (a few at a time, so a
    /// long walk's checks do not grow with it).
    case advance(String, check: [Int])
    case refundPart(Int, percent: Int, out: Int)
    case refundRest(Int, out: Int)
    case withdraw(amount: String, asset: String, out: Int)
    case send(Int, amount: String, out: Int)
    /// The ledger of one asset, over every order the walk made in it (drawn while it has few).
    case ledger(String)
    /// Payments and outgoing orders named are read back.
    case readBack(payments: [Int], outgoing: [Int])
}

/// What the walk knows of what it made.
struct Model: Sendable {
    struct Order: Sendable {
        var asset: String
        var amount: FixedDecimal
        var status = OrderStatus.inProgress.rawValue
        var refundedInFull = false
    }

    var orders: [Int: Order] = [:]
    /// Payment number -> its order.
    var payments: [Int: Int] = [:]
    /// Outgoing order numbers.
    var outgoing: [Int] = []
    /// Each outgoing order's asset, and its name (r, w or s and its number).
    var outgoingAssets: [Int: (asset: String, name: String)] = [:]
    var next = 1

    static let assets = ["TRX", "USDT_TRC20"]
    static let address = "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"

    mutating func number() -> Int {
        defer { next += 1 }
        return next
    }

    /// The next action. Its amounts are exact or an error (an overflow ends the walk): never a
    /// silent stand-in value.
    mutating func draw(_ random: inout SplitMix64, outgoing: Bool, sandbox: Bool) throws(DecimalError) -> Action {
        let known = orders.keys.sorted()
        let roll = random.below(100)
        if known.isEmpty || roll < 18 {
            let asset = Model.assets[random.below(2)]
            return .order(number(), amount: Model.amount(&random), asset: asset)
        }
        let pick = known[random.below(known.count)]
        guard let order = orders[pick] else { return .readBack(payments: [], outgoing: []) }
        switch roll {
        case 18..<40 where sandbox:
            return .payFull(pick, tx: number())
        case 40..<52 where sandbox:
            // Short or over: a fraction of the amount from a tenth to one and a half.
            let tenths = FixedDecimal(coefficient: Int128(1 + random.below(15)), scale: 1)!
            let paid = try order.amount.multiplied(by: tenths, roundedTo: 6)
            return .payPart(pick, amount: paid.description, tx: number())
        case 52..<70 where sandbox:
            return .advance(["1m", "2m", "3m", "10m", "29m", "31m"][random.below(6)], check: Model.sample(known, &random))
        case 70..<78 where outgoing:
            return .refundPart(pick, percent: [10, 25, 50][random.below(3)], out: number())
        case 78..<84 where outgoing:
            return .refundRest(pick, out: number())
        case 84..<88 where outgoing:
            return .withdraw(amount: ["0.1", "0.5", "1"][random.below(3)], asset: Model.assets[random.below(2)], out: number())
        case 88..<92 where outgoing:
            return .send(pick, amount: ["0.1", "0.25"][random.below(2)], out: number())
        case 92..<96 where sandbox && orders.count <= 12:
            return .ledger(Model.assets[random.below(2)])
        default:
            return .readBack(payments: Model.sample(payments.keys.sorted(), &random), outgoing: Model.sample(self.outgoing, &random))
        }
    }

    /// The last two of `items` and two others drawn at random, in order.
    static func sample(_ items: [Int], _ random: inout SplitMix64) -> [Int] {
        var chosen = Set(items.suffix(2))
        for _ in 0..<2 where !items.isEmpty { chosen.insert(items[random.below(items.count)]) }
        return chosen.sorted()
    }

    /// 1 to 50, as a literal: whole, with one or two places, or (half the time) all six, where
    /// rounding happens.
    static func amount(_ random: inout SplitMix64) -> String {
        let whole = 1 + random.below(50)
        let places = [0, 1, 2, 6, 6, 6][random.below(6)]
        guard places > 0 else { return String(whole) }
        var digits = ""
        for _ in 0..<places { digits += String(random.below(10)) }
        return "\(whole).\(digits)"
    }
}

// MARK: A walk on one gateway

/// One interpreter on one fresh gateway, running actions as statements. A walk is used by one task
/// from start to finish; `Sendable` only lets it cross into that task.
final class Walk: @unchecked Sendable {
    enum Step {
        case done
        /// Refused by the gateway (a refusal changes nothing), or naming what was shrunk away.
        case skipped
        case violated(Explorer.Invariant, check: [String], message: String)
        case broken(String)
    }

    let gateway: ScenarioSession
    let interpreter: Interpreter
    var model = Model()
    /// The statements of the last action done, without its checks.
    private(set) var lastMain: [String] = []

    var isSandbox: Bool { gateway.session.isSandbox }

    private init(_ gateway: ScenarioSession) {
        self.gateway = gateway
        interpreter = Interpreter(session: gateway.session, file: SourceFile(path: "<explore>", text: "")) { _ in }
    }

    /// Every walk begins by noting each asset's balance, for the ledger check.
    static let preamble = Model.assets.map { "let \(start(of: $0)) = balance \($0)" }

    static func start(of asset: String) -> String { "start_" + asset.lowercased() }

    static func start(_ make: @Sendable () async throws -> ScenarioSession) async throws -> Walk {
        let walk = Walk(try await make())
        // Only a sandbox has balances to read; elsewhere no ledger action is drawn.
        if walk.isSandbox, let error = await walk.run(preamble) {
            throw PreambleFailed(message: error.rendered)
        }
        return walk
    }

    struct PreambleFailed: Error {
        var message: String
    }

    func finish() async { await gateway.finish() }

    func perform(_ action: Action) async -> Step {
        guard let (main, checks) = statements(action) else { return .skipped }
        lastMain = main
        if !main.isEmpty, let error = await run(main) {
            // A gateway that refuses the key refuses every action: that is no walk, and never a pass.
            if case let .run(.refused(_, status))? = error.diagnostics.first?.reason, status == 401 || status == 403 {
                return .broken("\(main.joined(separator: "; ")): \(error.rendered)")
            }
            switch error.kind {
            case .runtime, .usage: return .skipped
            default: return .broken("\(main.joined(separator: "; ")): \(error.rendered)")
            }
        }
        if !main.isEmpty { apply(action) }
        defer { learnStatuses() }
        for (invariant, check) in checks {
            guard let error = await run(check) else { continue }
            switch error.kind {
            case .expectation: return .violated(invariant, check: check, message: error.diagnostics.first?.message ?? error.rendered)
            case .runtime where main.isEmpty:
                // A probe alone (a payment to an expired order) refused outright: nothing changed.
                return .skipped
            default: return .broken("\(check.joined(separator: "; ")): \(error.rendered)")
            }
        }
        return main.isEmpty ? .skipped : .done
    }

    /// Runs statements as one entry at a prompt would; the error, if any.
    func run(_ lines: [String]) async -> ScriptError? {
        let file = SourceFile(path: "<explore>", text: lines.joined(separator: "\n"))
        do throws(ScriptError) {
            let script = try ScriptLoader.load(file, absolutePath: FileManager.default.currentDirectoryPath + "/<explore>", interactive: true)
            return await Pipeline.run(script, on: interpreter, interactive: true).error
        } catch {
            return error
        }
    }

    /// The action's statements, and the checks to run after it; nil when it names an order that
    /// is not there (shrunk away).
    private func statements(_ action: Action) -> (main: [String], checks: [(Explorer.Invariant, [String])])? {
        switch action {
        case let .order(n, amount, asset):
            return (["let o\(n) = order \(amount) \(asset)"],
                    [(.amounts, ["expect o\(n).totalAmount == o\(n).primaryAmount - o\(n).serviceFeeAmount"])])
        case let .payFull(n, tx), let .payPart(n, _, tx):
            guard let order = model.orders[n] else { return nil }
            var payment = "pay o\(n)"
            if case let .payPart(_, amount, _) = action { payment = "pay \(amount) \(order.asset) to o\(n)" }
            if order.status == OrderStatus.expired.rawValue {
                // The lifecycle ends at expired: a payment now must be refused.
                return ([], [(.lifecycle, ["expect refused { \(payment) }"])])
            }
            return (["let t\(tx) = \(payment)"], [(.readBack, ["expect (get transaction t\(tx).id).orderId == o\(n).id"])])
        case let .advance(duration, sample):
            var checks: [(Explorer.Invariant, [String])] = []
            for n in sample where model.orders[n] != nil {
                let refresh = "o\(n) = get order o\(n).id"
                checks.append((.amounts, [refresh, "expect o\(n).totalAmount == o\(n).primaryAmount - o\(n).serviceFeeAmount"]))
                if let status = model.orders[n]?.status, OrderStatus(rawValue: status) == .completed || OrderStatus(rawValue: status) == .expired {
                    checks.append((.lifecycle, [refresh, "expect o\(n).status == \"\(status)\""]))
                }
            }
            return (["advance \(duration)"], checks)
        case let .refundPart(n, percent, out):
            guard let order = model.orders[n] else { return nil }
            return (["let b\(out) = balance \(order.asset)", "let r\(out) = refund \(percent)% of o\(n)"],
                    [(.debit, ["expect balance \(order.asset) == b\(out) - r\(out).primaryAmount"])])
        case let .refundRest(n, out):
            guard let order = model.orders[n] else { return nil }
            let unit = "0.000001 \(order.asset)"
            return (["let r\(out) = refund all of o\(n)"], [(.remainder, ["expect refused { refund \(unit) of o\(n) }"])])
        case let .withdraw(amount, asset, out):
            return (["let b\(out) = balance \(asset)", "let w\(out) = withdraw \(amount) \(asset) to \"\(Model.address)\""],
                    [(.debit, ["expect balance \(asset) == b\(out) - w\(out).primaryAmount"])])
        case let .send(n, amount, out):
            guard let order = model.orders[n] else { return nil }
            return (["let b\(out) = balance \(order.asset)",
                     "let s\(out) = send \(amount) \(order.asset) from o\(n).paymentAddress to \"\(Model.address)\""],
                    [(.debit, ["expect balance \(order.asset) == b\(out) - s\(out).primaryAmount"])])
        case let .ledger(asset):
            let incoming = model.orders.keys.sorted().filter { model.orders[$0]?.asset == asset }
            guard !incoming.isEmpty else { return nil }
            let sent = model.outgoing.compactMap { model.outgoingAssets[$0] }.filter { $0.asset == asset }.map { "\($0.name).primaryAmount" }
            let received = "sum([" + incoming.map { "o\($0).primaryAmount" }.joined(separator: ", ") + "])"
            let fees = "sum([" + incoming.map { "o\($0).serviceFeeAmount" }.joined(separator: ", ") + "])"
            let out = sent.isEmpty ? "" : " - sum([\(sent.joined(separator: ", "))])"
            return ([], [(.ledger, incoming.map { "o\($0) = get order o\($0).id" }
                          + ["expect \(received) - \(fees)\(out) == balance \(asset) - \(Walk.start(of: asset))"])])
        case let .readBack(payments, outgoing):
            var checks: [(Explorer.Invariant, [String])] = []
            for tx in payments {
                guard let n = model.payments[tx], model.orders[n] != nil else { continue }
                checks.append((.readBack, ["expect (get transaction t\(tx).id).orderId == o\(n).id"]))
            }
            for out in outgoing {
                guard let name = model.outgoingAssets[out]?.name else { continue }
                checks.append((.readBack, ["expect (get transaction \(name).transactions[0].id).orderId == \(name).id"]))
            }
            return checks.isEmpty ? nil : ([], checks)
        }
    }

    /// What the model learns from an action done and from the values it bound.
    private func apply(_ action: Action) {
        switch action {
        case let .order(n, amount, asset):
            model.orders[n] = Model.Order(asset: asset, amount: FixedDecimal(amount) ?? 0)
        case let .payFull(n, tx), let .payPart(n, _, tx):
            model.payments[tx] = n
        case let .refundRest(n, out):
            model.orders[n]?.refundedInFull = true
            model.outgoing.append(out)
            model.outgoingAssets[out] = (model.orders[n]?.asset ?? "", "r\(out)")
        case let .refundPart(n, _, out):
            model.outgoing.append(out)
            model.outgoingAssets[out] = (model.orders[n]?.asset ?? "", "r\(out)")
        case let .send(n, _, out):
            model.outgoing.append(out)
            model.outgoingAssets[out] = (model.orders[n]?.asset ?? "", "s\(out)")
        case let .withdraw(_, asset, out):
            model.outgoing.append(out)
            model.outgoingAssets[out] = (asset, "w\(out)")
        case .advance, .readBack, .ledger:
            break
        }
        learnStatuses()
    }

    /// The last status seen of each order, from the values the statements bound.
    private func learnStatuses() {
        for n in model.orders.keys {
            if case let .record(record)? = interpreter.global("o\(n)"), case let .string(status)? = record["status"] {
                model.orders[n]?.status = status
            }
        }
    }
}
