// Reads lines at a terminal with GNU readline: editing, history kept across sessions, tab
// completion, and Ctrl-C that abandons the line being typed. readline's callback interface is
// driven from a poll() loop, so a SIGINT (caught by our handler, which only sets a flag) wakes the
// loop and the line can be dropped cleanly, as Python's REPL does.
import CReadline
import Foundation
import Synchronization

/// SIGINT while the REPL runs: the handler only records it and writes a byte to a pipe (both
/// async-signal-safe). The signal may land on any of the process's threads, so the prompt loop
/// polls the pipe beside standard input rather than count on its poll() being interrupted; the
/// watcher of a running entry checks the flag.
enum Interrupts {
    private static let pending = Atomic<Bool>(false)
    /// The pipe's ends; the handler writes to `wake`, the prompt polls `woken`.
    nonisolated(unsafe) private(set) static var woken: Int32 = -1
    nonisolated(unsafe) private static var wake: Int32 = -1

    static func install() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
            woken = ends[0]
            wake = ends[1]
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Interrupts.pending.store(true, ordering: .relaxed)
            var byte: UInt8 = 1
            _ = write(Interrupts.wake, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether a Ctrl-C is waiting to be taken.
    static var isPending: Bool { pending.load(ordering: .relaxed) }

    /// True once per Ctrl-C.
    static func take() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        while woken >= 0, read(woken, &buffer, buffer.count) > 0 {}
        return pending.exchange(false, ordering: .relaxed)
    }
}

final class LineReader {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line being typed is dropped.
        case interrupted
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    private let historyPath: String?
    /// Lines holding this (the API key) are never kept in the history.
    private let secret: String?

    init(historyPath: String?, secret: String?, completer: @escaping (String, String) -> [String]) {
        self.historyPath = historyPath
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        LineReader.completer = completer
        rl_readline_name = LineReader.name
        rl_catch_signals = 0
        rl_attempted_completion_function = LineReader.complete
        rl_getc_function = LineReader.getc
        // `.`, `[` and `]` stay inside a word, so `o.transactions[0].ha` completes as one.
        rl_completer_word_break_characters = LineReader.breaks
        if let historyPath { LineReader.prepareHistory(at: historyPath) }
    }

    /// One line, edited at `prompt`.
    func read(prompt: String) -> Input {
        LineReader.delivered = nil
        rl_callback_handler_install(prompt, LineReader.handleLine)
        defer { if LineReader.delivered == nil { rl_callback_handler_remove() } }
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: Interrupts.woken, events: Int16(POLLIN), revents: 0)]
        while LineReader.delivered == nil {
            if Interrupts.take() {
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_cleanup_after_signal()
                rl_callback_handler_remove()
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                LineReader.delivered = .interrupted
                break
            }
            let ready = poll(&descriptors, 2, -1)
            // Interrupted, or woken by the handler's byte: the loop looks at the flag.
            if ready <= 0 || descriptors[0].revents == 0 { continue }
            rl_callback_read_char()
        }
        return LineReader.delivered ?? .endOfInput
    }

    /// Adds an entry to the history and its file, unless it holds the secret.
    func remember(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        if let secret, entry.contains(secret) { return }
        add_history(trimmed)
        if let historyPath {
            append_history(1, historyPath)
            history_truncate_file(historyPath, LineReader.historyLimit)
        }
    }

    // MARK: readline's C callbacks, and the state they share (one prompt per process)

    private static let name: UnsafePointer<CChar> = UnsafePointer(strdup("pay")!)
    private static let breaks: UnsafePointer<CChar> = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(,+-*")!)
    static let historyLimit: Int32 = 2000
    nonisolated(unsafe) private static var delivered: Input?
    nonisolated(unsafe) private static var completer: (String, String) -> [String] = { _, _ in [] }

    private static let handleLine: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        rl_callback_handler_remove()
        guard let line else {
            FileHandle.standardOutput.write(Data("\n".utf8))
            LineReader.delivered = .endOfInput
            return
        }
        LineReader.delivered = .line(String(cString: line))
        free(line)
    }

    /// readline reads each key through this. Reading only bytes the terminal has (FIONREAD), and
    /// watching the interrupt pipe meanwhile, keeps a Ctrl-C from leaving readline blocked in
    /// read(): the terminal flushes its input on ^C, so bytes poll() saw may be gone. On an
    /// interrupt it answers NUL (set-mark, which does nothing visible) and the prompt loop then
    /// drops the line.
    private static let getc: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { _ in
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: Interrupts.woken, events: Int16(POLLIN), revents: 0)]
        while true {
            if Interrupts.isPending { return 0 }
            guard poll(&descriptors, 2, -1) > 0, descriptors[0].revents != 0 else { continue }
            var available: Int32 = 0
            _ = ioctl(STDIN_FILENO, UInt(FIONREAD), &available)
            guard available > 0 || descriptors[0].revents & Int16(POLLHUP) != 0 else { continue }
            var byte: UInt8 = 0
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count == 1 { return Int32(byte) }
            if count < 0 && errno == EINTR { continue }
            return EOF
        }
    }

    /// Completes the word ending at the cursor: readline gives the word; the completer sees the
    /// line up to the cursor too. Returns the matches readline expects: the common prefix first.
    private static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, end in
        rl_attempted_completion_over = 1
        let word = text.map { String(cString: $0) } ?? ""
        let buffer = rl_line_buffer.map { String(cString: $0) } ?? ""
        let line = String(decoding: Array(buffer.utf8.prefix(Int(end))), as: UTF8.self)
        let matches = LineReader.completer(line, word)
        guard !matches.isEmpty else { return nil }
        rl_completion_append_character = matches.count == 1 && (matches[0].hasSuffix("/") || matches[0].hasSuffix(".")) ? 0 : 32
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: matches.count + 2)
        let prefix = matches.dropFirst().reduce(matches[0]) { common, next in String(zip(common, next).prefix { $0 == $1 }.map(\.0)) }
        var index = 0
        if matches.count > 1 {
            list[0] = strdup(prefix)
            index = 1
        }
        for match in matches {
            list[index] = strdup(match)
            index += 1
        }
        list[index] = nil
        return list
    }

    /// Loads the history file, creating it (and its directory) private to the user.
    private static func prepareHistory(at path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_CREAT | O_WRONLY | O_APPEND, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
        }
        stifle_history(historyLimit)
        read_history(path)
    }
}
