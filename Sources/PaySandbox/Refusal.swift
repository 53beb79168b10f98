// A request the sandbox turns down: it becomes a problem+json answer, and nothing has changed.
import PayClient

struct Refusal: Error {
    var status: Int
    var title: String
    var detail: String
    var errors: [String: [String]]?
    var type: String

    static func validation(_ errors: [String: [String]]) -> Refusal {
        let fields = errors.keys.sorted()
        let detail = fields.map { "\($0): \(errors[$0]!.joined(separator: ", "))" }.joined(separator: "; ")
        return Refusal(status: 422, title: "Validation failed", detail: detail, errors: errors,
                       type: "urn:pay:problem:validation")
    }

    static func field(_ name: String, _ message: String) -> Refusal { validation([name: [message]]) }

    static func notFound(_ detail: String) -> Refusal {
        Refusal(status: 404, title: "Not found", detail: detail, errors: nil, type: "urn:pay:problem:not-found")
    }

    static func badRequest(_ detail: String) -> Refusal {
        Refusal(status: 400, title: "Malformed request", detail: detail, errors: nil, type: "urn:pay:problem:malformed")
    }

    static func conflict(_ detail: String) -> Refusal {
        Refusal(status: 409, title: "Conflict", detail: detail, errors: nil, type: "urn:pay:problem:conflict")
    }

    var problem: Problem { Problem(type: type, title: title, status: status, detail: detail, errors: errors) }
}
