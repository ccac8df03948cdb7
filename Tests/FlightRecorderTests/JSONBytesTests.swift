@testable import FlightRecorder
import Testing

@Suite struct JSONBytesTests {
    func written(_ write: (inout JSONBytes) -> Void) -> String {
        var json = JSONBytes(reservingCapacity: 1)
        write(&json)
        return String(decoding: json.finish(), as: UTF8.self)
    }

    @Test(arguments: [0, 7, 10, 99, 100, 101, 999, 1000, 12_345, 1_732_505_000_123_456_789, UInt64.max])
    func number_unsigned_isItsDecimalForm(value: UInt64) {
        #expect(written { $0.number(value) } == String(value))
    }

    @Test(arguments: [Int64.min, -42, -1, 0, 42, Int64.max])
    func number_signed_isItsDecimalForm(value: Int64) {
        #expect(written { $0.number(value) } == String(value))
    }

    @Test func hexAndFractions_fixedWidth_areZeroPadded() {
        #expect(written { $0.hex(0xAB) } == "00000000000000ab")
        #expect(written { $0.hex(.max) } == "ffffffffffffffff")
        #expect(written { $0.threeDigits(7) } == "007")
        #expect(written { $0.quoted(42) } == "\"42\"")
    }

    @Test func string_controlAndQuoteCharacters_areEscaped() {
        #expect(written { $0.string("a\"b\\c\nd\re\tf\u{01}g é") } == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g é\"")
    }

    @Test func writes_pastTheReservedCapacity_growTheBuffer() {
        let text = String(repeating: "x", count: 10_000)
        #expect(written { json in for _ in 0..<10 { json.string(text) } }.utf8.count == 10 * 10_002)
    }

    @Test(arguments: [1, 100_000])
    func render_inPlaceOrOutgrowingTheEstimate_givesTheSameBytes(estimate: Int) {
        let text = String(repeating: "y", count: 5_000)
        let bytes = JSONBytes.render(estimatedCount: estimate) { json in
            json.raw("[")
            json.string(text)
            json.raw("]")
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "[\"" + text + "\"]")
    }
}
