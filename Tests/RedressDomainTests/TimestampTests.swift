import Testing

@testable import RedressDomain

@Suite struct TimestampTests {
    @Test func keepsTheOffsetAndNormalises() throws {
        let t = try Timestamp(parsing: "2026-03-01t10:00:00.5+09:00")
        #expect(t.text == "2026-03-01T10:00:00.500+09:00")
        #expect(t.utc.text == "2026-03-01T01:00:00.500Z")
        #expect(try Timestamp(parsing: "2026-03-01T10:00:00.000-05:30").text == "2026-03-01T10:00:00-05:30")
        #expect(try Timestamp(parsing: "1999-12-31T23:59:59z").text == "1999-12-31T23:59:59Z")
        #expect(try Timestamp(parsing: "2024-02-29T00:00:00Z").epochMilliseconds == 1_709_164_800_000)
        #expect(try Timestamp(parsing: "1970-01-01T09:00:00+09:00").epochMilliseconds == 0)
        #expect(Timestamp(epochMilliseconds: 1_709_164_800_000).utcMillisecondText == "2024-02-29T00:00:00.000Z")
    }

    @Test func sameInstantDifferentOffsetsCompareByInstant() throws {
        let a = try Timestamp(parsing: "2026-03-01T10:00:00+09:00")
        let b = try Timestamp(parsing: "2026-03-01T01:00:00Z")
        #expect(!(a < b) && !(b < a))
        #expect(a != b)  // other content: the offset is part of what was recorded
    }

    @Test(arguments: [
        ("2026-03-01T10:00:00", "offset is required"),
        ("2026-03-01 10:00:00Z", "'T'"),
        ("2026-02-29T10:00:00Z", "impossible date"),
        ("2026-02-30T10:00:00Z", "impossible date"),
        ("2026-13-01T10:00:00Z", "impossible date"),
        ("2026-04-31T10:00:00Z", "impossible date"),
        ("2026-03-01T24:00:00Z", "impossible time"),
        ("2026-03-01T10:60:00Z", "impossible time"),
        ("2026-12-31T23:59:60Z", "leap seconds"),
        ("2026-03-01T10:00:00.1234Z", "millisecond"),
        ("2026-03-01T10:00:00.Z", "digits must follow"),
        ("2026-03-01T10:00:00+9:00", "offset"),
        ("2026-03-01T10:00:00+24:00", "impossible time offset"),
        ("2026-03-01T10:00:00Z ", "unexpected text"),
        ("26-03-01T10:00:00Z", "not an RFC 3339"),
    ])
    func rejects(text: String, reason: String) {
        do {
            _ = try Timestamp(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.reason.contains(reason), "\(text): \(error.reason)")
        }
    }

    @Test func civilConversionRoundTripsOverCenturies() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (y, m, d) = Timestamp.civil(fromDays: days)
            #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == days)
        }
    }
}
