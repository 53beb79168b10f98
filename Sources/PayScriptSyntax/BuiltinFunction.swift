// The built-in functions, one table: the checker reads their arity, completion and hover their
// names and signatures, and the interpreter switches over the cases (so the compiler holds every
// one to an implementation). grammar.md's list is tied to it by a test.

public enum BuiltinFunction: String, CaseIterable, Sendable {
    case env, param, uuid, now, time, len, str, sum, contains, load

    /// How many arguments a call takes.
    public var arity: Int {
        switch self {
        case .uuid, .now: 0
        case .env, .time, .len, .str, .sum, .load: 1
        case .param, .contains: 2
        }
    }

    /// How a call is written, as grammar.md lists it.
    public var signature: String {
        switch self {
        case .env: #"env("NAME")"#
        case .param: #"param("NAME", default)"#
        case .uuid: "uuid()"
        case .now: "now()"
        case .time: "time(text)"
        case .len: "len(x)"
        case .str: "str(x)"
        case .sum: "sum(list)"
        case .contains: "contains(text, part)"
        case .load: #"load("file.csv")"#
        }
    }

    /// One line on what it gives.
    public var summary: String {
        switch self {
        case .env: "an environment variable's value, or null"
        case .param: "what --var NAME bound, or the default (never a variable the script made itself)"
        case .uuid: "a fresh random UUID, lower case"
        case .now: "the current time: the virtual clock's on a sandbox"
        case .time: "a timestamp from ISO 8601 text with an offset"
        case .len: "the items of a list, characters of a string or fields of a record"
        case .str: "a value as text"
        case .sum: "the sum of a list (amounts of one currency, or numbers)"
        case .contains: "whether a string holds a part, or a list a value"
        case .load: "a .json file's value, or a .csv file's rows as records, relative to the script"
        }
    }

    /// The built-in called `name`, if there is one.
    public static func named(_ name: String) -> BuiltinFunction? { BuiltinFunction(rawValue: name) }
}
