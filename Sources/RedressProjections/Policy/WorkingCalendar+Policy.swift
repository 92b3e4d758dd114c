import Foundation
import RedressDomain

extension WorkingCalendar {
    /// The day keys of `hours`, Monday first (SPEC 7.1).
    public static let dayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Reads a policy's `calendar` object, checking every rule of SPEC 7.1; a broken rule throws a
    /// `Policy.Error` naming the key (`calendar.hours.mon[1]`, `calendar.holidays[3]`) and the reason.
    static func parse(_ value: JSONValue, timezone: String) throws -> WorkingCalendar {
        typealias Failure = Policy.Error
        var hours: [[Interval]] = Array(repeating: [], count: 7)
        var holidays: [LocalDate] = []
        var sawHours = false
        for (key, member) in try Policy.object(value, "calendar") {
            switch key {
            case "hours":
                sawHours = true
                for (day, intervals) in try Policy.object(member, "calendar.hours") {
                    let path = "calendar.hours.\(day)"
                    guard let weekday = dayKeys.firstIndex(of: day) else {
                        let hint = Suggestion.closest(to: day, among: dayKeys).map { " (did you mean \($0)?)" } ?? ""
                        throw Failure(key: path, message: "unknown day\(hint): the days are mon, tue, … sun")
                    }
                    hours[weekday] = try parseDay(intervals, path)
                }
            case "holidays":
                guard case .array(let items) = member else {
                    throw Failure(
                        key: "calendar.holidays", message: "must be an array of dates, not \(member.typeName)")
                }
                var seen: Set<LocalDate> = []
                for (i, item) in items.enumerated() {
                    let path = "calendar.holidays[\(i)]"
                    let text = try Policy.string(item, path)
                    guard let date = parseDate(text) else {
                        throw Failure(key: path, message: "\"\(text)\" is not a date YYYY-MM-DD (e.g. 2026-02-17)")
                    }
                    guard seen.insert(date).inserted else {
                        throw Failure(key: path, message: "\(text) is listed twice")
                    }
                    holidays.append(date)
                }
            default:
                throw Failure(key: "calendar.\(key)", message: Policy.unknown(key, ["hours", "holidays"]))
            }
        }
        guard sawHours else {
            throw Failure(key: "calendar.hours", message: "required: the working intervals of each weekday")
        }
        guard hours.contains(where: { !$0.isEmpty }) else {
            throw Failure(key: "calendar.hours", message: "the week has no working time: give at least one interval")
        }
        return WorkingCalendar(hours: hours, holidays: holidays, timezone: timezone)
    }

    /// One day's `[["HH:MM", "HH:MM"], …]`: intervals within the day, ascending, not overlapping;
    /// ``Policy/Error`` on `path` (or the interval at fault) otherwise.
    private static func parseDay(_ value: JSONValue, _ path: String) throws -> [Interval] {
        typealias Failure = Policy.Error
        guard case .array(let items) = value else {
            throw Failure(
                key: path, message: "must be an array of [\"HH:MM\", \"HH:MM\"] intervals, not \(value.typeName)")
        }
        var intervals: [Interval] = []
        for (i, item) in items.enumerated() {
            let at = "\(path)[\(i)]"
            guard case .array(let ends) = item, ends.count == 2 else {
                throw Failure(key: at, message: "an interval is [\"HH:MM\", \"HH:MM\"], a start and an end")
            }
            let startText = try Policy.string(ends[0], at)
            let endText = try Policy.string(ends[1], at)
            guard let start = parseTime(startText), start < day else {
                throw Failure(
                    key: at,
                    message: "start \"\(startText)\" is not a time HH:MM from 00:00 to 23:59 (24:00 only ends a day)")
            }
            guard let end = parseTime(endText) else {
                throw Failure(key: at, message: "end \"\(endText)\" is not a time HH:MM from 00:00 to 24:00")
            }
            guard start < end else {
                throw Failure(key: at, message: "start \(startText) must be before end \(endText)")
            }
            if let previous = intervals.last, start < previous.end {
                throw Failure(
                    key: at,
                    message: "starts at \(startText), before the previous interval ends at "
                        + "\(timeText(previous.end)): a day's intervals ascend and do not overlap")
            }
            intervals.append(Interval(start: start, end: end))
        }
        return intervals
    }

    /// `HH:MM`, two digits each, 00:00 … 24:00, as milliseconds of the day.
    static func parseTime(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == UInt8(ascii: ":"),
            [b[0], b[1], b[3], b[4]].allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        let h = Int64(b[0] - 0x30) * 10 + Int64(b[1] - 0x30)
        let m = Int64(b[3] - 0x30) * 10 + Int64(b[4] - 0x30)
        guard m < 60, h < 24 || (h == 24 && m == 0) else { return nil }
        return (h * 60 + m) * 60_000
    }

    /// Milliseconds since local midnight as `HH:MM` (`24:00` for the end of the day).
    static func timeText(_ ms: Int64) -> String {
        String(format: "%02d:%02d", Int(ms / 3_600_000), Int(ms / 60_000 % 60))
    }

    /// `YYYY-MM-DD`, a real date.
    static func parseDate(_ text: String) -> LocalDate? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        let digits = b.enumerated().filter { $0.offset != 4 && $0.offset != 7 }.map(\.element)
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let n = digits.map { Int($0 - 0x30) }
        let year = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3]
        let month = n[4] * 10 + n[5]
        let day = n[6] * 10 + n[7]
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// 28–31: the days of `month` in `year` of the proleptic Gregorian calendar.
    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The canonical `calendar` object: the days that have intervals, Monday first; holidays ascending.
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.raw("{")
        w.key("hours", first: true)
        w.raw("{")
        var first = true
        for (weekday, intervals) in hours.enumerated() where !intervals.isEmpty {
            if !first { w.raw(",") }
            first = false
            w.string(Self.dayKeys[weekday])
            w.raw(":[")
            for (i, interval) in intervals.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("[")
                w.string(Self.timeText(interval.start))
                w.raw(",")
                w.string(Self.timeText(interval.end))
                w.raw("]")
            }
            w.raw("]")
        }
        w.raw("}")
        w.key("holidays")
        w.raw("[")
        for (i, date) in holidays.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(date.description)
        }
        w.raw("]")
        w.raw("}")
    }
}
