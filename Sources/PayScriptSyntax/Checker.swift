// The checker: between parsing and running, so a typo is reported before any request goes out.
// It reads the one resolution of the script's names (Resolver.swift, which the language server
// reads too, so completion and the checker cannot disagree) and says what is wrong with it.
//
// Errors: a name used or assigned but declared nowhere it could be seen; a call of an unknown
// function, or with the wrong number of arguments; a `let` that declares a name again in the
// same block (allowed at a prompt); `it` where no command can have run yet. Warnings: a variable
// declared and never used (names starting with `_` are exempt); a `# pay: allow P210` on the line
// above a statement silences its warnings, and they are counted apart.
//
// The pass also collects every amount literal: whether `0.0000001 TRX` is too fine depends on the
// gateway's assets, so `Interpreter.checkAmountLiterals` (PayScript) settles them once the
// structure is sound.

import PayDecimal

public struct CheckReport {
    public var errors: [Diagnostic] = []
    public var warnings: [Diagnostic] = []
    /// Warnings that a `# pay: allow` comment silenced, for `pay check`'s count.
    public var allowed: [Diagnostic] = []
    /// Every amount literal, in the order written, for `Interpreter.checkAmountLiterals`.
    public var amounts: [AmountLiteral] = []
    /// Every `load("…")` of a literal path, for reading the files before the script runs.
    public var loads: [DataFileLoad] = []
    /// Whether a command anywhere in the script reads the gateway's integrations, so a run
    /// fetches them before its first statement, beside the other reads it needs.
    public var readsIntegrations = false
}

/// `load("amounts.csv")` where it is written, with the path as written.
public struct DataFileLoad: Sendable {
    public var path: String
    public var file: SourceFile
    public var range: SourceRange
}

/// `1.5 TRX` where it is written.
public struct AmountLiteral: Sendable {
    public var value: FixedDecimal
    public var unit: String
    public var file: SourceFile
    public var range: SourceRange
}

public enum Checker {
    /// Checks a loaded script and every file it uses. `known` are names bound before it runs
    /// (`--var`, or a prompt's earlier entries); `interactive` allows a `let` to declare a name
    /// again, as a prompt must; `itIsSet` says whether `it` holds a result already (a prompt's
    /// earlier entry).
    public static func check(_ script: LoadedScript, known: Set<String> = [], isKnown: ((String) -> Bool)? = nil,
                             knownNames: (() -> [String])? = nil, interactive: Bool = false,
                             itIsSet: Bool = false) -> CheckReport {
        check(Resolution(script, known: known, isKnown: isKnown, knownNames: knownNames, interactive: interactive, itIsSet: itIsSet),
              script)
    }

    /// What a resolution of `script` says is wrong with it.
    public static func check(_ names: Resolution, _ script: LoadedScript) -> CheckReport {
        var report = CheckReport()
        report.amounts = names.amounts
        report.loads = names.loads
        report.readsIntegrations = names.readsIntegrations
        func error(_ reason: CheckReason, _ file: SourceFile, _ range: SourceRange, fix: Replacement? = nil) {
            report.errors.append(Diagnostic(.check(reason), file: file, range: range, fix: fix))
        }
        for (id, earlier) in names.redeclarations {
            let definition = names.definitions[id]
            let function = if case .function = definition.kind { true } else { false }
            error(.declaredTwice(definition.name, line: names.definitions[earlier].statementRange?.start.line ?? 0, function: function),
                  definition.file, definition.statementRange!)
        }
        for use in names.uses {
            let name = use.name
            switch use.kind {
            case .assignment where use.definition == nil:
                error(.notDeclared(name), use.file, use.whole)
            case .read where use.definition == nil:
                let near = Hints.closest(to: name, among: use.visibleNames)
                error(.notDefined(name, suggestion: near), use.file, use.range, fix: near.map { Replacement(use.range, with: $0) })
            case let .call(count):
                if let id = use.definition {
                    if case let .function(arity) = names.definitions[id].kind, arity != count {
                        error(.argumentCount(function: name, builtin: false, takes: arity, given: count), use.file, use.whole)
                    }
                } else if let arity = BuiltinFunction.named(name)?.arity {
                    if arity != count { error(.argumentCount(function: name, builtin: true, takes: arity, given: count), use.file, use.whole) }
                } else {
                    let near = Hints.closest(to: name, among: BuiltinFunction.allCases.map(\.rawValue) + use.visibleNames)
                    error(.notAFunction(name, suggestion: near, builtins: BuiltinFunction.allCases.map(\.rawValue).sorted()),
                          use.file, use.whole, fix: near.map { Replacement(use.range, with: $0) })
                }
            default:
                break
            }
        }
        for (file, range) in names.itTooEarly { error(.itTooEarly, file, range) }
        for definition in names.definitions where definition.isUnused {
            report.warnings.append(Diagnostic(.check(.unused(definition.name)), file: definition.file, range: definition.statementRange!))
        }
        report.errors.sort(by: order)
        report.warnings.sort(by: order)
        applyAllowances(in: [script.main] + script.includes.values.sorted { $0.file.path < $1.file.path }, to: &report)
        return report
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file.path, a.range.start) < (b.file.path, b.range.start)
    }

    /// Moves each warning that a `# pay: allow` on the line above its statement names from
    /// `warnings` to `allowed`, and warns (P211) of an allowance that names no warning.
    static func applyAllowances(in programs: [Program], to report: inout CheckReport) {
        var byLine: [ObjectIdentifier: [Int: Allowance]] = [:]
        for program in programs where !program.allowances.isEmpty {
            for allowance in program.allowances {
                byLine[ObjectIdentifier(program.file), default: [:]][allowance.range.start.line] = allowance
                for code in allowance.codes where DiagnosticCode.named(code)?.severity != .warning {
                    report.warnings.append(Diagnostic(.check(.allowanceNamesNoWarning(code: code, isError: DiagnosticCode.named(code) != nil)),
                                                      file: program.file, range: allowance.range))
                }
            }
        }
        guard !byLine.isEmpty else { return }
        report.warnings = report.warnings.filter { warning in
            guard let allowance = byLine[ObjectIdentifier(warning.file)]?[warning.range.start.line - 1],
                  allowance.codes.contains(warning.code.id) else { return true }
            report.allowed.append(warning)
            return false
        }
        report.warnings.sort(by: order)
    }
}

extension Stmt {
    /// Whether running this statement may run a command (directly, or by calling a function).
    var mayRunCommand: Bool {
        switch kind {
        case let .let(_, expr), let .assign(_, expr), let .expression(expr), let .print(expr), let .show(expr),
             let .sleep(expr), let .fail(expr):
            return expr.mayRunCommand
        case let .if(condition, then, otherwise):
            return condition.mayRunCommand || then.contains(where: \.mayRunCommand)
                || (otherwise?.contains(where: \.mayRunCommand) ?? false)
        case let .for(_, sequence, body), let .cases(sequence, _, body):
            return sequence.mayRunCommand || body.contains(where: \.mayRunCommand)
        case let .repeat(count, body): return count.mayRunCommand || body.contains(where: \.mayRunCommand)
        case .def: return false
        case let .return(expr): return expr?.mayRunCommand ?? false
        case .use: return true
        case let .expect(condition, message): return condition.mayRunCommand || (message?.mayRunCommand ?? false)
        case let .expectRefused(body, _): return body.contains(where: \.mayRunCommand)
        }
    }
}

extension Expr {
    /// Whether evaluating this expression may run a command: it holds one, or calls a function
    /// that is not built in.
    var mayRunCommand: Bool {
        var pending: [Expr] = [self]
        while let expr = pending.popLast() {
            switch expr.kind {
            case .null, .bool, .number, .amount, .duration, .percent, .it, .variable: break
            case .command: return true
            case let .call(name, arguments):
                if BuiltinFunction.named(name) == nil { return true }
                pending += arguments
            case let .string(parts): for case let .expr(inner) in parts { pending.append(inner) }
            case let .list(items): pending += items
            case let .record(fields): pending += fields.map(\.value)
            case let .unary(_, operand): pending.append(operand)
            case let .binary(_, left, right): pending += [left, right]
            case let .field(base, _): pending.append(base)
            case let .index(base, index): pending += [base, index]
            }
        }
        return false
    }
}
