// Cards at the prompt (issue 33): a value fetched from the gateway remembers when (the sandbox's
// clock, or the wall clock) and after how many of the run's changes it was fetched, so the prompt
// can end its card with its age, and say when something has happened since that could have
// changed it. And `refresh NAME`, which fetches again what a variable holds and binds it anew.
// Scripts are unchanged: nothing is noted outside a prompt, and `print` never shows an age.
import Foundation
import PayClient

/// When and how a prompt fetched a record.
public struct Fetched: Sendable {
    public enum Kind: String, Sendable {
        case order, transaction, rate, balances
    }

    public var kind: Kind
    /// The order's or transaction's id; the rates' fiat amount.
    public var id: String
    /// The run's count of changes then (RunContext.changes).
    var changes: Int
    var wall: Date
    var elapsed: ContinuousClock.Instant
    /// The sandbox's clock then, when the gateway is one.
    var sandboxTime: Instant?
}

extension Interpreter {
    /// Notes on a fetched record when and how it was fetched: at a prompt only.
    func noted(_ value: Value, _ kind: Fetched.Kind, id: String, sandboxTime: Instant? = nil) -> Value {
        guard atPrompt else { return value }
        let fetched = Fetched(kind: kind, id: id, changes: context.changes, wall: Date(), elapsed: .now, sandboxTime: sandboxTime)
        switch value {
        case var .record(record):
            record.fetched = fetched
            return .record(record)
        case let .list(items):
            return .list(items.map { item in
                guard case var .record(record) = item else { return item }
                record.fetched = fetched
                return .record(record)
            })
        default:
            return value
        }
    }

    /// The sandbox's clock now, read beside a prompt's fetch: nil in a script, on a gateway, or
    /// when it cannot be read (the card then gives the wall clock).
    func sandboxTimeForCard() async -> Instant? {
        await Interpreter.sandboxTime(session.client, wanted: atPrompt && session.isSandbox)
    }

    /// The same, for an `async let` beside the fetch (it may not take the interpreter along).
    static func sandboxTime(_ client: PaymentClient, wanted: Bool) async -> Instant? {
        guard wanted, let now = try? await client.sandboxClock().now else { return nil }
        return Instant(text: now.text)
    }

    /// Whether a fetch now is a prompt's on a sandbox, whose clock its card notes.
    var cardsReadTheClock: Bool { atPrompt && session.isSandbox }

    /// The line that ends a card at the prompt: when the value shown was fetched, how long ago,
    /// and, when something that could change it happened since, that it may be stale and how to
    /// fetch it again. Nil for a value no command fetched.
    public func cardAge(of value: Value, name: String?) async -> String? {
        let fetched: Fetched?
        switch value {
        case let .record(record): fetched = record.fetched
        case let .list(items):
            if case let .record(first)? = items.first { fetched = first.fetched } else { fetched = nil }
        default: fetched = nil
        }
        guard let fetched else { return nil }
        var line: String
        if let then = fetched.sandboxTime, let now = await sandboxTimeForCard() {
            line = "fetched at \(then) on the sandbox's clock, \(Interpreter.ago(now.milliseconds - then.milliseconds))"
        } else {
            let time = fetched.wall.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).time(includingFractionalSeconds: false))
            let elapsed = ContinuousClock.now - fetched.elapsed
            line = "fetched at \(time) UTC, \(Interpreter.ago(elapsed.components.seconds * 1000))"
        }
        let changed = fetched.changes != context.changes
        let aged = session.shared && ContinuousClock.now - fetched.elapsed >= session.freshFor
        if changed || aged {
            let why = changed ? "\(context.lastChange) since" : "real time has passed on a gateway others change"
            line += "; it may be stale (\(why)): refresh \(name ?? "NAME") fetches it again"
        }
        return line
    }

    static func ago(_ milliseconds: Int64) -> String {
        milliseconds < 1000 ? "just now" : Value.formatDuration(milliseconds / 1000 * 1000) + " ago"
    }

    /// `refresh NAME`: what the variable holds (an order, a transaction, or a list of them)
    /// fetched again, bound to it, and given.
    func refresh(_ nameExpr: Expr, in env: Environment, _ range: SourceRange) async throws -> Value {
        guard case let .variable(name) = nameExpr.kind else {
            throw Fault(.needs(construct: "'refresh'", needs: "a variable's name", got: "an expression"), nameExpr.range)
        }
        guard let held = env.lookup(name) else { throw Fault(.notDefined(name, assigned: false), nameExpr.range) }
        let fresh: Value
        switch held {
        case .record:
            fresh = try await refetched(held, name, nameExpr.range)
        case let .list(items):
            var again: [Value] = []
            for item in items { again.append(try await refetched(item, name, nameExpr.range)) }
            fresh = .list(again)
        default:
            throw Fault(.needs(construct: "'refresh'", needs: "an order or a transaction (or a list of them)", got: held.typeName), nameExpr.range)
        }
        _ = env.assign(name, fresh)
        return fresh
    }

    private func refetched(_ value: Value, _ name: String, _ range: SourceRange) async throws -> Value {
        guard case let .record(record) = value, let id = record.string("id") ?? record.string("orderId") else {
            throw Fault(.needs(construct: "'refresh'", needs: "an order or a transaction (or a list of them)", got: value.typeName), range)
        }
        let isTransaction = record.fetched?.kind == .transaction || (record["hash"] != nil && record["transactions"] == nil)
        if isTransaction {
            context.transactions[id] = nil
            return try await fetchTransaction(id, range)
        }
        return try await fetchOrder(id, range)
    }
}

// MARK: What the prompt's `watch` asks of the interpreter (PayREPL/Watch.swift)

extension Interpreter {
    /// The id of the order a value is, if it is one.
    public func watchedOrderId(_ value: Value) -> String? {
        guard case let .record(record) = value, record["transactions"] != nil || record.string("kind") != nil else { return nil }
        return record.string("id")
    }

    /// The order fetched now, as a card; the reason when it could not be.
    public func watchFetch(_ id: String) async -> Result<Value, WatchProblem> {
        do {
            return .success(try await fetchOrder(id, SourceRange(SourceLocation(line: 1, column: 1), SourceLocation(line: 1, column: 1))))
        } catch {
            return .failure(WatchProblem(error))
        }
    }

    /// Whether the gateway's clock stands still unless moved (the sandbox, not on the wall clock).
    public func watchClockStandsStill() async -> Bool {
        guard session.isSandbox, let clock = try? await session.client.sandboxClock() else { return false }
        return !clock.realtime
    }

    /// Moves the sandbox's clock to its next event: the new time, nil when nothing is pending.
    public func watchStep() async -> Result<String?, WatchProblem> {
        do {
            let client = session.client
            let clock = try await client.sandboxClock()
            guard let next = clock.nextEventAt else { return .success(nil) }
            context.changing("the sandbox's clock moved")
            let moved = try await client.sandboxAdvanceClock(milliseconds: max(1, next.epochMilliseconds - clock.now.epochMilliseconds))
            return .success(moved.now.text)
        } catch {
            return .failure(WatchProblem(error))
        }
    }

    /// What differs between two cards of one order, field by field: `status inProgress → completed`.
    public static func watchChanges(from old: Value, to new: Value) -> [String] {
        guard case let .record(before) = old, case let .record(after) = new else { return [] }
        var changes: [String] = []
        for (key, value) in after.fields where !["updatedAt"].contains(key) {
            let was = before[key]
            switch (was, value) {
            case let (.list(a)?, .list(b)):
                let statusesBefore = a.compactMap { if case let .record(r) = $0 { r.string("status") } else { nil } }
                let statusesAfter = b.compactMap { if case let .record(r) = $0 { r.string("status") } else { nil } }
                if a.count != b.count || statusesBefore != statusesAfter {
                    changes.append("\(key) \(a.count) → \(b.count)" + (statusesAfter.isEmpty ? "" : " (\(statusesAfter.joined(separator: ", ")))"))
                }
            case let (was?, now) where was.literal != now.literal:
                changes.append("\(key) \(was.description) → \(now.description)")
            default:
                break
            }
        }
        return changes
    }
}

/// Why `watch` could not go on, said in a line.
public struct WatchProblem: Error, CustomStringConvertible {
    public let description: String

    init(_ error: any Error) {
        if let fault = error as? Fault {
            description = fault.reason.message
        } else {
            description = "\(error)"
        }
    }
}
