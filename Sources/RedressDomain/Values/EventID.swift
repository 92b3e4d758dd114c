/// An event's idempotency key: a UUID, held as its 16 bytes.
///
/// Text is accepted in either case and always written in lower case
/// (`8-4-4-4-12`). Ids the ledger creates itself are UUIDv7 (RFC 9562):
/// time-ordered, so the event-id index grows at its right edge.
public struct EventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The UUID's first 8 bytes, big-endian.
    public let high: UInt64
    /// The UUID's last 8 bytes, big-endian.
    public let low: UInt64

    /// Any 128-bit value; no version or variant bits are checked.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 16 bytes, big-endian, as stored.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Calls `body` with ``bytes`` laid out on the stack (nothing allocated: a hot path binds them).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: (high.bigEndian, low.bigEndian), body)
    }

    /// Reads the 16 stored bytes (big-endian). Not generic: it runs once per row in scans.
    public init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for k in 0..<8 { high = high << 8 | UInt64(bytes[k]) }
        for k in 8..<16 { low = low << 8 | UInt64(bytes[k]) }
        self.init(high: high, low: low)
    }

    /// Reads the 16 stored bytes (big-endian).
    public init?(bytes: [UInt8]) {
        guard let id = bytes.withUnsafeBufferPointer({ EventID(bytes: $0) }) else { return nil }
        self = id
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in either case).
    public init?(_ text: String) {
        // Over the string's bytes where they lie: walking `utf8` an index at a time cost ~4% of an
        // import's decoder thread.
        guard
            let id = text.utf8.withContiguousStorageIfAvailable(Self.parse)
                ?? Array(text.utf8).withUnsafeBufferPointer(Self.parse)
        else { return nil }
        self = id
    }

    /// The id in `8-4-4-4-12` hex (either case), or `nil` for anything else.
    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> EventID? {
        // Fixed layout: the dashes checked where they must be, then the 32 digits read in four runs
        // (a byte-at-a-time walk checking for dashes at every position was 7% of decoding a line).
        guard text.count == 36, text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else {
            return nil
        }
        var invalid = false
        func digits(_ range: Range<Int>, into word: inout UInt64) {
            for i in range {
                let byte = text[i]
                let decimal = byte &- 0x30
                let letter = (byte | 0x20) &- 0x61
                let value = decimal < 10 ? decimal : letter < 6 ? letter + 10 : 0xFF
                invalid = invalid || value == 0xFF
                word = word << 4 | UInt64(value & 0xF)
            }
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        digits(0..<8, into: &high)
        digits(9..<13, into: &high)
        digits(14..<18, into: &high)
        digits(19..<23, into: &low)
        digits(24..<36, into: &low)
        return invalid ? nil : EventID(high: high, low: low)
    }

    /// The lower-case `8-4-4-4-12` text: the form stored, exported and hashed.
    public var description: String {
        var out = [UInt8]()
        out.reserveCapacity(36)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the lowercase `8-4-4-4-12` text to `out`.
    public func write(into out: inout [UInt8]) {
        // Laid out on the stack and appended once: 36 appends each checked the array's capacity.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            var at = 0
            for k in 0..<32 {
                if k == 8 || k == 12 || k == 16 || k == 20 {
                    text[at] = UInt8(ascii: "-")
                    at += 1
                }
                let word = k < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * (k % 16))) & 0xF
                text[at] = Hex.digit(nibble)
                at += 1
            }
            out.append(contentsOf: text)
        }
    }

    /// Orders by the 16 bytes, so UUIDv7 ids order by their millisecond time first.
    public static func < (lhs: EventID, rhs: EventID) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    /// A new UUIDv7 for `milliseconds` since the epoch, with 74 random bits.
    public static func version7(milliseconds: Int64, using generator: inout some RandomNumberGenerator) -> EventID {
        let random = generator.next() as UInt64
        let randA = random & 0xFFF
        let high = UInt64(bitPattern: milliseconds) << 16 | 0x7000 | randA
        let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return EventID(high: high, low: low)
    }
}
