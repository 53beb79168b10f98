// Unbuffered writes to standard output and error, so lines appear in order and at once (a
// supervising process waits for the sandbox's "listening" line). Every line passes through here,
// and the API key's value is replaced by *** in each one, whatever produced it: a script's
// print, a gateway's echo in an error body, a log line.
import PayGateway
import Foundation
import PayClient
import Synchronization

enum Console {
    private static let secrets = Mutex<[String]>([])

    /// Values never to be written, such as the API key.
    static func redact(_ secret: String?) {
        guard let secret, !secret.isEmpty else { return }
        secrets.withLock { $0.append(secret) }
    }

    /// Everything the run writes elsewhere (traces, curl files, HARs) is redacted the same way.
    static let redaction = Redaction { Console.redacted($0) }

    static func redacted(_ text: String) -> String {
        secrets.withLock { secrets in
            secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
        }
    }

    /// Colours go to standard output only when it is a terminal, and never with `NO_COLOR` set
    /// (no-color.org) or `TERM=dumb`.
    static var colorsStandardOutput: Bool {
        guard isatty(STDOUT_FILENO) != 0 else { return false }
        return ProcessEnvironment.value("NO_COLOR") == nil && ProcessEnvironment.value("TERM") != "dumb"
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((redacted(text) + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((redacted(text) + "\n").utf8))
    }
}
