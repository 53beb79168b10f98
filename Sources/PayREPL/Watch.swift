// `watch ORDER [until STATUS[, STATUS…]] [every DURATION]` at the prompt (issue 33): shows the
// order's card, then a line for each change (status, amounts, transactions, marked `*`), until the
// order reaches one of the statuses (or a terminal one), or Ctrl-C, which leaves the prompt as it
// was with the last card shown. On a gateway, and on a sandbox on the wall clock, it polls as
// `wait` does (1, 2, 4, 8, then every 15 s; or `every`, at least 1 s). On a sandbox whose clock
// stands still nothing would ever change by waiting: it says so, and each Enter steps the clock
// to the sandbox's next event. It binds nothing. In a script `watch` is an error that points to
// `wait` (the parser's P105).
import Foundation
import PayClient
import PayScript

/// A `watch` line, read: the order's expression, the statuses to stop at, the poll.
struct Watch: Equatable {
    var expression: String
    var until: [String]
    /// Milliseconds between polls; nil polls as `wait` does.
    var every: Int64?

    static let usage = "watch ORDER [until STATUS[, STATUS…]] [every DURATION]"

    /// Nil for a line that is not a `watch`; a `watch` that cannot be read keeps the usage in
    /// `expression` empty, for the prompt to say.
    init?(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text == "watch" || text.hasPrefix("watch ") else { return nil }
        var rest = String(text.dropFirst("watch".count)).trimmingCharacters(in: .whitespaces)
        var every: Int64?
        if let range = rest.range(of: " every ", options: .backwards) {
            every = Watch.milliseconds(String(rest[range.upperBound...]).trimmingCharacters(in: .whitespaces))
            rest = String(rest[..<range.lowerBound])
            if every == nil { rest = "" }
        }
        var until: [String] = []
        if let range = rest.range(of: " until ", options: .backwards) {
            until = rest[range.upperBound...].split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"")))
            }
            rest = String(rest[..<range.lowerBound])
            if until.contains(where: \.isEmpty) { rest = "" }
        }
        expression = rest.trimmingCharacters(in: .whitespaces)
        self.until = until
        self.every = every.map { max(1000, $0) }
    }

    /// `2s`, `500ms`, `1m`, `1h`.
    static func milliseconds(_ text: String) -> Int64? {
        for (unit, scale) in [("ms", Int64(1)), ("s", 1000), ("m", 60_000), ("h", 3_600_000)] where text.hasSuffix(unit) {
            if let number = Int64(text.dropLast(unit.count)), number > 0 { return number * scale }
        }
        return nil
    }
}

extension REPL {
    func watch(_ watch: Watch) async {
        guard !watch.expression.isEmpty else {
            err("watch: usage: \(Watch.usage)")
            return
        }
        // The order's expression runs as an entry would (its errors shown), and is not saved.
        let script: LoadedScript
        do {
            script = try ScriptLoader.load(SourceFile(path: "<watch>", text: watch.expression),
                                           absolutePath: directory + "/<watch>", interactive: true)
        } catch {
            err(error.rendered)
            return
        }
        guard case let .finished(value?) = await execute(script, interactive: true) else { return }
        guard let id = interpreter.watchedOrderId(value) else {
            err("watch: \(watch.expression) is not an order (it is a \(value.typeName)); watch takes an order, like watch o")
            return
        }
        guard case var .success(card) = await fetch(id) else { return }
        out(Show.render(card, color: options.color))
        let stops = Set(watch.until)
        let stepping = await interpreter.watchClockStandsStill()
        if stepping {
            out("The sandbox's clock stands still: Enter steps it to its next event; Ctrl-C stops watching.")
        }
        var pause: Int64 = 1000
        _ = Interrupts.take()
        while true {
            guard case let .record(record) = card, let status = record["status"]?.description else { break }
            if stops.contains(status) || OrderStatus(rawValue: status).isTerminal { break }
            if stepping {
                guard case .line = reader.read(prompt: "") else { break }
                switch await interpreter.watchStep() {
                case let .failure(problem):
                    err("watch: \(problem)")
                    return
                case .success(nil):
                    out("Nothing is pending on the sandbox: the order changes when someone pays or moves the clock.")
                    continue
                case let .success(time?):
                    out("  (the sandbox's clock is now \(time))")
                }
            } else {
                let wait = watch.every ?? pause
                if await sleepUnlessInterrupted(milliseconds: wait) { break }
                if watch.every == nil { pause = min(pause * 2, 15_000) }
            }
            guard case let .success(next) = await fetch(id) else { return }
            let changes = Interpreter.watchChanges(from: card, to: next)
            if !changes.isEmpty { out("* " + changes.joined(separator: "; ")) }
            card = next
        }
        out(Show.render(card, color: options.color))
        if let age = await interpreter.cardAge(of: card, name: nil) {
            out(options.color ? "\u{1B}[2m\(age)\u{1B}[0m" : age)
        }
    }

    private func fetch(_ id: String) async -> Result<Value, WatchProblem> {
        let result = await interpreter.watchFetch(id)
        if case let .failure(problem) = result { err("watch: \(problem)") }
        return result
    }

    /// Sleeps, waking every 20 ms to look for Ctrl-C; true when it came.
    private func sleepUnlessInterrupted(milliseconds: Int64) async -> Bool {
        var left = milliseconds
        while left > 0 {
            if Interrupts.take() {
                out("")
                return true
            }
            let slice = min(left, 20)
            try? await Task.sleep(for: .milliseconds(slice))
            left -= slice
        }
        return Interrupts.take()
    }
}
