/// A strict, allocation-light JSON parser over UTF-8 bytes.
///
/// Stricter than RFC 8259 requires in the ways a ledger needs: invalid UTF-8,
/// lone surrogate escapes, duplicate object keys and nesting deeper than
/// ``maximumDepth`` are all errors. Errors carry the byte offset (1-based column).
public struct JSONParser {
    /// Nesting deeper than this is rejected (protects the recursive descent).
    public static let maximumDepth = 32

    /// A syntax error with the 1-based byte column where it was found.
    public struct SyntaxError: Error, Equatable, Sendable {
        /// 1-based byte offset in the text where the error was found.
        public var column: Int
        /// What was expected or found there.
        public var message: String
    }

    /// Parses one complete JSON text; anything but whitespace after the value is an error.
    ///
    /// - Throws: ``SyntaxError`` at the first byte that breaks the grammar or the rules above.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index != bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    /// Parses one complete JSON text held in an array of bytes.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in try parse(buffer) }
        } catch let error as SyntaxError {
            throw error
        } catch {
            fatalError("unreachable")
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// A parser at the first byte of `bytes`.
    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A syntax error at `position` (default: the current byte), reported 1-based.
    private func error(_ message: String, at position: Int? = nil) -> SyntaxError {
        SyntaxError(column: (position ?? index) + 1, message: message)
    }

    /// Steps over JSON's four white-space bytes (space, tab, LF, CR), nothing else.
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The value starting at the current byte; `depth` counts the objects and arrays around it.
    private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of line: a value is missing") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character '\(Self.describe(bytes[index]))': expected a JSON value")
        }
    }

    /// A byte for an error message: itself when printable ASCII, else `\xNN`.
    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    /// Consumes `literal` (`true`, `false`, `null`) exactly, or fails at its first byte.
    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("invalid literal", at: start) }
        let base = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != base[offset] {
            throw error("invalid literal", at: start)
        }
        index += count
    }

    /// An object; a key seen twice in it is an error.
    private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue {
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        // An event line's objects have up to 8 members: one allocation, not one per doubling.
        members.reserveCapacity(8)
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a quoted member name")
            }
            let keyStart = index
            let key = try parseString()
            for member in members where member.key == key {
                throw error("duplicate key \"\(key)\"", at: keyStart)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after a member name")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of line inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    /// An array, its elements in order.
    private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of line inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    /// The number's text as written, checked against RFC 8259's grammar (no leading zeros, no `+`, no
    /// bare point); never converted.
    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("invalid number: leading zero", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("invalid number: digits must follow '.'", at: start)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("invalid number: bad exponent", at: start)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Parses a string literal, validating UTF-8 and escapes. Fast path: no escapes.
    private mutating func parseString() throws(SyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        var plain = true
        // Scan: find the closing quote, validate UTF-8 as we go.
        while true {
            // Eight bytes at a time while none of them needs a look (most of a line's text).
            while index &+ 8 <= bytes.count,
                !Self.needsLook(
                    UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: index, as: UInt64.self))
            {
                index += 8
            }
            guard index < bytes.count else { throw error("unterminated string", at: open) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                plain = false
                index += 2
                continue
            }
            if byte < 0x20 {
                throw error(
                    "control character U+00\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))"
                        + " must be escaped in a string"
                )
            }
            if byte < 0x80 {
                index += 1
                continue
            }
            index = try validateUTF8Sequence(at: index)
        }
        let end = index
        index += 1
        if plain {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        return try unescape(start: start, end: end)
    }

    /// Whether any of the eight bytes in `word` is a quote, a backslash, a control character or not
    /// ASCII: the bytes a string's scan must look at one by one. (Each test is exact for whether such a
    /// byte is present, so none is ever skipped.)
    @inline(__always) private static func needsLook(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highs != 0
        return word & highs != 0 || belowSpace || hasZeroByte(word ^ (ones &* 0x22))
            || hasZeroByte(word ^ (ones &* 0x5C))
    }

    /// Validates one multi-byte UTF-8 sequence starting at `position`; returns the index after it.
    private func validateUTF8Sequence(at position: Int) throws(SyntaxError) -> Int {
        let lead = bytes[position]
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            minimum = 0x80
            scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            minimum = 0x800
            scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            minimum = 0x10000
            scalar = UInt32(lead & 0x07)
        default: throw error("invalid UTF-8 byte 0x\(String(lead, radix: 16))", at: position)
        }
        guard position + length <= bytes.count else { throw error("truncated UTF-8 sequence", at: position) }
        for offset in 1..<length {
            let next = bytes[position + offset]
            guard next & 0xC0 == 0x80 else { throw error("invalid UTF-8 sequence", at: position) }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
            throw error("invalid UTF-8 sequence", at: position)
        }
        return position + length
    }

    /// The bytes in `start..<end` of a string with their escapes decoded; a `\u` high surrogate must be
    /// followed by a `\u` low one, and a lone surrogate is an error.
    private func unescape(start: Int, end: Int) throws(SyntaxError) -> String {
        var output = [UInt8]()
        output.reserveCapacity(end - start)
        var i = start
        while i < end {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                i += 1
                continue
            }
            guard i + 1 < end else { throw error("bad escape", at: i) }
            let code = bytes[i + 1]
            i += 2
            switch code {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 6 <= end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("lone surrogate escape \\u\(String(scalar, radix: 16))", at: i - 6)
                    }
                    let low = try hex4(at: i + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate escape", at: i - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("lone surrogate escape \\u\(String(scalar, radix: 16))", at: i - 6)
                }
                Self.appendUTF8(scalar, to: &output)
            default:
                throw error("invalid escape '\\\(Self.describe(code))'", at: i - 2)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The four hex digits at `position` (either case) as a value.
    private func hex4(at position: Int) throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("bad \\u escape", at: position) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let c = bytes[position + offset]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw error("bad \\u escape", at: position)
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Appends `scalar` (a valid Unicode scalar value) as UTF-8.
    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
