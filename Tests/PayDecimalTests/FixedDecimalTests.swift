// The exact decimal: parsing, printing, the 38-digit domain, and the rounding rules at their edges.
import Testing
@testable import PayDecimal

private func d(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

@Suite struct FixedDecimalTests {
    @Test func parsesAndPrintsWithItsScale() {
        #expect(d("0.995000").description == "0.995000")
        #expect(d("-12.50").description == "-12.50")
        #expect(d("0").description == "0")
        #expect(d("0.0100").scale == 4)
        #expect(d("1.0") == d("1.000"))
        #expect(d("1.0").hashValue == d("1").hashValue)
    }

    @Test(arguments: [
        "0", "0.000", "-0.05", "1.0", "123.45", "18446744073709551615", "18446744073709551616",
        "-18446744073709551616.5", "99999999999999999999999999999999999999", "-0.12345678901234567890123456789012345678",
    ])
    func printsWhatItParsed(text: String) {
        #expect(d(text).description == text)
    }

    @Test func printsEveryPlaceUpTo76() throws {
        let tiny = try #require(FixedDecimal(coefficient: -1, scale: 76))
        #expect(tiny.description == "-0." + String(repeating: "0", count: 75) + "1")
        let wide = try #require(FixedDecimal(coefficient: 12_345, scale: 2))
        #expect(wide.description == "123.45")
    }

    @Test func refusesWhatIsNotAPlainDecimalOrDoesNotFit() {
        for text in ["", "-", ".5", "5.", "1e5", "1,5", "+1", "1.2.3", " 1", "NaN", "0x10"] {
            #expect(FixedDecimal(text) == nil, "\(text)")
        }
        #expect(FixedDecimal(String(repeating: "9", count: 39)) == nil)
        #expect(FixedDecimal("0." + String(repeating: "1", count: 39)) == nil)
        // 38 nines fit; trailing zeros beyond 38 digits are dropped from the scale, not the value.
        #expect(FixedDecimal(String(repeating: "9", count: 38))?.description == String(repeating: "9", count: 38))
        #expect(FixedDecimal("99999999999999999999999999999999.999999000")?.description == "99999999999999999999999999999999.999999")
    }

    @Test func additionIsExactOrRefused() throws {
        #expect(try d("0.1").adding(d("0.2")).description == "0.3")
        #expect(try d("1.50").adding(d("1")).description == "2.50")
        #expect(throws: DecimalError.tooManyDigits) { try d("42778513898218677143136175584319752331").adding(d("0.9")) }
        // The aligned operand overflows Int128, yet the exact sum fits.
        let big = d("18000000000000000000000000000000000.000")   // 35 integer digits at scale 3
        let nearly = d("-9000000000000000000000000000000000.0001")  // 38 digits at scale 4
        #expect(try big.adding(nearly).description == "8999999999999999999999999999999999.9999")
        // Aligning 38 digits to one place overflows Int128; the exact sum drops the trailing zero.
        #expect(try d("90000000000000000000000000000000000000").adding(d("1.0")).description == "90000000000000000000000000000000000001")
        // A total that starts at zero takes the places of what is added.
        #expect(try FixedDecimal.zero.adding(d("0.995000")).description == "0.995000")
        #expect(try d("0.995000").subtracting(d("1")).description == "-0.005000")
    }

    @Test func negativeCoefficientsCrossToWideIntegersIntact() throws {
        // The decimal oracle's first find: BigInt's generic conversion misread negative two-word Int128s.
        #expect(try d("-937204993512884359.215276540746").adding(d("7")).description == "-937204993512884352.215276540746")
        #expect(try d("-1000000000000000000000000000000000").divided(by: d("100")).description == "-10000000000000000000000000000000")
        #expect(try d("-99999999999999999999.5").multiplied(by: d("-3")).description == "299999999999999999998.5")
    }

    @Test func multiplicationIsExactOrRefused() throws {
        #expect(try d("0.005").multiplied(by: d("1.000000")).description == "0.005000000")
        #expect(throws: DecimalError.tooManyDigits) {
            try d("10000000000000000000000000000000000000").multiplied(by: d("10000000000000000000000000000000000000"))
        }
        let fine = "0." + String(repeating: "3", count: 38)
        #expect(throws: DecimalError.self) { try d(fine).multiplied(by: d(fine)) }
        // Trailing zeros are dropped to fit, never digits that matter.
        #expect(try d("1000000000000000000.00").multiplied(by: d("1000000000000000000.00")).description == "1000000000000000000000000000000000000.0")
    }

    @Test func divisionIsExactWhenItTerminatesElseHalfEvenAt38Digits() throws {
        #expect(try d("1000000000000000").divided(by: d("0.3999999999999999999999999")).description
                == "2500000000000000.000000000625")
        #expect(try d("1").divided(by: d("1099511627776")).description == "0.0000000000009094947017729282379150390625")
        #expect(try d("1").divided(by: d("3")).description == "0." + String(repeating: "3", count: 38))
        #expect(try d("2").divided(by: d("3")).description == "0." + String(repeating: "6", count: 37) + "7")
        #expect(try d("10").divided(by: d("4")).description == "2.5")
        #expect(try d("10.00").divided(by: d("2")).description == "5")
        #expect(throws: DecimalError.divisionByZero) { try d("1").divided(by: d("0")) }
        #expect(throws: DecimalError.tooManyDigits) { try d("10000000000000000000000000000000000000").divided(by: d("0.1")) }
    }

    /// Issue 31: 1e-61 / 1e33 is 1e-94, finer than 76 places: refused as a product that fine is,
    /// where it printed 0; at 76 places exactly, and rounding up to the 76th, it is given.
    @Test func aQuotientFinerThan76PlacesIsRefusedNotZero() throws {
        let tiny = "0." + String(repeating: "0", count: 60) + "1"
        #expect(throws: DecimalError.tooManyPlaces) { try d(tiny).divided(by: d("1" + String(repeating: "0", count: 33))) }
        #expect(throws: DecimalError.tooManyPlaces) { try d("-" + tiny).divided(by: d("1" + String(repeating: "0", count: 16))) }
        #expect(try d(tiny).divided(by: d("1" + String(repeating: "0", count: 15))).description
                == "0." + String(repeating: "0", count: 75) + "1")
        #expect(try d(tiny).divided(by: d("15" + String(repeating: "0", count: 14))).description
                == "0." + String(repeating: "0", count: 75) + "1")
        #expect(try d("0").divided(by: d("3")).description == "0")
    }

    @Test func roundingToAPrecisionIsHalfEvenFromTheExactValue() throws {
        #expect(try d("0.000005").divided(by: d("1.9999999999999999999999999999999999999"), roundedTo: 6).description == "0.000003")
        #expect(try d("99999999999999999999999999999999.999999").multiplied(by: d("0.5"), roundedTo: 6).description
                == "50000000000000000000000000000000.000000")
        #expect(try d("0.0000025").rounded(to: 6).description == "0.000002")
        #expect(try d("0.0000035").rounded(to: 6).description == "0.000004")
        #expect(try d("-0.0000035").rounded(to: 6).description == "-0.000004")
        #expect(try d("2.5").multiplied(by: d("0.27"), roundedTo: 2).description == "0.68")
        #expect(try d("1").rounded(to: 6).description == "1.000000")
        #expect(throws: DecimalError.tooManyDigits) { try d("10000000000000000000000000000000000").rounded(to: 6) }
    }

    @Test func comparesAcrossScales() {
        #expect(d("0.995") == d("0.995000"))
        #expect(d("-1") < d("0.000001"))
        #expect(d("99999999999999999999999999999999999999") > d("0.00000000000000000000000000000000000001"))
        #expect(d("2.50").isFiner(than: 1) == false)
        #expect(d("2.55").isFiner(than: 1) == true)
        #expect(d("3.000").wholeValue == 3)
    }
}
