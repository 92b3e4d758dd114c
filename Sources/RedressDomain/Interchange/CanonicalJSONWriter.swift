/// The canonical JSON writer used for storage, export and hashing.
///
/// Rules (documented in the README, "Hash chain"): no insignificant white space;
/// strings escape only `"` and `\` and the control characters U+0000–U+001F
/// (`\b \f \n \r \t` in short form, the rest as `\u00xx` with lowercase hex);
/// every other character is written as raw UTF-8; numbers are written exactly as
/// given (the ledger only stores integers); object keys in the order the caller
/// gives them (``JSONValue`` objects written by ``writeSorted(_:)`` are sorted by
/// their UTF-8 bytes).
public struct CanonicalJSONWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty writer with room for `capacity` bytes.
    public init(reservingCapacity capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Appends `text` unescaped: the caller guarantees it is valid canonical JSON at this point.
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `text` unescaped: the caller guarantees it is valid canonical JSON at this point.
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Writes an integer in decimal, `-` before a negative one.
    public mutating func integer<I: BinaryInteger>(_ value: I) {
        // Digits straight into the bytes (every chain line has two integers; a String each was 1.5% of
        // the chain stage's samples). Values beyond 64 bits, which the ledger never stores, via String.
        guard let number = Int64(exactly: value) else { return raw(String(value)) }
        if number < 0 { bytes.append(0x2D) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of 2^64
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[end...]))
        }
    }

    /// Writes a JSON string literal with canonical escaping.
    public mutating func string(_ text: String) {
        bytes.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                runStart = i + 1
                switch byte {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    raw("\\u00")
                    Hex.append(byte, to: &bytes)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(0x22)
    }

    /// Writes a quoted event id.
    public mutating func string(_ id: EventID) {
        bytes.append(0x22)
        id.write(into: &bytes)
        bytes.append(0x22)
    }

    /// Writes a quoted timestamp (``Timestamp/text``, or UTC with three fraction digits).
    public mutating func string(_ time: Timestamp, utcMilliseconds: Bool = false) {
        bytes.append(0x22)
        if utcMilliseconds { time.utc.write(into: &bytes, forceMilliseconds: true) } else { time.write(into: &bytes) }
        bytes.append(0x22)
    }

    /// Writes bytes as lowercase hex digits, unquoted.
    public mutating func hex(_ data: [UInt8]) {
        data.withUnsafeBufferPointer { Hex.append($0, to: &bytes) }
    }

    /// Writes `"key":` (the key is a plain ASCII literal).
    public mutating func key(_ key: StaticString, first: Bool = false) {
        // One append, not five (each checks the array's capacity and uniqueness): a canonical line
        // writes a dozen keys.
        let name = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 4) { text in
            var at = 0
            if !first {
                text[0] = 0x2C
                at = 1
            }
            text[at] = 0x22
            at += 1
            for byte in name {
                text[at] = byte
                at += 1
            }
            text[at] = 0x22
            text[at + 1] = 0x3A
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<(at + 2)]))
        }
    }

    /// A member name that is not a literal (written as a JSON string, so escaped if it must be).
    public mutating func key(named key: String, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        string(key)
        bytes.append(0x3A)
    }

    /// Writes a value canonically, with object keys sorted by their UTF-8 bytes.
    public mutating func writeSorted(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .number(let text): raw(text)
        case .string(let text): string(text)
        case .array(let elements):
            bytes.append(0x5B)
            for (i, element) in elements.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                writeSorted(element)
            }
            bytes.append(0x5D)
        case .object(let members):
            bytes.append(0x7B)
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                string(member.key)
                bytes.append(0x3A)
                writeSorted(member.value)
            }
            bytes.append(0x7D)
        }
    }

    /// The written bytes as a String.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
