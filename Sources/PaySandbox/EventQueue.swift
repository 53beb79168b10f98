// What falls due when: confirmations and expiries in a binary min-heap, ordered by time and then
// by when they were scheduled, so settling after a clock move costs O(k log n) for the k events
// due, whatever the number of orders.

struct DueEvent: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case confirm(transaction: String)
        case expire(order: String)
    }

    var at: Int64
    /// Scheduling order: events due at the same second apply in the order they were made.
    var sequence: Int
    var kind: Kind

    func precedes(_ other: DueEvent) -> Bool { (at, sequence) < (other.at, other.sequence) }
}

struct EventQueue: Sendable {
    private var heap: [DueEvent] = []
    private var scheduled = 0

    var count: Int { heap.count }
    var first: DueEvent? { heap.first }

    mutating func schedule(_ kind: DueEvent.Kind, at time: Int64) {
        scheduled += 1
        heap.append(DueEvent(at: time, sequence: scheduled, kind: kind))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest event.
    mutating func removeFirst() -> DueEvent? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            guard smallest != parent else { return first }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
