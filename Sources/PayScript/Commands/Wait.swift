// wait and sleep: time passing. On the sandbox both move virtual time, so a 30-minute wait takes
// milliseconds; against a real gateway they sleep. Both stop when the run is cancelled.
import PayClient

extension Interpreter {
    /// Polls until the order reaches one of `statuses`. On the sandbox each poll advances virtual
    /// time by 15 s instead of sleeping; elsewhere it sleeps with backoff. Re-binds the waited
    /// variable and `it`.
    ///
    /// The sandbox says when its next confirmation or expiry falls due (`nextEventAt`). Nothing can
    /// change before then, so the polls that would only see the same status are made as one
    /// advance to the first 15-second poll at or after it: the same virtual times and results as
    /// polling every 15 s, in a few requests.
    func wait(_ orderExpr: Expr?, _ statuses: [String], _ withinExpr: Expr?,
                      in env: Environment, _ range: SourceRange) async throws -> Value {
        let id = try await orderOperand(orderExpr, in: env, range, for: "wait")
        var limit: Int64 = 30 * 60 * 1000
        if let withinExpr {
            let within = try await evaluate(withinExpr, in: env)
            guard case let .duration(ms) = within, ms > 0 else {
                throw Fault.runtime("'within' needs a positive duration like 5m, got \(within.literal)", withinExpr.range)
            }
            limit = ms
        }
        let wanted = Set(statuses)
        var waited: Int64 = 0
        var pause: Int64 = 1000
        let client = session.client
        /// The sandbox's clock after the last advance, once there has been one.
        var clock: ClockState?
        while true {
            await Task.yield()
            try await checkCancellation(range)
            let order = try await fetchOrder(id, range)
            guard case let .record(record) = order, let status = record.string("status") else { return order }
            if wanted.contains(status) {
                if case let .variable(name)? = orderExpr?.kind { _ = env.assign(name, order) }
                it = order
                return order
            }
            if OrderStatus(rawValue: status).isTerminal {
                throw Fault.runtime("order \(id) is \(status), not \(statuses.joined(separator: " or ")) (it will not change again)", range)
            }
            guard waited < limit else {
                throw Fault.runtime("order \(id) is still \(status) after \(Value.formatDuration(limit)); waited for \(statuses.joined(separator: " or "))", range)
            }
            var step = min(session.isSandbox ? 15_000 : pause, limit - waited)
            if session.isSandbox {
                if let clock {
                    step = min(Interpreter.pollsUntil(clock) * 15_000, limit - waited)
                }
                let seconds = Int(max(1, (step + 999) / 1000))
                clock = try await api(range) { try await client.sandboxAdvanceClock(seconds: seconds) }
            } else {
                try await session.pause(.milliseconds(step))
                pause = min(pause * 2, 15_000)
            }
            waited += step
        }
    }

    /// How many 15-second polls pass before the sandbox's next event: at least one; with no event
    /// ahead, as many as the wait has left (the caller caps it).
    static func pollsUntil(_ clock: ClockState) -> Int64 {
        guard let next = clock.nextEventAt?.epochSeconds else { return Int64.max / 30_000 }
        let ahead = next - clock.now.epochSeconds
        return max(1, (ahead + 14) / 15)
    }

    func sleep(_ value: Value, _ range: SourceRange) async throws {
        guard case let .duration(ms) = value, ms >= 0 else {
            throw Fault.runtime("'sleep' needs a duration like 2s, got \(value.literal)", range)
        }
        if session.isSandbox {
            guard ms > 0 else { return }
            _ = try await advanceSandboxClock(seconds: (ms + 999) / 1000, range)
        } else {
            try await session.pause(.milliseconds(ms))
        }
    }
}
