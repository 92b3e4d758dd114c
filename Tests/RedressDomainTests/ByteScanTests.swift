import Testing

@testable import RedressDomain

/// The byte-level scans a line's decoding runs through: the event id's fixed-layout parse, the
/// string scan that skips eight plain bytes at a time, and integers written digit by digit.
@Suite struct ByteScanTests {
    static let sample = "019b74fb-96c7-7111-89c0-62908aa78f2b"

    @Test func eventIDsParseInEitherCaseAndWriteInLowerCase() throws {
        let id = try #require(EventID(Self.sample))
        #expect(id.high == 0x019b_74fb_96c7_7111 && id.low == 0x89c0_6290_8aa7_8f2b)
        #expect(EventID(Self.sample.uppercased()) == id)
        #expect(id.description == Self.sample)
        for _ in 0..<200 {
            let random = EventID(high: .random(in: .min ... .max), low: .random(in: .min ... .max))
            #expect(EventID(random.description) == random)
            #expect(EventID(random.description.uppercased()) == random)
        }
    }

    @Test func everyPositionOfAnEventIDIsChecked() {
        let text = Array(Self.sample.utf8)
        for position in text.indices {
            let dash = [8, 13, 18, 23].contains(position)
            // Bytes beside each hex range, a dash where a digit belongs, a digit where a dash does.
            let wrong: [UInt8] = dash ? [0x30, 0x61, 0x2B, 0x5F] : [0x2F, 0x3A, 0x40, 0x47, 0x60, 0x67, 0x2D, 0x20]
            for byte in wrong {
                var bad = text
                bad[position] = byte
                #expect(EventID(String(decoding: bad, as: UTF8.self)) == nil, "byte \(byte) at \(position)")
            }
        }
        #expect(EventID(String(Self.sample.dropLast())) == nil)
        #expect(EventID(Self.sample + "0") == nil)
        #expect(EventID(String(Self.sample.filter { $0 != "-" })) == nil)
        #expect(EventID("") == nil)
    }

    /// Each byte a string's scan must stop at, put at every offset of a 20-byte string (so in the
    /// first, the middle or the last of the eight-byte words, and in the bytes after the last word).
    @Test func theStringScanStopsAtEverySpecialByteWhereverItLies() throws {
        let plain = Array("abcdefghijklmnopqrst".utf8)
        for offset in plain.indices {
            func with(_ insert: [UInt8]) -> [UInt8] {
                var bytes = plain
                bytes.replaceSubrange(offset..<offset + 1, with: insert)
                return Array(#"{"k":""#.utf8) + bytes + Array(#""}"#.utf8)
            }
            func string(_ bytes: [UInt8]) throws -> String? {
                guard case .object(let members) = try JSONParser.parse(bytes), case .string(let text) = members[0].value
                else { return nil }
                return text
            }
            var expected = plain
            expected[offset] = 0x0A
            #expect(try string(with(Array(#"\n"#.utf8))) == String(decoding: expected, as: UTF8.self))
            expected.replaceSubrange(offset..<offset + 1, with: Array("한".utf8))
            #expect(try string(with(Array("한".utf8))) == String(decoding: expected, as: UTF8.self))
            let column = 6 + offset + 1
            let control = "control character U+0001 must be escaped in a string"
            #expect(throws: JSONParser.SyntaxError(column: column, message: control)) {
                try JSONParser.parse(with([0x01]))
            }
            #expect(throws: JSONParser.SyntaxError(column: column, message: "invalid UTF-8 byte 0xff")) {
                try JSONParser.parse(with([0xFF]))
            }
            // A quote ends the string early: what follows is not a member separator.
            #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(with([0x22])) }
        }
    }

    @Test func integersAreWrittenDigitByDigit() {
        func written<I: BinaryInteger>(_ value: I) -> String {
            var w = CanonicalJSONWriter()
            w.integer(value)
            return w.text
        }
        for value: Int64 in [0, 7, 9, 10, 99, 100, 1_000_000_007, -1, -10, .max, .min] {
            #expect(written(value) == String(value))
        }
        #expect(written(Int.max) == String(Int.max))
        #expect(written(UInt64.max) == "18446744073709551615")
        #expect(written(UInt8(255)) == "255")
        for _ in 0..<200 {
            let value = Int64.random(in: .min ... .max)
            #expect(written(value) == String(value))
        }
    }
}
