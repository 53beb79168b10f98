// Variable scopes: each block and call gets one, chained to the scope it sits in.

public final class Environment {
    private var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment? = nil) { self.parent = parent }

    func lookup(_ name: String) -> Value? {
        values[name] ?? parent?.lookup(name)
    }

    /// The names this scope binds itself, sorted.
    var names: [String] { values.keys.sorted() }

    func define(_ name: String, _ value: Value) {
        values[name] = value
    }

    /// Sets an existing variable in the nearest scope that has it; false when none does.
    func assign(_ name: String, _ value: Value) -> Bool {
        if values[name] != nil {
            values[name] = value
            return true
        }
        return parent?.assign(name, value) ?? false
    }
}
