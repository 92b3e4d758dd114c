public import Foundation
import RedressDomain

/// A calendar month in a time zone, as a half-open range of instants.
public struct Month: Sendable, Equatable, CustomStringConvertible {
    /// The year, 1 or later.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// First instant of the month, epoch milliseconds.
    public let startMs: Int64
    /// First instant of the next month, epoch milliseconds.
    public let endMs: Int64

    /// Parses `YYYY-MM` and places it in `timeZone` (daylight saving included).
    ///
    /// - Throws: ``LedgerMonthError`` unless `text` is `YYYY-MM` with a month from 01 to 12 and a year from 0001.
    public init(_ text: String, timeZone: TimeZone) throws {
        guard let (year, month) = Self.components(of: text) else { throw LedgerMonthError(text: text) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func start(_ y: Int, _ m: Int) -> Int64 {
            let date = calendar.date(from: DateComponents(year: y, month: m, day: 1, hour: 0, minute: 0, second: 0))!
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        }
        self.year = year
        self.month = month
        startMs = start(year, month)
        endMs = month == 12 ? start(year + 1, 1) : start(year, month + 1)
    }

    /// Whether the instant `ms` lies in `[startMs, endMs)`: the one test of "in the month" every report uses.
    public func contains(_ ms: Int64) -> Bool { ms >= startMs && ms < endMs }

    /// The month (`YYYY-MM`) in `timeZone` that holds the instant `ms`.
    public static func name(containing ms: Int64, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double(ms) / 1000))
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }

    /// The year and month of `YYYY-MM` (four digits, a dash, two digits, month 01 to 12, year 1 or later):
    /// the one reading of a month's name, for every report, page and option that takes one.
    public static func components(of text: String) -> (year: Int, month: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month), year >= 1
        else { return nil }
        return (year, month)
    }

    /// `YYYY-MM`.
    public var description: String { String(format: "%04d-%02d", year, month) }
}

/// `--month` was not `YYYY-MM`.
public struct LedgerMonthError: Error, CustomStringConvertible {
    /// The text given to `--month`, as given.
    public let text: String
    /// What is wrong with it and how to write it, naming the text.
    public var description: String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2, Int(parts[0]) != nil, let month = Int(parts[1]),
            !(1...12).contains(month)
        {
            return "month \"\(text)\": the month must be 01 to 12 (YYYY-MM, e.g. \(parts[0])-01)"
        }
        return "month \"\(text)\" is not YYYY-MM: write the year and the month in digits, e.g. 2026-10"
    }
}
