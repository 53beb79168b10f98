// `pay explore`: random walks over the gateway's operations, checking after each step what must
// hold on any correct gateway (PayRunner's Explorer). A violation is shrunk to a short scenario,
// written as a .pay file that fails the same way (exit 1); none, exit 0.
import PayGateway
import ArgumentParser
import Foundation
import PayRunner
import PayScript

struct ExploreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Walk the gateway's operations at random, checking its invariants; shrink what breaks one to a scenario.",
        discussion: """
            Runs on the embedded sandbox unless --api names a gateway. Against a `pay sandbox`, each walk \
            and each replay has a world of its own; against a real gateway, refunds, withdrawals and sends \
            need --allow-outgoing and stay under --max-outgoing. --seed seeds both the sandbox and the walks \
            (walk N draws from seed + N), so the same seed gives the same walks.
            """)

    @Option(help: "Actions in each walk.") var steps = 200
    @Option(help: "Walks, each from a fresh gateway.") var runs = 1
    @Option(help: ArgumentHelp("Where to write the scenario that breaks an invariant (default: explore-SEED.pay).", valueName: "file"))
    var out: String?
    @OptionGroup var gateway: WalkOptions

    func validate() throws {
        guard steps >= 1, runs >= 1 else { throw ValidationError("--steps and --runs must be at least 1") }
    }

    func run() async throws {
        let settings = gateway.settings
        // --seed seeds the sandbox and the walks alike: walk N draws from seed + N.
        let seed = settings.seed
        Console.redact(settings.apiKey)
        let files = try ExchangeFiles.openOrExit(settings, folders: true, prefix: "pay explore: ")
        let (makeSession, closing, _) = await settings.scenarioSessions(files)
        defer { Task { await closing() } }
        let explorer = Explorer(settings: .init(seed: seed, steps: steps, runs: runs, outgoing: settings.allowOutgoing)) {
            try await makeSession(ScenarioContext(path: "explore", trace: { _ in }, observed: false))
        }
        let started = Date()
        let outcome = await explorer.explore()
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        switch outcome {
        case let .clean(actions):
            Console.out("pay explore: \(actions) actions in \(runs) walk\(runs == 1 ? "" : "s") (seed \(seed)), no invariant broken, in \(seconds) s")
        case let .violation(found):
            let path = out ?? "explore-\(seed &+ UInt64(found.run)).pay"
            do {
                try found.scenario.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                Console.err("pay explore: cannot write \(path): \(error.localizedDescription)")
                Console.out(found.scenario)
                throw ExitStatus.usage.exitCode
            }
            Console.out("""
                pay explore: broken: \(found.invariant.rawValue)
                  found in walk \(found.run + 1) after \(found.walkLength) actions; shrunk to \(found.shrunkLength) (\(found.statements) statements) in \(found.replays) replays, \(seconds) s
                  \(found.message)
                  written to \(path): pay run \(path) fails the same way
                """)
            throw ExitCode(1)
        case let .broken(why):
            Console.err("pay explore: \(why)")
            throw ExitStatus.runtimeError.exitCode
        }
    }
}
