// What a value is known to be before anything runs: an editor offers `o.` fields and names a
// variable's kind from it, running nothing. The API's records are listed here field by field, in
// the order the interpreter gives them (the gateway's fields, then what the run knows of an order
// it made); `ValueShapeTests` runs every command on the embedded sandbox and compares, so this
// table cannot drift from what a script sees.

public indirect enum ValueShape: Sendable, Equatable {
    /// Nothing is known (a parameter, an arithmetic result, a field of an unknown record).
    case unknown
    /// A value of one of the language's simple types, by `Value.typeName`: `string`, `number`,
    /// `amount`, `bool`, `duration`, `timestamp`, `percentage`, `null`.
    case simple(String)
    case list(ValueShape)
    /// A record: an API object named by what it is (`order`), or a literal (no name).
    case record(name: String?, fields: [ShapeField])
    /// A `def`, with its parameters.
    case function(parameters: [String])

    /// How hover names it: `order`, `list of asset`, `record {amount, ref}`, `amount`.
    public var description: String {
        switch self {
        case .unknown: "unknown until it runs"
        case let .simple(name): name
        case let .list(element): element == .unknown ? "list" : "list of \(element.description)"
        case let .record(name?, _): name
        case let .record(nil, fields): "record {\(fields.map(\.name).joined(separator: ", "))}"
        case let .function(parameters): "function(\(parameters.joined(separator: ", ")))"
        }
    }

    /// The fields a `.` may follow with; empty when unknown.
    public var fields: [ShapeField] {
        if case let .record(_, fields) = self { return fields }
        return []
    }

    /// The shape of `.name` on this value.
    public func field(_ name: String) -> ValueShape {
        fields.first { $0.name == name }?.shape ?? .unknown
    }
}

public struct ShapeField: Sendable, Equatable {
    public var name: String
    public var shape: ValueShape
    /// Present only sometimes (an order's `externalId`, when one was given).
    public var optional: Bool

    public init(_ name: String, _ shape: ValueShape, optional: Bool = false) {
        self.name = name
        self.shape = shape
        self.optional = optional
    }
}

extension ValueShape {
    static let text = ValueShape.simple("string")
    static let amount = ValueShape.simple("amount")
    static let number = ValueShape.simple("number")
    static let timestamp = ValueShape.simple("timestamp")

    /// A transaction: fetched by `get transaction`, or what `pay` made.
    public static let transaction = ValueShape.record(name: "transaction", fields: [
        ShapeField("id", text), ShapeField("orderId", text), ShapeField("status", text),
        ShapeField("createdAt", timestamp), ShapeField("updatedAt", timestamp), ShapeField("receiverAddress", text),
        ShapeField("primaryAmount", amount), ShapeField("secondaryAmount", amount),
        ShapeField("serviceFeeAmount", amount), ShapeField("totalAmount", amount), ShapeField("hash", text),
        ShapeField("externalId", text, optional: true), ShapeField("senderAddress", text, optional: true),
    ])

    /// A transaction inside an order: the hash follows the id, and there is no `orderId`.
    private static let orderTransaction = ValueShape.record(name: "transaction", fields: [
        ShapeField("id", text), ShapeField("hash", text), ShapeField("status", text),
        ShapeField("createdAt", timestamp), ShapeField("updatedAt", timestamp), ShapeField("receiverAddress", text),
        ShapeField("primaryAmount", amount), ShapeField("secondaryAmount", amount),
        ShapeField("serviceFeeAmount", amount), ShapeField("totalAmount", amount),
        ShapeField("externalId", text, optional: true), ShapeField("senderAddress", text, optional: true),
    ])

    /// An order as the API gives it.
    private static let orderFields: [ShapeField] = [
        ShapeField("id", text), ShapeField("status", text), ShapeField("createdAt", timestamp),
        ShapeField("updatedAt", timestamp), ShapeField("transactions", .list(orderTransaction)),
        ShapeField("primaryAmount", amount), ShapeField("secondaryAmount", amount),
        ShapeField("serviceFeeAmount", amount), ShapeField("totalAmount", amount),
        ShapeField("externalId", text, optional: true),
    ]

    /// An incoming order this run made (`order`, and `wait` or `get order` on it).
    public static let order = ValueShape.record(name: "order", fields: orderFields + [
        ShapeField("paymentAddress", text), ShapeField("paymentLink", text), ShapeField("widgetCode", text),
        ShapeField("requestedAmount", amount), ShapeField("assetId", text), ShapeField("integrationId", text),
        ShapeField("kind", text),
    ])

    /// The outgoing order `refund`, `withdraw` or `send` made.
    public static func outgoing(_ kind: String) -> ValueShape {
        .record(name: kind, fields: orderFields + [ShapeField("kind", text)]
            + (kind == "refund" ? [ShapeField("refundOf", text)] : []) + [ShapeField("assetId", text)])
    }

    public static let integration = ValueShape.record(name: "integration", fields: [
        ShapeField("name", text), ShapeField("id", text), ShapeField("url", text), ShapeField("status", text),
    ])

    public static let asset = ValueShape.record(name: "asset", fields: [
        ShapeField("id", text), ShapeField("currencyCode", text), ShapeField("displayName", text),
        ShapeField("blockchainId", text), ShapeField("blockchainDisplayName", text), ShapeField("name", text),
        ShapeField("precision", number),
    ])

    public static let rate = ValueShape.record(name: "rate", fields: [
        ShapeField("assetId", text), ShapeField("rate", number), ShapeField("crypto", amount),
    ])

    /// What a command gives: its entry's shape (`givesBare` with its optional operand left out).
    public static func of(_ command: Command) -> ValueShape {
        let spec = command.spec
        if let bare = spec.givesBare, command.operands.allSatisfy({ $0 == nil }) { return bare }
        return spec.gives
    }

    /// What `expr` gives, as far as it can be told without running: `variable` says what a name
    /// holds, and `it` is `variable("it")`; `loaded` what `load("path")` of a literal path gives
    /// (an editor reads a CSV's header for it).
    public static func infer(_ expr: Expr, variable: (String) -> ValueShape,
                             loaded: (String) -> ValueShape = { _ in .unknown }) -> ValueShape {
        switch expr.kind {
        case .null: .simple("null")
        case .bool: .simple("bool")
        case .number: number
        case .amount: amount
        case .duration: .simple("duration")
        case .percent: .simple("percentage")
        case .string: text
        case let .list(items): .list(items.first.map { infer($0, variable: variable, loaded: loaded) } ?? .unknown)
        case let .record(fields):
            .record(name: nil, fields: fields.map { ShapeField($0.name, infer($0.value, variable: variable, loaded: loaded)) })
        case let .variable(name): variable(name)
        case .it: variable("it")
        case let .field(base, name): infer(base, variable: variable, loaded: loaded).field(name)
        case let .index(base, _):
            if case let .list(element) = infer(base, variable: variable, loaded: loaded) { element } else { .unknown }
        case let .call(name, arguments):
            switch BuiltinFunction.named(name) {
            case .uuid?, .str?: text
            case .now?, .time?: timestamp
            case .len?: number
            case .contains?: .simple("bool")
            case .load?:
                // A literal path, as the checker reads one before the run.
                if arguments.count == 1, case let .string(parts) = arguments[0].kind, parts.count == 1,
                   case let .text(path) = parts[0] { loaded(path) } else { .unknown }
            case .env?, .param?, .sum?, nil: .unknown
            }
        case let .command(command): of(command)
        case let .unary(op, operand): op == .not ? .simple("bool") : infer(operand, variable: variable, loaded: loaded)
        case let .binary(op, left, right):
            switch op {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or: .simple("bool")
            case .add, .subtract:
                // An amount plus or minus an amount (or a percentage of one) stays an amount.
                infer(left, variable: variable, loaded: loaded) == amount && infer(right, variable: variable, loaded: loaded) != text ? amount : .unknown
            case .multiply, .divide: .unknown
            }
        }
    }
}
