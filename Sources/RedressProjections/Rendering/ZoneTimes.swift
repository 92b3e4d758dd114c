import Foundation
import RedressDomain

/// Instants written in one IANA zone's local time, as the reports that list times write them (SPEC
/// 7.3): RFC 3339 with the zone's offset at each instant. The zone is looked up once, not per time.
struct ZoneTimes {
    let zone: TimeZone

    /// Times in `timezone`, or in UTC when it names no zone (a policy's zone was checked when it was read).
    init(timezone: String) { zone = TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")! }

    /// `ms` with the zone's offset at that instant; an instant whose local time would fall outside the
    /// years 0001–9999 that RFC 3339 writes keeps UTC's offset instead.
    func timestamp(_ ms: Int64) -> Timestamp {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000)) / 60
        let local = ms + Int64(offset) * 60_000
        // 0001-01-01T00:00 and 10000-01-01T00:00, in epoch milliseconds.
        guard local >= -62_135_596_800_000, local < 253_402_300_800_000 else {
            return Timestamp(epochMilliseconds: ms, offsetMinutes: 0, isZulu: false)
        }
        return Timestamp(epochMilliseconds: ms, offsetMinutes: offset, isZulu: false)
    }

    /// ``timestamp(_:)``'s RFC 3339 text.
    func text(_ ms: Int64) -> String { timestamp(ms).text }

    /// `2026-03-31 18:00`, for tables.
    func local(_ ms: Int64) -> String {
        let text = text(ms)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
