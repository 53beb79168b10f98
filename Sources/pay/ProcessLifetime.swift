// Values a one-shot command keeps until the process ends, rather than freeing them piece by piece
// just before exit: a large script's tree is thousands of allocations (BENCHMARKS.md, issue 13,
// item 6). Swift never tears down globals at exit, so what is kept here is never freed.
import Synchronization

enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: any Sendable) {
        kept.withLock { $0.append(value) }
    }
}
