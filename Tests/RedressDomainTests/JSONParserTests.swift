import Testing

@testable import RedressDomain

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }
    func parseError(_ bytes: [UInt8]) -> String? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch { return error.message }
    }

    @Test func koreanEmojiAndEscapesRoundTrip() throws {
        let value = try parse(
            #"{"a":"배송이 늦었어요 😡","b":"tab\tquote\"slash\/back\\ \u00e9 \ud83d\ude00 \u0001"}"#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        try #require(members.count == 2)
        #expect(members[0].value == .string("배송이 늦었어요 😡"))
        #expect(members[1].value == .string("tab\tquote\"slash/back\\ é 😀 \u{01}"))
        var w = CanonicalJSONWriter()
        w.writeSorted(value)
        #expect(w.text == #"{"a":"배송이 늦었어요 😡","b":"tab\tquote\"slash/back\\ é 😀 \u0001"}"#)
    }

    @Test func numbersKeepTheirText() throws {
        #expect(try parse("[4, 4.0, -0.5e3]") == .array([.number("4"), .number("4.0"), .number("-0.5e3")]))
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate key"),
        (#"{"a":1} x"#, "unexpected text"),
        (#"{"a":01}"#, "leading zero"),
        (#"{"a":"\ud800"}"#, "lone surrogate"),
        (#"{"a":"\udc00x"}"#, "lone surrogate"),
        (#"{"a":"\q"}"#, "invalid escape"),
        (#"{"a":tru}"#, "invalid literal"),
        (#"{"a":"unterminated}"#, "unterminated"),
        (#"{"a" 1}"#, "expected ':'"),
        ("{\"a\":\"raw\ttab\"}", "must be escaped"),
        ("", "missing"),
    ])
    func malformedJSONIsRejected(text: String, expected: String) {
        let message = parseError(Array(text.utf8))
        #expect(message?.contains(expected) == true, "\(text) → \(message ?? "accepted")")
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [
            [0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x28, 0xA1], [0xF5, 0x80, 0x80, 0x80],
        ] {
            let text = Array(#"{"a":""#.utf8) + bytes + Array(#""}"#.utf8)
            #expect(parseError(text)?.contains("UTF-8") == true, "\(bytes)")
        }
    }

    @Test func deepNestingIsRejected() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(parseError(Array(deep.utf8))?.contains("nesting") == true)
    }
}
