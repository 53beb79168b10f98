// Deterministic ids, addresses and hashes: the same seed gives the same run, so CI output is stable.
import PayClient

/// PayClient's SplitMix64, with the shapes of the gateway's identifiers.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var core: SplitMix64

    init(seed: UInt64) { core = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { core.next() }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// A version-6-shaped UUID, lower case, like the gateway's ids ("1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80").
    mutating func orderId() -> String {
        var b = bytes(16)
        b[0] = 0x1e
        b[1] = 0xf0 | (b[1] & 0x0f)
        b[6] = 0x60 | (b[6] & 0x0f)
        b[8] = 0x80 | (b[8] & 0x3f)
        let hex = Digests.hex(b)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
                     hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    mutating func tronAddress() -> String { TronAddress.encode(account: bytes(20)) }

    /// A 64-hex transaction hash.
    mutating func transactionHash() -> String { Digests.hex(Digests.sha256(bytes(32))) }
}
