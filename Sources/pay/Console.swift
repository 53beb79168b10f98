// Unbuffered writes to standard output and error, so lines appear in order and at once (a
// supervising process waits for the sandbox's "listening" line).
import Foundation

enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
