import Foundation
import PropertyBased
import RedressDomain
import Testing

@testable import RedressProjections

let second: Int64 = 1000
let minute: Int64 = 60_000
let hour: Int64 = 3_600_000
let day: Int64 = 86_400_000

/// Epoch milliseconds of an RFC 3339 instant.
func epochMs(_ text: String) -> Int64 { try! Timestamp(parsing: text).epochMilliseconds }

/// ⌊a / b⌋ for b > 0.
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { (a - ((a % b) + b) % b) / b }

/// A zone's UTC offsets as Foundation gives them, asked once per UTC minute and kept (a zone's offset
/// changes on whole minutes, so it is constant within one).
final class MinuteOffsets {
    let zone: TimeZone
    private var known: [Int64: Int64] = [:]
    init(_ identifier: String) { zone = TimeZone(identifier: identifier)! }

    /// The offset in milliseconds during UTC minute `m` (minutes since 1970-01-01T00:00Z).
    func offset(minute m: Int64) -> Int64 {
        if let offset = known[m] { return offset }
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(m * 60)))) * 1000
        known[m] = offset
        return offset
    }
}

/// SPEC 7.1 taken literally, to hold ``WorkingCalendar`` to: no offset spans, no prefix sums.
///
/// An instant is working when its local date (UTC plus Foundation's offset at it, in days since
/// 1970-01-01, a Thursday) is not a holiday and its local time of day lies in `[start, end)` of an
/// interval of its weekday. Working time in `[a, b)` is counted second by second: for each whole
/// second `s` in `[⌊a/1000⌋, ⌈b/1000⌉)`, the overlap in milliseconds of `[1000s, 1000s + 1000)` with
/// `[a, b)` counts when the instant `1000s` is working (interval ends and offsets fall on whole
/// minutes, so a second is working throughout or not at all). It is slow, linear in the span.
struct ReferenceCalendar {
    let offsets: MinuteOffsets
    /// Monday first, milliseconds of the local day.
    let hours: [[WorkingCalendar.Interval]]
    /// Local dates, days since 1970-01-01.
    let holidays: [Int64]

    /// Whether `instant` is working, the zone's offset at it being `offset` milliseconds.
    func isWorking(_ instant: Int64, offset: Int64) -> Bool {
        let local = instant + offset
        let date = floorDiv(local, day)
        for holiday in holidays where holiday == date { return false }
        let time = local - date * day
        for interval in hours[Int(((date + 3) % 7 + 7) % 7)] where interval.start <= time && time < interval.end {
            return true
        }
        return false
    }

    func isWorking(_ instant: Int64) -> Bool {
        isWorking(instant, offset: offsets.offset(minute: floorDiv(instant, minute)))
    }

    /// Working milliseconds in `[a, b)` (0 when `b ≤ a`).
    func workingMilliseconds(from a: Int64, to b: Int64) -> Int64 {
        guard b > a else { return 0 }
        var total: Int64 = 0
        var s = floorDiv(a, second)
        let end = -floorDiv(-b, second)
        while s < end {
            let m = floorDiv(s, 60)
            let offset = offsets.offset(minute: m)
            let minuteEnd = min(end, (m + 1) * 60)
            while s < minuteEnd {
                if isWorking(s * second, offset: offset) { total += min(b, s * second + second) - max(a, s * second) }
                s += 1
            }
        }
        return total
    }
}

/// The property test's zones, and per zone the instants its inputs land near: the daylight-saving
/// changes (New York also in 2045), SPEC 7.1's Seoul examples, two UTC instants.
private let zones = ["Asia/Seoul", "America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"]
private let anchors: [[Int64]] = [
    ["2026-01-09T17:50:00+09:00", "2026-02-16T00:00:00+09:00"],
    ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2045-03-12T07:00:00Z", "2045-11-05T06:00:00Z"],
    ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"],
    ["2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"],
    ["2026-01-01T00:00:00Z", "2026-06-30T23:45:00Z"],
].map { $0.map(epochMs) }

/// One input: a calendar, a span `[a, b)`, an amount of working time and the instants to probe.
struct CalendarCase: Sendable, CustomStringConvertible {
    var zone: String
    var hours: [[WorkingCalendar.Interval]]
    var holidays: [Int64]
    var a: Int64
    var b: Int64
    /// The amount for `instant(after: a, adding:)`: this many thousandths of w(a, b), plus `extra`
    /// when `extraMode` is 0, or is 1 and w(a, b) is 0; a negative `permille` is itself the amount.
    var permille: Int64
    var extra: Int64
    var extraMode: Int
    /// Instants where `isWorking` is probed (besides a, b and the instant found).
    var probes: [Int64]

    var description: String {
        let week = Swift.zip(WorkingCalendar.dayKeys, hours).filter { !$0.1.isEmpty }.map { key, day in
            key + " "
                + day.map { WorkingCalendar.timeText($0.start) + "-" + WorkingCalendar.timeText($0.end) }
                .joined(separator: ",")
        }
        let dates = holidays.map { WorkingCalendar.LocalDate(days: $0).description }
        return "\(zone) {\(week.joined(separator: "; "))} holidays \(dates) a=\(a) \(Timestamp(epochMilliseconds: a)) "
            + "b=\(b) \(Timestamp(epochMilliseconds: b)) permille=\(permille) extra=\(extra) mode=\(extraMode) "
            + "probes=\(probes)"
    }
}

/// A weekday: a day off one time in five, else up to five quarter-hour marks (clamped to 00:00 …
/// 24:00, so both ends come up often) cutting the day into stretches that are, in turn, working and
/// not (starting either way); equal marks make touching intervals.
private let dayGen = zip(Gen.bool(0.2), Gen.bool, Gen.int(in: -8...104).array(of: 1...5)).map {
    off, fromMidnight, marks -> Day in
    if off { return [] }
    let q = (fromMidnight ? [0] : []) + marks.map { Int64(min(96, max(0, $0))) }.sorted() + [96]
    return stride(from: 0, to: q.count - 1, by: 2).compactMap { i in
        q[i] < q[i + 1] ? WorkingCalendar.Interval(start: q[i] * 900_000, end: q[i + 1] * 900_000) : nil
    }
}
private typealias Day = [WorkingCalendar.Interval]
private let weekGen = zip(dayGen, dayGen, dayGen, dayGen, dayGen, dayGen, dayGen).map { d -> [Day] in
    let week = [d.0, d.1, d.2, d.3, d.4, d.5, d.6]
    return week.contains { !$0.isEmpty } ? week : [[.init(start: 9 * hour, end: 17 * hour)]] + week.dropFirst()
}
/// Zone (by weight: Seoul 3, New York 6, London 4, Lord Howe 5, UTC 2), anchor, whether the span
/// straddles the anchor (and where, in thousandths) or starts some quarter hours from it, kind of
/// jitter, jitter.
private let startGen = zip(
    Gen.int(in: 0...19), Gen.int(in: 0...99), Gen.bool, Gen.int64(in: 0...1000), Gen.int64(in: -300...300),
    Gen.int(in: 0...7), Gen.int64(in: -900_000...900_000))
/// Kind of span, span, snapped to a quarter hour?, jitter after snapping.
private let spanGen = zip(Gen.int(in: 0...99), Gen.int64(in: 0...Int64.max), Gen.bool, Gen.int64(in: -1500...1500))
private let caseGen = zip(
    startGen, spanGen, weekGen, Gen.int(in: -12...12).array(of: 0...4),
    zip(Gen.int(in: -50...1050), Gen.int(in: 0...9), Gen.int64(in: 1...3_600_000)), Gen.int64(in: 0...1000).array(of: 3)
).map { g -> CalendarCase in
    let (start, span, week, holidays, amount, probes) = g
    let zone = [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4][start.0]
    let near = anchors[zone][start.1 % anchors[zone].count]
    let limit: Int64 =
        switch span.0 {
        case 0..<5: 0
        case 5..<13: 2000
        case 13..<38: 15 * minute
        case 38..<78: 6 * hour
        case 78..<97: day
        default: 4 * day
        }
    let length = span.1 % (limit + 1)
    let jitter: Int64 =
        switch start.5 {
        case 0, 1: 0
        case 2: 1
        case 3: -1
        case 4: start.6 % 1000
        case 5: start.6 % 60_000
        default: start.6
        }
    let quarter: Int64 = 900_000
    let a =
        (start.2 ? floorDiv(near - length * start.3 / 1000, quarter) : floorDiv(near, quarter) + start.4) * quarter
        + jitter
    var b = a + length
    if span.2 && limit > 2000 { b = max(a, floorDiv(b + quarter / 2, quarter) * quarter + span.3) }
    return CalendarCase(
        zone: zones[zone], hours: week, holidays: holidays.map { floorDiv(near, day) + Int64($0) }, a: a, b: b,
        permille: Int64(amount.0), extra: amount.2, extraMode: amount.1 == 0 ? 0 : amount.1 < 5 ? 1 : 2,
        probes: [near - 1, near, near + 1] + probes.map { a + (b - a) * $0 / 1000 })
}

@Suite struct WorkingCalendarTests {
    /// `workingMilliseconds`, `instant(after:adding:)` and `isWorking` against ``ReferenceCalendar``.
    @Test func agreesWithTheSecondBySecondReference() async {
        let offsets = Dictionary(uniqueKeysWithValues: zones.map { ($0, MinuteOffsets($0)) })
        await propertyCheck(count: 2000, input: caseGen) { c in
            let calendar = WorkingCalendar(
                hours: c.hours, holidays: c.holidays.map(WorkingCalendar.LocalDate.init(days:)), timezone: c.zone)
            let reference = ReferenceCalendar(offsets: offsets[c.zone]!, hours: c.hours, holidays: c.holidays)
            let w = reference.workingMilliseconds(from: c.a, to: c.b)
            #expect(calendar.workingMilliseconds(from: c.a, to: c.b) == w)
            if c.b > c.a { #expect(calendar.workingMilliseconds(from: c.b, to: c.a) == 0) }

            // w(a, x) for x ≥ a, counting only the shorter stretch given w = w(a, b).
            func upTo(_ x: Int64) -> Int64 {
                if x >= c.b { return w + reference.workingMilliseconds(from: c.b, to: x) }
                return x - c.a <= c.b - x
                    ? reference.workingMilliseconds(from: c.a, to: x)
                    : w - reference.workingMilliseconds(from: x, to: c.b)
            }
            let extra = c.extraMode == 0 || (c.extraMode == 1 && w == 0) ? c.extra : 0
            let amount = c.permille < 0 ? c.permille : w * min(c.permille, 1000) / 1000 + extra
            let t = calendar.instant(after: c.a, adding: amount)
            if amount <= 0 {
                #expect(t == c.a)
            } else {
                // The least t with w(a, t) ≥ amount, by the calendar's own count and (while it is
                // affordable) by the reference's.
                #expect(t > c.a && t - c.b < 60 * day)
                #expect(calendar.workingMilliseconds(from: c.a, to: t) >= amount)
                #expect(calendar.workingMilliseconds(from: c.a, to: t - 1) < amount)
            }
            if amount > 0 && t > c.a && t - c.b <= day {
                let before = upTo(t - 1)
                let after = before + reference.workingMilliseconds(from: t - 1, to: t)
                #expect(
                    before < amount && amount <= after,
                    "t = \(t): w(a, t−1) = \(before), w(a, t) = \(after), amount \(amount)")
            }
            let gap = t > c.b ? (1...3).map { c.b + (t - c.b) * $0 / 4 } : []  // also where no count reaches
            for p in [c.a, c.b - 1, c.b, t - 1, t] + c.probes + gap {
                #expect(calendar.isWorking(p) == reference.isWorking(p), "at \(p) \(Timestamp(epochMilliseconds: p))")
            }
        }
    }

    /// A calendar read the way a policy file gives it.
    func calendar(_ hours: String, holidays: String = "[]", zone: String) throws -> WorkingCalendar {
        let json =
            #"{"timezone":"\#(zone)","sla":{"clock":"business"},"#
            + #""calendar":{"hours":\#(hours),"holidays":\#(holidays)}}"#
        return try #require(try Policy.parse(Array(json.utf8)).calendar)
    }

    func week(_ days: [String], _ intervals: String) -> String {
        "{" + days.map { "\"\($0)\":\(intervals)" }.joined(separator: ",") + "}"
    }

    let weekdays = ["mon", "tue", "wed", "thu", "fri"]

    @Test func koreanHoursSkipTheNightTheWeekendLunchAndSeollal() throws {
        let korea = try calendar(
            week(weekdays, #"[["09:00","12:00"],["13:00","18:00"]]"#),
            holidays: #"["2026-02-16","2026-02-17","2026-02-18"]"#, zone: "Asia/Seoul")
        let friday = epochMs("2026-01-09T17:50:00+09:00")
        #expect(korea.workingMilliseconds(from: friday, to: epochMs("2026-01-12T09:10:00+09:00")) == 20 * minute)
        #expect(korea.instant(after: friday, adding: 20 * minute) == epochMs("2026-01-12T09:10:00+09:00"))
        let beforeSeollal = epochMs("2026-02-13T17:00:00+09:00")
        #expect(korea.workingMilliseconds(from: beforeSeollal, to: epochMs("2026-02-19T10:00:00+09:00")) == 2 * hour)
        #expect(korea.instant(after: beforeSeollal, adding: 2 * hour) == epochMs("2026-02-19T10:00:00+09:00"))
        #expect(korea.isWorking(epochMs("2026-01-12T11:59:59.999+09:00")))
        #expect(!korea.isWorking(epochMs("2026-01-12T12:00:00+09:00")))
        #expect(korea.isWorking(epochMs("2026-01-12T13:00:00+09:00")))
        #expect(!korea.isWorking(epochMs("2026-02-17T10:00:00+09:00")))
        #expect(
            korea.instant(after: epochMs("2026-01-12T11:00:00+09:00"), adding: 2 * hour)
                == epochMs("2026-01-12T14:00:00+09:00"))
    }

    @Test func aRoundTheClockCalendarCountsTheElapsedTimeOfDaylightSavingDays() throws {
        let allWeek = try calendar(week(WorkingCalendar.dayKeys, #"[["00:00","24:00"]]"#), zone: "America/New_York")
        for (from, to, hours) in [
            ("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00", Int64(25)),
            ("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00", 23),
        ] {
            let (a, b) = (epochMs(from), epochMs(to))
            #expect(b - a == hours * hour)
            #expect(allWeek.workingMilliseconds(from: a, to: b) == hours * hour)
            #expect(allWeek.instant(after: a, adding: hours * hour) == b)
        }
    }

    @Test func aNewYorkWorkingWeekIsFortyHoursAcrossEitherChange() throws {
        let ny = try calendar(week(weekdays, #"[["09:00","17:00"]]"#), zone: "America/New_York")
        #expect(
            ny.workingMilliseconds(from: epochMs("2026-03-06T00:00:00-05:00"), to: epochMs("2026-03-13T00:00:00-04:00"))
                == 40 * hour)
        #expect(
            ny.workingMilliseconds(from: epochMs("2026-10-30T00:00:00-04:00"), to: epochMs("2026-11-06T00:00:00-05:00"))
                == 40 * hour)
        #expect(
            ny.instant(after: epochMs("2026-03-06T16:00:00-05:00"), adding: 2 * hour)
                == epochMs("2026-03-09T10:00:00-04:00"))
        #expect(
            ny.instant(after: epochMs("2026-10-30T16:00:00-04:00"), adding: 2 * hour)
                == epochMs("2026-11-02T10:00:00-05:00"))
        #expect(!ny.isWorking(epochMs("2026-03-09T08:59:59.999-04:00")))
        #expect(ny.isWorking(epochMs("2026-03-09T09:00:00-04:00")))
    }

    @Test func aRepeatedHourCountsTwiceAndASkippedHourNotAtAll() throws {
        let night = try calendar(#"{"sun":[["01:00","03:00"]]}"#, zone: "America/New_York")
        let fall = epochMs("2026-11-01T00:00:00-04:00")
        #expect(night.workingMilliseconds(from: fall, to: epochMs("2026-11-02T00:00:00-05:00")) == 3 * hour)
        #expect(night.isWorking(epochMs("2026-11-01T01:30:00-04:00")))
        #expect(night.isWorking(epochMs("2026-11-01T01:30:00-05:00")))
        #expect(night.instant(after: fall, adding: 90 * minute) == epochMs("2026-11-01T01:30:00-05:00"))
        #expect(night.instant(after: fall, adding: 3 * hour) == epochMs("2026-11-01T03:00:00-05:00"))
        let spring = epochMs("2026-03-08T00:00:00-05:00")
        #expect(night.workingMilliseconds(from: spring, to: epochMs("2026-03-09T00:00:00-04:00")) == hour)
        #expect(night.isWorking(epochMs("2026-03-08T01:59:59.999-05:00")))
        #expect(!night.isWorking(epochMs("2026-03-08T03:00:00-04:00")))
        #expect(night.instant(after: spring, adding: hour) == epochMs("2026-03-08T02:00:00-05:00"))
        #expect(night.instant(after: spring, adding: hour + 1) == epochMs("2026-03-15T01:00:00.001-04:00"))
    }
}
