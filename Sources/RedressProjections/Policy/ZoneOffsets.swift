import Foundation

/// A time zone's UTC offsets as spans of constant offset, read once from the time-zone database and
/// kept for the process: the working-time arithmetic asks for the spans between two instants many
/// times per report, and Foundation's per-instant look-ups cost microseconds each.
final class ZoneOffsets: Sendable {
    /// Span `i` starts at `starts[i]` (epoch ms; the first is `Int64.min`) with offset `offsets[i]` (ms).
    let starts: [Int64]
    let offsets: [Int64]

    /// 1900-01-01 and 2200-01-01: the table's range; outside it the bounds' offsets hold.
    static let firstInstant: Int64 = -2_208_988_800_000
    static let lastInstant: Int64 = 7_258_118_400_000

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ZoneOffsets] = [:]

    /// The offsets of `zone`, built the first time a process asks for them.
    static func of(_ zone: TimeZone) -> ZoneOffsets {
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[zone.identifier] { return known }
        let built = ZoneOffsets(zone)
        cache[zone.identifier] = built
        return built
    }

    /// Reads `zone`'s transitions between ``firstInstant`` and ``lastInstant``, keeping only those that
    /// change the offset.
    private init(_ zone: TimeZone) {
        func offset(_ ms: Int64) -> Int64 {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
        }
        var starts: [Int64] = [Int64.min]
        var offsets: [Int64] = [offset(Self.firstInstant)]
        var at = Date(timeIntervalSince1970: Double(Self.firstInstant) / 1000)
        while let next = zone.nextDaylightSavingTimeTransition(after: at) {
            let ms = Int64((next.timeIntervalSince1970 * 1000).rounded())
            guard ms < Self.lastInstant, next > at else { break }
            let after = offset(ms)
            if after != offsets.last! {
                starts.append(ms)
                offsets.append(after)
            }
            at = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The index of the span holding `instant`.
    private func span(_ instant: Int64) -> Int {
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= instant { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The offset (ms) in force at `instant`.
    func offset(at instant: Int64) -> Int64 { offsets[span(instant)] }

    /// Calls `body(lo, hi, offset)` for each part of `[from, to)` of one offset, in order (`to: nil`:
    /// unbounded, the last part's `hi` then `Int64.max`); `body` returns false to stop.
    func forEachSpan(from: Int64, to: Int64?, _ body: (Int64, Int64, Int64) -> Bool) {
        var i = span(from)
        var lo = from
        while true {
            let end = i + 1 < starts.count ? starts[i + 1] : Int64.max
            let hi = to.map { min($0, end) } ?? end
            if !body(lo, hi, offsets[i]) { return }
            if let to, hi >= to { return }
            if end == Int64.max { return }
            lo = end
            i += 1
        }
    }

    /// ``forEachSpan(from:to:_:)`` over every part.
    func forEachSpan(from: Int64, to: Int64, _ body: (Int64, Int64, Int64) -> Void) {
        forEachSpan(from: from, to: Optional(to)) { lo, hi, offset in
            body(lo, hi, offset)
            return true
        }
    }
}
