/// An RFC 3339 instant with millisecond precision that remembers its UTC offset.
///
/// Parsing is strict: a date-time needs an offset (`Z` or `±hh:mm`), impossible
/// dates (`2026-02-30`), hours past 23, leap seconds and more than three fraction
/// digits are errors. The original offset is kept; ``text`` is the normalised form
/// the ledger stores and exports: upper-case `T` and `Z`, the fraction written as
/// three digits when it is not zero and left out when it is.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let epochMilliseconds: Int64
    /// Offset in minutes (±1439 fits 16 bits: keeps the value at 11 bytes, so states stay small).
    private let storedOffset: Int16
    /// Whether the offset was written as `Z` rather than `+00:00`.
    public let isZulu: Bool

    /// The offset from UTC in minutes, as written (`Z` is 0).
    public var offsetMinutes: Int { Int(storedOffset) }

    /// An instant shown at `offsetMinutes` (clamped to 16 bits); `isZulu` defaults to whether the offset is 0.
    public init(epochMilliseconds: Int64, offsetMinutes: Int = 0, isZulu: Bool? = nil) {
        self.epochMilliseconds = epochMilliseconds
        self.storedOffset = Int16(clamping: offsetMinutes)
        self.isZulu = isZulu ?? (offsetMinutes == 0)
    }

    /// Orders by instant alone: the offset a time was written with does not change where it sorts.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochMilliseconds < rhs.epochMilliseconds }
    /// Equal when instant, offset and `Z` all agree, which is exactly when ``text`` agrees: the same instant
    /// written with another offset is other content for the idempotency rule.
    public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.epochMilliseconds == rhs.epochMilliseconds && lhs.offsetMinutes == rhs.offsetMinutes
            && lhs.isZulu == rhs.isZulu
    }
    /// Hashes instant and offset, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epochMilliseconds)
        hasher.combine(offsetMinutes)
    }

    /// The same instant expressed in UTC (`…Z`).
    public var utc: Timestamp { Timestamp(epochMilliseconds: epochMilliseconds, offsetMinutes: 0, isZulu: true) }

    /// ``text``: the normalised form, with the original offset.
    public var description: String { text }

    /// The normalised RFC 3339 text, with the original offset.
    public var text: String {
        var out = [UInt8]()
        out.reserveCapacity(29)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``text``'s bytes to `out` (no allocation beyond the buffer's growth).
    public func write(into out: inout [UInt8], forceMilliseconds: Bool = false) {
        let local = epochMilliseconds + Int64(offsetMinutes) * 60_000
        let days = Self.floorDiv(local, 86_400_000)
        let msOfDay = local - days * 86_400_000
        let (year, month, day) = Self.civil(fromDays: days)
        // Laid out on the stack and appended once (an append per character checked the array's
        // capacity and uniqueness each time): `YYYY-MM-DDThh:mm:ss.sss+hh:mm` is 29 bytes at most.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
            var at = 0
            func put(_ byte: UInt8) {
                text[at] = byte
                at += 1
            }
            func two(_ v: Int) {
                put(UInt8(48 + v / 10))
                put(UInt8(48 + v % 10))
            }
            let y = Int(year)
            put(UInt8(48 + y / 1000))
            put(UInt8(48 + y / 100 % 10))
            two(y % 100)
            put(0x2D)
            two(month)
            put(0x2D)
            two(day)
            put(UInt8(ascii: "T"))
            let seconds = Int(msOfDay / 1000)
            two(seconds / 3600)
            put(0x3A)
            two(seconds / 60 % 60)
            put(0x3A)
            two(seconds % 60)
            let ms = Int(msOfDay % 1000)
            if ms != 0 || forceMilliseconds {
                put(0x2E)
                put(UInt8(48 + ms / 100))
                two(ms % 100)
            }
            if isZulu {
                put(UInt8(ascii: "Z"))
            } else {
                put(offsetMinutes < 0 ? 0x2D : 0x2B)
                let magnitude = abs(offsetMinutes)
                two(magnitude / 60)
                put(0x3A)
                two(magnitude % 60)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<at]))
        }
    }

    /// UTC text with exactly three fraction digits, as `recorded_at` is written.
    public var utcMillisecondText: String {
        var out = [UInt8]()
        out.reserveCapacity(24)
        utc.write(into: &out, forceMilliseconds: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Why a timestamp text was rejected.
    public struct ParseError: Error, Sendable, Equatable { public let reason: String }

    /// Parses an RFC 3339 date-time with an offset.
    ///
    /// - Throws: ``ParseError`` with the reason: no offset, an impossible date or time, a leap second,
    ///   more than three fraction digits, or anything outside RFC 3339.
    public init(parsing text: String) throws(ParseError) {
        var text = text
        let result = text.withUTF8 { Self.parse($0) }
        switch result {
        case .success(let value): self = value
        case .failure(let error): throw error
        }
    }

    /// The whole of RFC 3339's `date-time` with the rules in the type's documentation, or the reason it
    /// is not one.
    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<Timestamp, ParseError> {
        func fail(_ reason: String) -> Result<Timestamp, ParseError> { .failure(ParseError(reason: reason)) }
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            i += count
            return value
        }
        func expect(_ c: UInt8, _ alt: UInt8? = nil) -> Bool {
            guard i < b.count, b[i] == c || (alt != nil && b[i] == alt!) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else {
            return fail("not an RFC 3339 date-time (expected YYYY-MM-DDThh:mm:ss±hh:mm)")
        }
        guard expect(UInt8(ascii: "T"), UInt8(ascii: "t")) else {
            return fail("not an RFC 3339 date-time: 'T' must separate date and time")
        }
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2) else {
            return fail("not an RFC 3339 date-time (expected hh:mm:ss)")
        }
        guard (1...12).contains(month) else { return fail("impossible date: month \(month)") }
        guard day >= 1 && day <= daysIn(month: month, year: year) else {
            return fail("impossible date: \(year)-\(month < 10 ? "0" : "")\(month) has no day \(day)")
        }
        guard hour <= 23, minute <= 59 else { return fail("impossible time of day") }
        guard second <= 59 else { return fail("seconds must be 00–59 (leap seconds are not accepted)") }
        var millis = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                if count == 3 { return fail("more than millisecond precision") }
                millis = millis * 10 + Int(b[i] - 0x30)
                count += 1
                i += 1
            }
            guard count > 0 else { return fail("digits must follow the decimal point") }
            for _ in count..<3 { millis *= 10 }
        }
        guard i < b.count else { return fail("a time offset is required (Z or ±hh:mm)") }
        var offset = 0
        var zulu = false
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            zulu = true
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            let negative = b[i] == 0x2D
            i += 1
            guard let oh = digits(2), expect(0x3A), let om = digits(2) else {
                return fail("bad time offset (expected ±hh:mm)")
            }
            guard oh <= 23, om <= 59 else { return fail("impossible time offset") }
            offset = (oh * 60 + om) * (negative ? -1 : 1)
        } else {
            return fail("a time offset is required (Z or ±hh:mm)")
        }
        guard i == b.count else { return fail("unexpected text after the time offset") }
        let days = daysFromCivil(year: Int64(year), month: month, day: day)
        let localMs = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000 + Int64(second) * 1000 + Int64(millis)
        return .success(
            Timestamp(epochMilliseconds: localMs - Int64(offset) * 60_000, offsetMinutes: offset, isZulu: zulu))
    }

    /// 28–31: the days of `month` in `year` of the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Division rounded toward negative infinity (`b` must be positive), so days before 1970 fall on the right date.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
