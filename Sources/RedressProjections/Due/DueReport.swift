import Foundation
public import RedressDomain

/// The open complaints' SLA deadlines as of a position (SPEC 7.3): the list a team lead opens every
/// morning, most urgent first.
public struct DueReport: Sendable, Equatable {
    /// Only events at or before this position count.
    public var asOfPosition: Int64
    /// `due`'s clock (epoch ms): `--at`, else the report's clock with an as-of position, else now.
    public var clockMs: Int64
    /// The policy's time zone, in which times are shown.
    public var timezone: String
    /// The clock the targets are measured on.
    public var slaClock: SLAClock
    /// The SLA clock in a person's words (``Policy/slaClockText``).
    public var slaClockText: String
    /// The pending targets, in SPEC 7.3's order.
    public var items: [DueItem]

    /// A pending SLA target of one open complaint.
    public struct DueItem: Sendable, Equatable {
        /// The complaint whose target this is.
        public var complaintID: String
        /// `acknowledge` or `close`: the milestones with an SLA target.
        public var target: DurationMetric
        /// SPEC 1.3's owner as of the position (`nil` before there is one); filled by the caller, which
        /// reads it from the complaint's events.
        public var owner: String?
        /// From its `received` event.
        public var channel: Channel
        /// From its `received` event.
        public var category: Category
        /// Its effective severity, from its `received` event (`medium` when none was given).
        public var severity: Severity
        /// When it was received (epoch ms).
        public var receivedMs: Int64
        /// The elapsed SLA time at `due`'s clock, and what is left of the target (negative once breached).
        public var elapsedMs: Int64
        /// The target less ``elapsedMs``, in SLA milliseconds: negative once the target is breached.
        public var remainingMs: Int64
        /// When the elapsed SLA time reaches the target; `nil` while the complaint is paused.
        public var dueAtMs: Int64?
        /// Whether the complaint is paused at the position, its SLA clock stopped.
        public var paused: Bool
        /// Why it is paused; only when ``paused``.
        public var pauseReason: PauseReason?
    }

    /// Every pending target of the complaints open as of `asOfPosition` (rows and transitions of any
    /// received time), sorted as SPEC 7.3 says; with `withinMs`, only those with at most that left.
    public static func compute(
        policy: Policy, asOfPosition: Int64, clockMs: Int64, rows: [RecoveryRow], transitions: [String: [Transition]],
        withinMs: Int64? = nil
    ) -> DueReport {
        var items: [DueItem] = []
        for row in rows where row.received.position <= asOfPosition {
            let pending = policy.pendingTargets(row, asOf: asOfPosition)
            guard !pending.isEmpty else { continue }
            let clock = ComplaintClock(transitions[row.complaintID] ?? [], asOf: asOfPosition, clockMs: clockMs)
            guard clock.open else { continue }
            // One elapsed SLA time serves every target: both count from received_at to due's clock.
            let elapsed = policy.slaElapsed(received: row.received.ms, at: clockMs, paused: clock.pausedIntervals)
            for (metric, target) in pending {
                let item = DueItem(
                    complaintID: row.complaintID, target: metric, owner: nil, channel: row.channel,
                    category: row.category, severity: row.severity, receivedMs: row.received.ms, elapsedMs: elapsed,
                    remainingMs: target - elapsed,
                    dueAtMs: clock.paused
                        ? nil : policy.slaDue(received: row.received.ms, target: target, paused: clock.pausedIntervals),
                    paused: clock.paused, pauseReason: clock.pauseReason)
                if let withinMs, item.remainingMs > withinMs { continue }
                items.append(item)
            }
        }
        items.sort(by: Self.precedes)
        return DueReport(
            asOfPosition: asOfPosition, clockMs: clockMs, timezone: policy.timezone, slaClock: policy.slaClock,
            slaClockText: policy.slaClockText, items: items)
    }

    /// SPEC 7.3's order: running clocks before paused ones, each by `remaining` ascending (most overdue
    /// first); ties by complaint id, then `acknowledge` before `close`.
    static func precedes(_ a: DueItem, _ b: DueItem) -> Bool {
        if a.paused != b.paused { return !a.paused }
        if a.remainingMs != b.remainingMs { return a.remainingMs < b.remainingMs }
        if a.complaintID != b.complaintID { return StaffOrder.precedes(a.complaintID, b.complaintID) }
        return a.target == .acknowledge && b.target == .close
    }
}

/// `--within`'s durations: `45m`, `4h`, `1h30m`, `2d`, `90s` (parts in d, h, m, s order, each once).
public enum DurationInput {
    /// Milliseconds, or `nil` when `text` is not such a duration.
    public static func milliseconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var digits = ""
        var units = ["d": Int64(86_400_000), "h": 3_600_000, "m": 60_000, "s": 1000]
        let order = ["d", "h", "m", "s"]
        var last = -1
        for ch in text {
            if ch.isASCII, ch.isNumber {
                digits.append(ch)
            } else {
                let unit = String(ch)
                guard let scale = units[unit], let n = Int64(digits), let at = order.firstIndex(of: unit), at > last
                else { return nil }
                let (product, overflow) = n.multipliedReportingOverflow(by: scale)
                let (sum, carried) = total.addingReportingOverflow(product)
                guard !overflow, !carried else { return nil }
                total = sum
                units[unit] = nil
                last = at
                digits = ""
            }
        }
        guard digits.isEmpty, last >= 0 else { return nil }
        return total
    }
}
