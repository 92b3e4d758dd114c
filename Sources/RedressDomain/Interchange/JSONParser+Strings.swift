extension JSONParser {
    /// Parses a string literal, validating UTF-8 and escapes. Fast path: no escapes.
    mutating func parseString() throws(SyntaxError) -> String {
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
