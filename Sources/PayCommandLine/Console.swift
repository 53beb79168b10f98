// Unbuffered writes to standard output and error, so lines appear in order and at once (a
// supervising process waits for the sandbox's "listening" line). Every line passes through here,
// and the API key's value is replaced by *** in each one, whatever produced it: a script's
// print, a gateway's echo in an error body, a log line. A key shorter than `hiddenFrom`
// characters is not searched for: `K` would turn "Kraken OK" into "***raken O***". It is still
// *** in every X-API-Key header written (Redaction.headers), and a warning says once that it
// cannot be hidden elsewhere.
import PayGateway
import Foundation
import PayClient
import Synchronization

public enum Console {
    private static let secrets = Mutex<[String]>([])

    /// The shortest secret searched for in what is written. Real keys are long and random; a
    /// shorter one is a test key whose letters occur in ordinary data.
    public static let hiddenFrom = 8
    private static let warnedShort = Mutex(false)

    /// Values never to be written, such as the API key.
    public static func redact(_ secret: String?) {
        guard let secret, !secret.isEmpty else { return }
        guard secret.count >= hiddenFrom else {
            let first = warnedShort.withLock { warned in
                defer { warned = true }
                return !warned
            }
            if first {
                err("warning: the API key is shorter than \(hiddenFrom) characters, so pay cannot hide it where it occurs in output; "
                    + "it shows as *** only in X-API-Key headers")
            }
            return
        }
        secrets.withLock { $0.append(secret) }
    }

    /// Everything the run writes elsewhere (traces, curl files, HARs) is redacted the same way.
    public static let redaction = Redaction { Console.redacted($0) }

    public static func redacted(_ text: String) -> String {
        secrets.withLock { secrets in
            secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
        }
    }

    /// Colours go to standard output only when it is a terminal, and never with `NO_COLOR` set
    /// (no-color.org) or `TERM=dumb`.
    public static var colorsStandardOutput: Bool {
        guard isatty(STDOUT_FILENO) != 0 else { return false }
        return ProcessEnvironment.value("NO_COLOR") == nil && ProcessEnvironment.value("TERM") != "dumb"
    }

    public static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((redacted(text) + "\n").utf8))
    }

    public static func err(_ text: String) {
        FileHandle.standardError.write(Data((redacted(text) + "\n").utf8))
    }
}
