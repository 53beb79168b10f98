// The one way a script runs, whoever asks: `pay run`, `pay test`'s runner, the prompt's entries
// and `:load`, and `pay check` (which stops before binding). Check, settle the amount literals,
// bind the `--var`s, interpret, as jlox's `run(source)` serves both its file runner and its
// prompt. The caller hands in an interpreter, which carries the session and the run context, and
// says how far to go; what went wrong comes back as one `ScriptError`, whose kind is the exit status.

import PayClient

/// `--var NAME=VALUE` as given, split once.
public struct VariableBinding: Sendable, Equatable {
    public var name: String
    /// Read as a literal when it is one (`5`, `2.5 TRX`, `30s`, `25%`, `true`), else as text.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `NAME=VALUE`, split at the first `=`; nil without one.
    public init?(_ text: String) {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        self.init(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }
}

public enum Pipeline {
    /// How far a script goes.
    public enum Stage: Sendable {
        /// Checked and its amount literals settled against the gateway's currencies; `pay check`.
        case checked
        /// Run to its end.
        case finished
    }

    public struct Outcome {
        /// What the checker warns of (an unused variable); they never stop a run.
        public var warnings: [Diagnostic] = []
        /// Warnings a `# pay: allow` comment silenced.
        public var allowed: [Diagnostic] = []
        /// Why it stopped short; nil when it went as far as asked.
        public var error: ScriptError?
        /// At a prompt, the value of the last statement when it is a bare expression.
        public var value: Value?
    }

    /// Runs `script` on `interpreter` as far as `stage`. `interactive` is a prompt's entry: a `let`
    /// may declare a name again, and names bound by earlier entries are known. `variables` are
    /// bound after the checks and before the first statement; a wrong literal among them is a
    /// usage error and nothing runs.
    public static func run(_ script: LoadedScript, on interpreter: Interpreter, variables: [VariableBinding] = [],
                           interactive: Bool = false, until stage: Stage = .finished) async -> Outcome {
        // Once a prompt's, always: a later entry may read what a loaded file left.
        if interactive { interpreter.atPrompt = true }
        return await run(script, variables: variables, interactive: interactive, until: stage,
                         isKnown: { interpreter.global($0) != nil }, knownNames: { interpreter.globalNames },
                         itIsSet: interpreter.lastOrder != nil) { _ in interpreter }
    }

    /// The same, with the interpreter opened only once the script has passed the checks that need
    /// no gateway, so a script with a typo makes no request at all (not even the gateway probe
    /// that making a session asks): `pay run` and `pay test` open their session here, and start
    /// the catalog reads `opening` is given beside the probe. `known` and `itIsSet` say what an
    /// interpreter that ran before has bound.
    public static func run(_ script: LoadedScript, variables: [VariableBinding] = [], interactive: Bool = false,
                           until stage: Stage = .finished, known: Set<String> = [], isKnown: ((String) -> Bool)? = nil,
                           knownNames: (() -> [String])? = nil, itIsSet: Bool = false,
                           opening: (CatalogReads) async throws(ScriptError) -> Interpreter) async -> Outcome {
        var outcome = Outcome()
        let report = Checker.check(script, known: known.union(variables.map(\.name)), isKnown: isKnown, knownNames: knownNames,
                                   interactive: interactive, itIsSet: itIsSet)
        outcome.warnings = report.warnings
        outcome.allowed = report.allowed
        // A run stops at the first check error; `pay check` reports the literals' problems too.
        if !report.errors.isEmpty && stage == .finished {
            outcome.error = ScriptError(.syntax, report.errors)
            return outcome
        }
        let interpreter: Interpreter
        do throws(ScriptError) {
            interpreter = try await opening(catalogReads(report, variables: variables))
        } catch {
            outcome.error = error
            return outcome
        }
        let literals = await interpreter.checkAmountLiterals(report.amounts)
        if let literals, literals.kind != .syntax {
            outcome.error = literals
            return outcome
        }
        let files = await interpreter.checkDataFiles(report.loads)
        let errors = report.errors + (literals?.diagnostics ?? []) + (files?.diagnostics ?? [])
        if !errors.isEmpty {
            outcome.error = ScriptError(.syntax, errors)
            return outcome
        }
        if stage == .checked { return outcome }
        if let problem = await bind(variables, into: interpreter, file: script.main.file) {
            outcome.error = problem
            return outcome
        }
        do throws(ScriptError) {
            outcome.value = try await interpreter.runEntry(script.main, includes: script.includes)
        } catch {
            outcome.error = error
        }
        return outcome
    }

    /// What the script will read of the catalog before it can run: the assets for an amount
    /// literal or a `--var` amount in a crypto unit, the integrations for a command that names one.
    static func catalogReads(_ report: CheckReport, variables: [VariableBinding]) -> CatalogReads {
        func crypto(_ unit: Substring) -> Bool { FiatCurrencies.minorUnits[String(unit)] == nil }
        let literal = report.amounts.contains { crypto(Substring($0.unit)) }
        let variable = variables.contains { binding in
            let parts = binding.value.split(separator: " ")
            return parts.count == 2 && FixedDecimal(String(parts[0])) != nil && crypto(parts[1])
        }
        return CatalogReads(assets: literal || variable, integrations: report.readsIntegrations)
    }

    /// Settles the command line against the gateway: each `--max-outgoing` cap must name one of
    /// its currencies at a precision it has, and each `--var` is bound as a global that
    /// `param()` also reads. The first that is wrong is a usage error. `pay test` calls it once
    /// before any file runs, so a wrong one costs no scenario.
    public static func bind(_ variables: [VariableBinding], into interpreter: Interpreter, file: SourceFile) async -> ScriptError? {
        let nowhere = SourceRange(SourceLocation(line: 1, column: 1), SourceLocation(line: 1, column: 1))
        for cap in interpreter.session.safety.maxOutgoing {
            do {
                _ = try await interpreter.amountLiteral(cap.number, unit: cap.currency, nowhere)
            } catch let fault as Fault where fault.kind == .runtime {
                return ScriptError(.usage, [.wholeFile(.run(.commandLine("--max-outgoing \(cap.number) \(cap.currency): \(fault.message)")), file)])
            } catch {
                // The gateway could not be asked; the first outgoing payment meets that error.
            }
        }
        for variable in variables {
            if let problem = await interpreter.defineVariable(variable.name, literal: variable.value) {
                return ScriptError(.usage, [.wholeFile(.run(.commandLine(problem)), file)])
            }
        }
        return nil
    }
}
