// The base protocol of LSP 3.17: each message is a header block (`Content-Length: N`, optionally
// `Content-Type`, each line ending in CRLF, then an empty line) and N bytes of JSON. A header block
// without a usable length is reported and skipped; the stream goes on at the next block.
import Foundation

/// Reads framed messages from a file descriptor, blocking: run it on a thread of its own.
public struct MessageReader {
    public enum Item: Sendable {
        case message([UInt8])
        /// A header block that cannot be read; the reader has skipped it.
        case malformed(String)
    }

    /// The largest body taken: a 100,000-line script is about 3 MB; a bigger body is read and
    /// dropped, so the stream stays in step, and reported.
    public static let maxBody = 64 << 20
    /// The largest header block: a real one is a few dozen bytes.
    static let maxHeader = 8 << 10

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next message, or nil at the end of input.
    public mutating func next() -> Item? {
        while true {
            guard let headerEnd = findHeaderEnd() else {
                if buffer.count - start > MessageReader.maxHeader {
                    // No blank line in sight: drop what was read and look for the next block.
                    start = buffer.count
                    return .malformed("a header block longer than \(MessageReader.maxHeader) bytes with no empty line after it")
                }
                guard fill() else { return nil }
                continue
            }
            let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
            start = headerEnd + 4
            var length: Int?
            for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
                guard let colon = line.firstIndex(of: ":") else {
                    return .malformed("a header line without a colon: \(line.prefix(80))")
                }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name == "content-length" {
                    guard let number = Int(value), number >= 0 else {
                        return .malformed("Content-Length is not a length: \(value.prefix(40))")
                    }
                    length = number
                }
            }
            guard let length else { return .malformed("a header block without Content-Length") }
            guard length <= MessageReader.maxBody else {
                guard skip(length) else { return nil }
                return .malformed("a body of \(length) bytes, more than the \(MessageReader.maxBody) taken")
            }
            while buffer.count - start < length {
                guard fill() else { return nil }
            }
            let body = Array(buffer[start..<(start + length)])
            start += length
            compact()
            return .message(body)
        }
    }

    /// The offset of the `\r\n\r\n` ending the header block that starts at `start`.
    private func findHeaderEnd() -> Int? {
        guard buffer.count - start >= 4 else { return nil }
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Reads what is there; false at the end of input.
    private mutating func fill() -> Bool {
        if ended { return false }
        compact()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count < 0 && errno == EINTR { continue }
            ended = true
            return false
        }
    }

    /// Reads and drops `count` body bytes; false if the input ends first.
    private mutating func skip(_ count: Int) -> Bool {
        var left = count
        while left > 0 {
            if buffer.count == start, !fill() { return false }
            let taken = min(left, buffer.count - start)
            start += taken
            left -= taken
        }
        compact()
        return true
    }

    private mutating func compact() {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

/// Writes framed messages to a file descriptor, one whole message at a time.
public final class MessageWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func send(_ body: [UInt8]) {
        let message = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        message.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }  // The client went away; its reader sees the end.
                offset += count
            }
        }
    }
}
