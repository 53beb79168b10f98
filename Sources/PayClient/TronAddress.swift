// Tron addresses: base58check over 0x41 and a 20-byte account, 34 characters starting with "T".

public enum TronAddress {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    /// Why an address was refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case badCharacter(Character)
        case wrongLength(Int)
        case wrongPrefix
        case badChecksum

        public var description: String {
            switch self {
            case let .badCharacter(c): "'\(c)' is not a base58 character"
            case let .wrongLength(n): "decodes to \(n) bytes, a Tron address has 25"
            case .wrongPrefix: "is not a Tron mainnet address (must start with T)"
            case .badChecksum: "checksum does not match (a character is wrong)"
            }
        }
    }

    /// The address for a 20-byte account.
    public static func encode(account: [UInt8]) -> String {
        precondition(account.count == 20, "a Tron account is 20 bytes")
        let payload = [0x41] + account
        let checksum = Digests.sha256(Digests.sha256(payload)).prefix(4)
        return base58(payload + checksum)
    }

    /// Checks characters, length, prefix and checksum.
    public static func validate(_ address: String) throws(Problem) {
        let bytes = try decodeBase58(address)
        guard bytes.count == 25 else { throw .wrongLength(bytes.count) }
        guard bytes[0] == 0x41 else { throw .wrongPrefix }
        let checksum = Digests.sha256(Digests.sha256(Array(bytes[0..<21]))).prefix(4)
        guard Array(checksum) == Array(bytes[21...]) else { throw .badChecksum }
    }

    public static func isValid(_ address: String) -> Bool {
        (try? validate(address)) != nil
    }

    static func base58(_ bytes: [UInt8]) -> String {
        var digits: [Int] = []
        for byte in bytes {
            var carry = Int(byte)
            for i in 0..<digits.count {
                carry += digits[i] << 8
                digits[i] = carry % 58
                carry /= 58
            }
            while carry > 0 { digits.append(carry % 58); carry /= 58 }
        }
        let zeros = bytes.prefix { $0 == 0 }.count
        return String(repeating: "1", count: zeros) + String(digits.reversed().map { alphabet[$0] })
    }

    static func decodeBase58(_ text: String) throws(Problem) -> [UInt8] {
        var bytes: [UInt8] = []
        for ch in text {
            guard let value = alphabet.firstIndex(of: ch) else { throw .badCharacter(ch) }
            var carry = value
            for i in 0..<bytes.count {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 { bytes.append(UInt8(carry & 0xff)); carry >>= 8 }
        }
        let zeros = text.prefix { $0 == "1" }.count
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}
