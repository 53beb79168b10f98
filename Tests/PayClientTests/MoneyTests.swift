// Amount and FixedDecimal: exact parsing, printing at precision, currency rules, rounding.
import Foundation
import PayClient
import Testing

struct MoneyTests {
    @Test func parsesExactlyAndKeepsPrecision() throws {
        let amount = try #require(Amount("0.995000", "TRX"))
        #expect(amount.number == FixedDecimal("0.995")!)
        #expect(amount.scale == 6)
        #expect(amount.decimalString == "0.995000")
        #expect(amount.description == "0.995000 TRX")
        #expect(try Amount("0.1", "TRX")!.adding(Amount("0.2", "TRX")!) == Amount("0.3", "TRX")!)
    }

    @Test(arguments: ["", "1.", ".5", "1e5", "1,5", "--1", "1.2.3", " 1", "0x10", "abc", "+1"])
    func rejectsWhatIsNotAPlainDecimal(text: String) {
        #expect(FixedDecimal.parse(text) == nil)
    }

    @Test func equalityIgnoresScaleButNotCurrency() {
        #expect(Amount("1.0", "TRX")! == Amount("1.000000", "TRX")!)
        #expect(Amount("1", "TRX")! != Amount("1", "USDT")!)
    }

    @Test func mixingCurrenciesIsRefused() {
        #expect(throws: AmountError.currencyMismatch("TRX", "USDT")) {
            try Amount("1", "TRX")!.adding(Amount("1", "USDT")!)
        }
        #expect(throws: AmountError.currencyMismatch("EUR", "TRX")) {
            try Amount("1", "EUR")!.subtracting(Amount("1", "TRX")!)
        }
    }

    @Test func additionKeepsTheFinerScale() throws {
        let sum = try Amount("0.5", "TRX")!.adding(Amount("0.000001", "TRX")!)
        #expect(sum.decimalString == "0.500001")
    }

    @Test func multiplicationRoundsHalfToEvenAtPrecision() throws {
        let half = FixedDecimal("0.5")!
        #expect(try Amount("0.000005", "TRX")!.multiplied(by: half).decimalString == "0.000002")  // 0.0000025 -> even
        #expect(try Amount("0.000015", "TRX")!.multiplied(by: half).decimalString == "0.000008")  // 0.0000075 -> even
        #expect(try Amount("0.995000", "TRX")!.multiplied(by: half).decimalString == "0.497500")
        #expect(try Amount("1.00", "EUR")!.multiplied(by: FixedDecimal("0.125")!).decimalString == "0.12")
    }

    @Test func divisionRoundsAndRefusesZero() throws {
        #expect(try Amount("1.000000", "TRX")!.divided(by: 3).decimalString == "0.333333")
        #expect(try Amount("2.00", "EUR")!.divided(by: 3).decimalString == "0.67")
        #expect(throws: AmountError.decimal(.divisionByZero)) { try Amount("1", "TRX")!.divided(by: 0) }
    }

    @Test func finerThanPrecisionIsDetected() {
        #expect(FixedDecimal("0.0000001")!.isFiner(than: 6))
        #expect(!FixedDecimal("0.100000000")!.isFiner(than: 6))
        #expect(!FixedDecimal("12")!.isFiner(than: 0))
    }

    @Test func formatsNegativeAndZero() throws {
        #expect(try FixedDecimal("-1.5")!.rounded(to: 2).description == "-1.50")
        #expect(Amount.zero("TRX", scale: 6).decimalString == "0.000000")
        #expect(FixedDecimal(12345678).description == "12345678")
    }
}

struct TimestampTests {
    @Test func parsesOffsetsToTheSameInstant() throws {
        let utc = try #require(Timestamp("2024-12-16T07:20:23+00:00"))
        #expect(utc.epochSeconds == 1_734_333_623)
        #expect(Timestamp("2024-12-16T07:20:23Z")! == utc)
        #expect(Timestamp("2024-12-16T09:20:23+02:00")! == utc)
        #expect(Timestamp("2024-12-16T07:20:23.250+00:00")! == utc)
    }

    @Test func printsUTCWithANumericOffset() {
        #expect(Timestamp(epochSeconds: 1_734_333_623).text == "2024-12-16T07:20:23+00:00")
        #expect(Timestamp(epochSeconds: 0).text == "1970-01-01T00:00:00+00:00")
        #expect(Timestamp(epochSeconds: 951_782_400).text == "2000-02-29T00:00:00+00:00")
    }

    @Test(arguments: ["2024-12-16", "2024-12-16T07:20:23", "2024-13-01T00:00:00Z", "2024-12-16T07:20:23+0000", "x"])
    func rejectsMalformed(text: String) {
        #expect(Timestamp(text) == nil)
    }
}

struct AddressTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(Digests.hex(Digests.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digests.hex(Digests.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Digests.hex(Digests.sha256(long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test(arguments: ["TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qt", "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe",
                      "TKrzGg5YHerPLypmVq5pb525oDe451mbtM", "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"])
    func seedAddressesAreValid(address: String) throws {
        try TronAddress.validate(address)
    }

    @Test func refusesWithTheReason() {
        #expect(throws: TronAddress.Problem.badChecksum) { try TronAddress.validate("TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qa") }
        #expect(throws: TronAddress.Problem.badCharacter("0")) { try TronAddress.validate("TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Q0") }
        #expect(throws: TronAddress.Problem.wrongLength(24)) { try TronAddress.validate("TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6") }
    }

    @Test func encodesWhatItValidates() throws {
        let address = TronAddress.encode(account: Array(repeating: 7, count: 20))
        #expect(address.count == 34)
        #expect(address.hasPrefix("T"))
        try TronAddress.validate(address)
    }
}
