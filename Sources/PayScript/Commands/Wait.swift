// wait and sleep: time passing. On the sandbox both move virtual time, so a 30-minute wait takes
// milliseconds; against a real gateway they sleep. Both stop when the run is cancelled.
import PayClient

extension Interpreter {
    /// The sandbox's virtual poll, and a gateway's longest pause between polls.
    static let usualPoll: Int64 = 15_000
    /// `every` may not poll a gateway more often than this.
    static let shortestPoll: Int64 = 1_000

    /// Polls until the order reaches one of `statuses`, and re-binds the waited variable and `it`.
    /// A card fetched since the run last changed anything answers the first look, so a wait right
    /// after a fetch sends nothing until it must look again. On the sandbox each poll advances
    /// virtual time (15 s, or `every`) instead of sleeping; on a gateway it sleeps 1, 2, 4, 8,
    /// then 15 s between polls, or `every` each time.
    ///
    /// The sandbox says when its next confirmation or expiry falls due (`nextEventAt`). Nothing can
    /// change before then, so the polls that would only see the same status are made as one
    /// advance to the first poll at or after it: the same virtual times and results as polling at
    /// each step, in a few requests.
    func wait(_ orderExpr: Expr?, _ statuses: [String], _ withinExpr: Expr?, every everyExpr: Expr?,
              in env: Environment, _ range: SourceRange) async throws -> Value {
        let id = try await orderOperand(orderExpr, in: env, range, for: "wait")
        var limit: Int64 = 30 * 60 * 1000
        if let withinExpr {
            let within = try await evaluate(withinExpr, in: env)
            guard case let .duration(ms) = within, ms > 0 else {
                throw Fault(.positiveDuration(clause: "'within'", got: within.literal), withinExpr.range)
            }
            limit = ms
        }
        var every: Int64?
        if let everyExpr {
            let value = try await evaluate(everyExpr, in: env)
            guard case let .duration(ms) = value, ms >= Interpreter.shortestPoll else {
                throw Fault(.everyAtLeastOneSecond(got: value.literal), everyExpr.range)
            }
            // The sandbox's clock moves in whole seconds.
            every = session.isSandbox ? (ms + 999) / 1000 * 1000 : ms
        }
        let wanted = Set(statuses)
        let grid = every ?? Interpreter.usualPoll
        var waited: Int64 = 0
        var pause: Int64 = every ?? 1000
        let client = session.client
        /// The sandbox's clock, once asked.
        var clock: ClockState?
        var polls = 0
        var order = context.fresh(context.orders[id], window: freshnessWindow)
        // What the answer that created or paid it said, when that is the latest: a status to move
        // on from needs no look first.
        var said: String?
        if order == nil, case let .string(status)? = context.fresh(context.statuses[id], window: freshnessWindow),
           !wanted.contains(status), !OrderStatus(rawValue: status).isTerminal {
            said = status
        }
        func done(_ outcome: String) {
            pollCount += polls
            client.traceNote?("* wait \(id): \(outcome) after \(polls) poll\(polls == 1 ? "" : "s") (\(Value.formatDuration(waited)) \(session.isSandbox ? "of virtual time" : "waited"))\n")
        }
        while true {
            await Task.yield()
            try await checkCancellation(range)
            let status: String
            if let said {
                status = said
            } else {
                if order == nil {
                    polls += 1
                    order = try await fetchOrder(id, range)
                }
                guard case let .record(record)? = order, let known = record.string("status") else { return order ?? .null }
                status = known
            }
            if wanted.contains(status) {
                done(status)
                if case let .variable(name)? = orderExpr?.kind { _ = env.assign(name, order!) }
                it = order!
                return order!
            }
            if OrderStatus(rawValue: status).isTerminal {
                done(status)
                throw Fault(.reachedOtherStatus(order: id, status: status, wanted: statuses), range)
            }
            guard waited < limit else {
                done("still \(status)")
                throw Fault(.stillWaiting(order: id, status: status, after: Value.formatDuration(limit), wanted: statuses), range)
            }
            var step = min(session.isSandbox ? grid : pause, limit - waited)
            context.changing("a wait let time pass")
            if session.isSandbox {
                if clock == nil { clock = try await api(range) { try await client.sandboxClock() } }
                step = min(Interpreter.pollsUntil(clock!, every: grid) * grid, limit - waited)
                clock = try await api(range) { [step] in try await client.sandboxAdvanceClock(milliseconds: step) }
            } else {
                try await session.pause(.milliseconds(step))
                if every == nil { pause = min(pause * 2, Interpreter.usualPoll) }
            }
            waited += step
            order = nil
            said = nil
        }
    }

    /// How many polls `every` milliseconds apart pass before the sandbox's next event: at least
    /// one; with no event ahead, as many as the wait has left (the caller caps it).
    static func pollsUntil(_ clock: ClockState, every: Int64 = usualPoll) -> Int64 {
        guard let next = clock.nextEventAt?.epochSeconds else { return Int64.max / (2 * every) }
        // The clock holds milliseconds (its text shows them); events fall due on whole seconds.
        let ahead = next * 1000 - clock.now.epochMilliseconds
        return max(1, (ahead + every - 1) / every)
    }

    func sleep(_ value: Value, _ range: SourceRange) async throws {
        guard case let .duration(ms) = value, ms >= 0 else {
            throw Fault(.sleepDuration(got: value.literal), range)
        }
        if session.isSandbox {
            guard ms > 0 else { return }
            _ = try await advanceSandboxClock(milliseconds: ms, range)
        } else {
            context.changing("time passed")
            try await session.pause(.milliseconds(ms))
        }
    }
}
