// One environment variable, read with getenv: `ProcessInfo.environment` copies every variable
// into a dictionary on each call, which showed in a script's start-up profile (BENCHMARKS.md).
import Foundation

enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
