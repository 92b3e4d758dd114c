import Foundation
import RedressDomain

/// A centre's working week and holidays in one time zone (SPEC 7.1): which instants are *working
/// instants*, and how much working time lies between two instants.
///
/// An instant is a working instant when, in the zone, its local date is not a holiday and its local
/// time of day lies in `[start, end)` of one of its weekday's intervals. Working time between `a ≤ b`
/// is the measure of the working instants in `[a, b)`, in milliseconds.
///
/// # How it is computed
///
/// Time is cut into spans of one UTC offset (`ZoneOffsets`). Inside a span, local time is UTC plus
/// that offset, a plain axis with no daylight-saving jumps, on which the working time from a fixed
/// origin to any local instant is a closed formula (`localPrefix(_:)`): whole weeks times the
/// week's working time, less the holidays before it (a binary search in their sorted list), plus
/// the part of the day. So ``workingMilliseconds(from:to:)`` costs O(log holidays) per span it
/// crosses — no loop over minutes or days — and daylight saving holds by construction: a local hour
/// that is skipped lies in no span, a local hour that repeats lies in two and counts twice.
///
/// Instants before 1900 or after 2200 take the offsets in force at those bounds.
public struct WorkingCalendar: Sendable, Equatable {
    /// Milliseconds of a day.
    static let day: Int64 = 86_400_000

    /// Each weekday's intervals (0: Monday … 6: Sunday), as milliseconds of the local day, ascending.
    public let hours: [[Interval]]
    /// Holidays as local dates, ascending (``LocalDate``).
    public let holidays: [LocalDate]
    /// The IANA time zone the hours and holidays are read in.
    public let timezone: String

    /// A working interval of a day: `[start, end)` in milliseconds since local midnight.
    public struct Interval: Sendable, Equatable {
        /// Start of the interval, milliseconds since local midnight.
        public let start: Int64
        /// End of the interval (exclusive), milliseconds since local midnight.
        public let end: Int64
        /// Takes the bounds as given; ``Policy`` checks them when it reads a calendar.
        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = end
        }
        /// The working time in the interval, milliseconds.
        public var length: Int64 { end - start }
    }

    /// A calendar date (no time zone): the holidays' unit.
    public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Days since 1970-01-01.
        public let days: Int64
        /// The date `days` after 1970-01-01 (before it when negative).
        public init(days: Int64) { self.days = days }
        /// The proleptic Gregorian date; the caller gives a valid one (nothing is checked).
        public init(year: Int, month: Int, day: Int) {
            days = Timestamp.daysFromCivil(year: Int64(year), month: month, day: day)
        }
        /// Earlier dates first.
        public static func < (a: LocalDate, b: LocalDate) -> Bool { a.days < b.days }
        /// `YYYY-MM-DD`.
        public var description: String {
            let (y, m, d) = Timestamp.civil(fromDays: days)
            return String(format: "%04d-%02d-%02d", Int(y), m, d)
        }
    }

    private let dayWork: [Int64]
    private let weekStart: [Int64]
    private let weekWork: Int64
    private let holidayDays: [Int64]
    /// `holidayPrefix[i]`: working time the weekly hours would give the holidays before `holidayDays[i]`.
    private let holidayPrefix: [Int64]
    private let zone: ZoneOffsets

    /// A calendar of `hours` (seven days, Monday first) and `holidays` in `timezone`; the week must
    /// hold some working time (``Policy`` checks every rule of SPEC 7.1 before it builds one).
    public init(hours: [[Interval]], holidays: [LocalDate], timezone: String) {
        precondition(hours.count == 7, "a week has seven days")
        self.hours = hours
        self.holidays = Array(Set(holidays)).sorted()
        self.timezone = timezone
        dayWork = hours.map { $0.reduce(0) { $0 + $1.length } }
        var starts: [Int64] = [0]
        for w in 0..<6 { starts.append(starts[w] + dayWork[w]) }
        weekStart = starts
        weekWork = dayWork.reduce(0, +)
        precondition(weekWork > 0, "a calendar's week needs working time")
        holidayDays = self.holidays.map(\.days)
        var prefix: [Int64] = [0]
        for d in holidayDays { prefix.append(prefix.last! + dayWork[Self.weekday(d)]) }
        holidayPrefix = prefix
        zone = ZoneOffsets.of(TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")!)
    }

    /// Equal when hours, holidays and time zone are: two equal calendars count every interval alike.
    public static func == (a: WorkingCalendar, b: WorkingCalendar) -> Bool {
        a.hours == b.hours && a.holidays == b.holidays && a.timezone == b.timezone
    }

    /// 0 for Monday … 6 for Sunday, of a day counted from 1970-01-01 (a Thursday).
    static func weekday(_ days: Int64) -> Int { Int(((days + 3) % 7 + 7) % 7) }

    /// Whether `instant` (epoch ms) is a working instant.
    public func isWorking(_ instant: Int64) -> Bool {
        let local = instant + zone.offset(at: instant)
        let d = Timestamp.floorDiv(local, Self.day)
        if isHoliday(d) { return false }
        let t = local - d * Self.day
        return hours[Self.weekday(d)].contains { $0.start <= t && t < $0.end }
    }

    /// Working time in `[a, b)`, in milliseconds (0 when `b ≤ a`).
    public func workingMilliseconds(from a: Int64, to b: Int64) -> Int64 {
        guard b > a else { return 0 }
        var total: Int64 = 0
        zone.forEachSpan(from: a, to: b) { lo, hi, offset in
            total += localPrefix(hi + offset) - localPrefix(lo + offset)
        }
        return total
    }

    /// The earliest instant `t ≥ a` with `workingMilliseconds(from: a, to: t) ≥ amount` (`a` itself
    /// when `amount ≤ 0`): when a span of working time that starts at `a` is used up.
    public func instant(after a: Int64, adding amount: Int64) -> Int64 {
        guard amount > 0 else { return a }
        var left = amount
        var found: Int64 = a
        zone.forEachSpan(from: a, to: nil) { lo, hi, offset in
            let base = localPrefix(lo + offset)
            let available = hi == Int64.max ? Int64.max : localPrefix(hi + offset) - base
            if available >= left {
                found = inverse(base + left) - offset
                return false
            }
            left -= available
            return true
        }
        return found
    }

    /// Whether local day `d` (days since 1970-01-01) is a holiday.
    private func isHoliday(_ d: Int64) -> Bool {
        let i = lowerBound(d)
        return i < holidayDays.count && holidayDays[i] == d
    }

    /// How many holidays come before local day `d`: a binary search of the sorted holiday days.
    private func lowerBound(_ d: Int64) -> Int {
        var lo = 0
        var hi = holidayDays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holidayDays[mid] < d { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Working time on the local axis from its origin (Monday 1969-12-29 00:00) to the start of day `d`.
    private func dayPrefix(_ d: Int64) -> Int64 {
        let k = d + 3
        let weeks = Timestamp.floorDiv(k, 7)
        return weeks * weekWork + weekStart[Int(k - weeks * 7)] - holidayPrefix[lowerBound(d)]
    }

    /// Working time on the local axis (local milliseconds, no offset jumps) from its origin to `local`.
    func localPrefix(_ local: Int64) -> Int64 {
        let d = Timestamp.floorDiv(local, Self.day)
        var total = dayPrefix(d)
        if !isHoliday(d) {
            let t = local - d * Self.day
            for interval in hours[Self.weekday(d)] where t > interval.start {
                total += min(t, interval.end) - interval.start
            }
        }
        return total
    }

    /// The least local instant `L` with `localPrefix(L) ≥ value`.
    private func inverse(_ value: Int64) -> Int64 {
        // The least day d with dayPrefix(d + 1) ≥ value: exponential then binary search.
        var lo = value / weekWork * 7 - 7
        while dayPrefix(lo + 1) >= value { lo -= 64 }
        var step: Int64 = 8
        while dayPrefix(lo + step + 1) < value { step *= 2 }
        var hi = lo + step
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if dayPrefix(mid + 1) >= value { hi = mid } else { lo = mid + 1 }
        }
        var need = value - dayPrefix(lo)
        for interval in hours[Self.weekday(lo)] {
            if need <= interval.length { return lo * Self.day + interval.start + need }
            need -= interval.length
        }
        return (lo + 1) * Self.day  // not reached: day lo holds `need`
    }
}
