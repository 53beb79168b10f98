// The tools `pay mcp` offers an assistant, over one gateway session: reads that return the
// gateway's own records, the scripts' checker and runner, and, only when the server was started
// with --allow-outgoing and a --max-outgoing cap, the three tools that move money.
//
// Every call goes through this actor, one at a time (the SDK answers requests concurrently; a
// run's interpreter and the session's money budget are used by one caller at a time). Every text
// that goes back passes through `redact`, so the API key is in no result and no error, whatever
// the gateway echoed. A bad call (an unknown tool, an argument of the wrong type, a script that
// does not parse, a gateway that does not answer) is a tool error with a message, and the server
// goes on.
import Foundation
import MCP
import PayClient
import PayRunner
import PayScript
import PayScriptSyntax
import Synchronization

public actor PayTools {
    let session: GatewaySession
    /// Hides the API key (and any world key) in what goes back.
    let redact: @Sendable (String) -> String
    /// Standard error: every call that moves money is listed there.
    let log: @Sendable (String) -> Void
    /// Whether refund, withdraw and send are offered (--allow-outgoing and a --max-outgoing cap).
    let movesMoney: Bool
    private var scripts = 0

    public init(session: GatewaySession, movesMoney: Bool, redact: @escaping @Sendable (String) -> String,
                log: @escaping @Sendable (String) -> Void) {
        self.session = session
        self.movesMoney = movesMoney
        self.redact = redact
        self.log = log
    }

    // MARK: The list

    static func schema(_ properties: [String: (type: String, description: String)], required: [String]) -> MCP.Value {
        .object([
            "type": "object",
            "properties": .object(properties.mapValues { .object(["type": .string($0.type), "description": .string($0.description)]) }),
            "required": .array(required.map { .string($0) }),
            "additionalProperties": false,
        ])
    }

    static let readOnly = Tool.Annotations(readOnlyHint: true)

    static let reads: [Tool] = [
        Tool(name: "list_integrations", description: "The integrations (shops) of this API key, as the gateway gives them.",
             inputSchema: schema([:], required: []), annotations: readOnly),
        Tool(name: "list_assets", description: "The crypto assets the gateway supports: ids, currency codes, networks.",
             inputSchema: schema([:], required: []), annotations: readOnly),
        Tool(name: "get_rates", description: "What a fiat amount is worth in each asset (GET /exchange-rates), amounts as strings.",
             inputSchema: schema(["amount": ("string", "A decimal amount, like \"25\" or \"27.50\""),
                                  "currency": ("string", "A fiat currency code, like EUR")], required: ["amount", "currency"]),
             annotations: readOnly),
        Tool(name: "get_order", description: "An order by id, with its status, amounts, fee and transactions, as the gateway gives it.",
             inputSchema: schema(["id": ("string", "The order's id")], required: ["id"]), annotations: readOnly),
        Tool(name: "get_transaction", description: "A transaction by id, as the gateway gives it.",
             inputSchema: schema(["id": ("string", "The transaction's id")], required: ["id"]), annotations: readOnly),
        Tool(name: "get_balance", description: "Each integration's balance per asset, and the ledger's totals (sandbox only).",
             inputSchema: schema([:], required: []), annotations: readOnly),
        Tool(name: "check_script", description: "Checks a .pay script without running it: every syntax error, undefined name and amount finer than its asset, with codes (pay explain CODE). The grammar is the resource pay://grammar.md.",
             inputSchema: schema(["script": ("string", "The script's text")], required: ["script"]), annotations: readOnly),
        Tool(name: "run_script", description: "Runs a .pay script against this server's gateway (the embedded sandbox unless pay mcp was started with --api) and returns what it printed, its exit status (0 passed, 1 an expectation failed, 2 did not parse, 3 a runtime or API error, 4 a money guard refused) and its diagnostics.",
             inputSchema: schema(["script": ("string", "The script's text")], required: ["script"])),
    ]

    static let writes: [Tool] = [
        Tool(name: "refund", description: "Refunds part or all of a completed order to an address. Moves money; counted against the session's --max-outgoing cap.",
             inputSchema: schema(["order_id": ("string", "The incoming order to refund"),
                                  "amount": ("string", "How much, like \"0.5\", in the order's asset"),
                                  "to": ("string", "The address to refund to")], required: ["order_id", "amount", "to"]),
             annotations: Tool.Annotations(destructiveHint: true, idempotentHint: false)),
        Tool(name: "withdraw", description: "Withdraws from an integration's balance to an address. Moves money; counted against the cap.",
             inputSchema: schema(["amount": ("string", "How much, like \"5\""), "asset": ("string", "The asset id, like TRX"),
                                  "to": ("string", "The address to send to"),
                                  "integration": ("string", "The integration's id or name (the only one, if omitted)")],
                                 required: ["amount", "asset", "to"]),
             annotations: Tool.Annotations(destructiveHint: true, idempotentHint: false)),
        Tool(name: "send", description: "Sends from one of the integration's payment addresses to another address. Moves money; counted against the cap.",
             inputSchema: schema(["amount": ("string", "How much, like \"5\""), "asset": ("string", "The asset id, like TRX"),
                                  "from": ("string", "The payment address to send from"), "to": ("string", "The address to send to")],
                                 required: ["amount", "asset", "from", "to"]),
             annotations: Tool.Annotations(destructiveHint: true, idempotentHint: false)),
    ]

    public var tools: [Tool] { PayTools.reads + (movesMoney ? PayTools.writes : []) }

    // MARK: Calls

    /// A tool's refusal: its text is what the assistant reads.
    struct Refused: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    public func call(_ name: String, _ arguments: [String: MCP.Value]?) async -> CallTool.Result {
        do {
            let text = try await answer(name, Arguments(tool: name, values: arguments ?? [:]))
            return CallTool.Result(content: [.text(text: redact(text), annotations: nil, _meta: nil)], isError: false)
        } catch let refused as Refused {
            return CallTool.Result(content: [.text(text: redact(refused.message), annotations: nil, _meta: nil)], isError: true)
        } catch {
            return CallTool.Result(content: [.text(text: redact("\(name): \(error)"), annotations: nil, _meta: nil)], isError: true)
        }
    }

    private func answer(_ name: String, _ arguments: Arguments) async throws -> String {
        let client = session.client
        switch name {
        case "list_integrations":
            try arguments.none()
            return try await gateway { try await client.allIntegrationsDocument() }
        case "list_assets":
            try arguments.none()
            return try await gateway { try await client.cryptoAssetsDocument() }
        case "get_rates":
            let amount = try arguments.decimal("amount")
            let currency = try arguments.string("currency")
            return try await gateway { try await client.exchangeRatesDocument(amount: amount, currency: currency) }
        case "get_order":
            let id = try arguments.string("id")
            return try await gateway { try await client.orderDocument(id: id) }
        case "get_transaction":
            let id = try arguments.string("id")
            return try await gateway { try await client.transactionDocument(id: id) }
        case "get_balance":
            try arguments.none()
            guard session.isSandbox else {
                throw Refused("get_balance: this gateway is not a sandbox, and the API has no balance endpoint; get_order and get_transaction read what moved")
            }
            return try await gateway { try await client.sandboxBalancesDocument() }
        case "check_script":
            return try await check(arguments.string("script"))
        case "run_script":
            return try await run(arguments.string("script"))
        case "refund" where movesMoney:
            // The amount is in the order's asset: its currency comes from the order.
            let orderId = try arguments.string("order_id")
            let amount = try arguments.decimal("amount")
            let order = try await gatewayValue { try await client.orderDocument(id: orderId) }
            return try await move("refund", "let moved = refund amount of (get order order_id) to destination\n",
                                  [("amount", "\(amount) \(order.primaryAmount.currency)"), ("order_id", orderId),
                                   ("destination", try arguments.string("to"))])
        case "withdraw" where movesMoney:
            let integration = try arguments.optionalString("integration")
            let script = integration == nil ? "let moved = withdraw amount to destination\n"
                : "let moved = withdraw amount to destination from (integration shop)\n"
            var bound = [("amount", try arguments.amount()), ("destination", try arguments.string("to"))]
            if let integration { bound.append(("shop", integration)) }
            return try await move("withdraw", script, bound)
        case "send" where movesMoney:
            return try await move("send", "let moved = send amount from source to destination\n",
                                  [("amount", try arguments.amount()), ("source", try arguments.string("from")),
                                   ("destination", try arguments.string("to"))])
        default:
            let known = tools.map(\.name)
            if ["refund", "withdraw", "send"].contains(name) {
                throw Refused("\(name) moves money: pay mcp offers it only when started with --allow-outgoing and a --max-outgoing cap")
            }
            throw Refused("no tool named '\(name)'; the tools are \(known.joined(separator: ", "))")
        }
    }

    /// A read's answer as the gateway wrote it (amounts as strings, fields in its order); a
    /// refusal or a network failure as the tool's error.
    private func gateway<T>(_ request: () async throws -> Documented<T>) async throws -> String {
        try await gatewayDocument(request).document.jsonText
    }

    private func gatewayValue<T>(_ request: () async throws -> Documented<T>) async throws -> T {
        try await gatewayDocument(request).value
    }

    private func gatewayDocument<T>(_ request: () async throws -> Documented<T>) async throws -> Documented<T> {
        do {
            return try await request()
        } catch let error as PaymentError {
            throw Refused(error.description)
        }
    }

    /// `pay check`'s diagnostics, with their codes, as JSON lines (`pay check --format json`).
    private func check(_ text: String) async throws -> String {
        let loaded: LoadedScript
        do {
            loaded = try ScriptLoader.load(SourceFile(path: "script.pay", text: text), absolutePath: "/mcp/script.pay")
        } catch {
            return PayTools.report(ok: false, status: ExitStatus(error.kind), output: nil, diagnostics: error.diagnostics)
        }
        let interpreter = Interpreter(session: session, file: loaded.main.file) { _ in }
        let outcome = await Pipeline.run(loaded, on: interpreter, until: .checked)
        let errors = outcome.error?.diagnostics ?? []
        return PayTools.report(ok: errors.isEmpty, status: outcome.error.map { ExitStatus($0.kind) } ?? .success, output: nil,
                               diagnostics: errors + outcome.warnings)
    }

    /// Runs a script on the session's gateway, its `print`s collected.
    private func run(_ text: String, variables: [VariableBinding] = []) async throws -> String {
        let (status, output, diagnostics) = await execute(text, variables: variables)
        return PayTools.report(ok: status == .success, status: status, output: output, diagnostics: diagnostics)
    }

    private func execute(_ text: String, variables: [VariableBinding] = [], name: String = "script.pay")
        async -> (ExitStatus, String, [Diagnostic]) {
        scripts += 1
        let loaded: LoadedScript
        do {
            loaded = try ScriptLoader.load(SourceFile(path: name, text: text), absolutePath: "/mcp/\(name)")
        } catch {
            return (ExitStatus(error.kind), "", error.diagnostics)
        }
        let printed = Mutex<[String]>([])
        let interpreter = Interpreter(session: session, file: loaded.main.file) { line in printed.withLock { $0.append(line) } }
        let outcome = await Pipeline.run(loaded, on: interpreter, variables: variables)
        let output = printed.withLock { $0.isEmpty ? "" : $0.joined(separator: "\n") + "\n" }
        return (outcome.error.map { ExitStatus($0.kind) } ?? .success, output, (outcome.error?.diagnostics ?? []) + outcome.warnings)
    }

    /// A refund, withdrawal or send: a fixed script with the arguments bound as variables (never
    /// pasted into its text), so the interpreter's guards hold as for any script: the cap is the
    /// session's, shared by every call. Listed on standard error, sent or not.
    private func move(_ what: String, _ script: String, _ bindings: [(String, String)]) async throws -> String {
        let shown = bindings.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        let (status, printed, diagnostics) = await execute(script + "print moved.id\n",
                                                     variables: bindings.map { VariableBinding(name: $0.0, value: $0.1) },
                                                     name: "\(what).pay")
        guard status == .success else {
            let message = diagnostics.first.map { $0.message } ?? "not sent"
            log("pay mcp: \(what) \(shown): refused: \(message)")
            throw Refused("\(what): \(message); remaining allowance: " + (await remaining()).map { "\($0.1) \($0.0)" }.joined(separator: ", "))
        }
        let id = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        log("pay mcp: \(what) \(shown): sent (\(id))")
        let order = try await gateway { try await session.client.orderDocument(id: id) }
        let left = await remaining().map { "\(JSONValue.quoted($0.0)):\(JSONValue.quoted($0.1))" }.joined(separator: ",")
        return "{\"order\":\(order),\"remainingAllowance\":{\(left)}}"
    }

    /// What the session may still send, per capped currency: the cap less what every call and
    /// script of this session has sent.
    private func remaining() async -> [(String, String)] {
        let assets = (try? await session.catalog.assets(session.client).value.assets) ?? []
        return session.safety.maxOutgoing.map { cap in
            let assetId = Asset.named(cap.currency, in: assets).first?.id ?? cap.currency
            let rest = (try? cap.number.subtracting(session.budget.spent(assetId))) ?? .zero
            // Never below zero (a payment whose outcome was unknown counts as sent).
            let left = rest.signum >= 0 ? rest : ((try? FixedDecimal.zero.rounded(to: rest.scale)) ?? .zero)
            return (cap.currency, "\(left)")
        }
    }

    /// A script tool's result, as JSON.
    static func report(ok: Bool, status: ExitStatus, output: String?, diagnostics: [Diagnostic]) -> String {
        var fields = ["\"ok\":\(ok)", "\"exitStatus\":\(status.rawValue)"]
        if let output { fields.append("\"output\":" + JSONValue.quoted(output)) }
        let lines = diagnostics.isEmpty ? "" : DiagnosticReports.jsonLines(diagnostics)
        fields.append("\"diagnostics\":[" + lines.split(separator: "\n").joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// A call's arguments, read by type; a missing or wrong one is the call's error, by name.
struct Arguments {
    var tool: String
    var values: [String: MCP.Value]

    func none() throws {
        if let extra = values.keys.sorted().first { throw PayTools.Refused("\(tool): takes no arguments, got '\(extra)'") }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw PayTools.Refused("\(tool): '\(name)' is required") }
        guard case let .string(text) = value else { throw PayTools.Refused("\(tool): '\(name)' must be a string, got \(value)") }
        return text
    }

    func optionalString(_ name: String) throws -> String? {
        values[name] == nil || values[name] == .null ? nil : try string(name)
    }

    /// A decimal given as a string ("2.5"), as the API writes amounts.
    func decimal(_ name: String) throws -> FixedDecimal {
        let text = try string(name)
        guard let number = FixedDecimal.parse(text), number.signum > 0 else {
            throw PayTools.Refused("\(tool): '\(name)' must be a positive decimal string like \"2.5\", got \"\(text)\"")
        }
        return number
    }

    /// `amount` and `asset` as the language writes an amount (`2.5 TRX`), for a binding.
    func amount() throws -> String {
        "\(try decimal("amount")) \(try string("asset"))"
    }
}
