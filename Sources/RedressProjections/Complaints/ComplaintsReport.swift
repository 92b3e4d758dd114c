import Foundation
public import RedressDomain

/// Which complaints `redress complaints` lists; every filter given must hold (they combine with AND).
public struct ComplaintsFilter: Sendable, Equatable {
    /// Not closed as of the position (paused ones included: a paused complaint is open, SPEC 1.3), the
    /// complaints `metrics` counts as `open`.
    public var open: Bool
    /// With a pending SLA target (SPEC 7.3) whose remaining SLA clock time is below zero.
    public var overdue: Bool
    /// Paused as of the position.
    public var paused: Bool
    /// SPEC 1.3's owner as of the position.
    public var owner: String?
    /// Received through this channel.
    public var channel: Channel?
    /// Received in this month (`YYYY-MM`) of the policy's time zone.
    public var month: String?

    /// No filter unless given: every complaint.
    public init(
        open: Bool = false, overdue: Bool = false, paused: Bool = false, owner: String? = nil, channel: Channel? = nil,
        month: String? = nil
    ) {
        self.open = open
        self.overdue = overdue
        self.paused = paused
        self.owner = owner
        self.channel = channel
        self.month = month
    }

    /// The filters in a person's words (`open, owner agent.kim`), empty when none is given.
    public var words: [String] {
        var out: [String] = []
        if open { out.append("open") }
        if paused { out.append("paused") }
        if overdue { out.append("overdue") }
        if let owner { out.append("owner \(owner)") }
        if let channel { out.append("channel \(channel.rawValue)") }
        if let month { out.append("received in \(month)") }
        return out
    }
}

/// The complaints of a ledger as of a position, one line each, oldest first: what `metrics`' counts are
/// made of — which ones are open, how old, whose, and how much SLA clock time the next target has left.
///
/// - **State** as of the position: `closed` (its latest `closed` not followed by a `reopened`),
///   `paused` (SPEC 7.2: its latest `paused`, `resumed` or `closed` is a `paused`), else `open`.
/// - **Age**: plain elapsed time from `received_at` to the report's clock, whatever the state (0 for a
///   complaint received after the clock).
/// - **Target**: of an open or paused complaint, the next SLA milestone of its first cycle not reached
///   as of the position — `acknowledge`, else `close` — with `remaining` = target − the elapsed SLA
///   time (SPEC 7.2) at the clock, as in `due`; `nil` for a closed complaint and for a reopened one
///   (whose first cycle reached both).
/// - **Overdue**: a pending target with less than zero left (paused ones included: a pause stops the
///   clock, it does not undo a breach). A target missed and then reached is history, not overdue:
///   `metrics` counts it as breached.
/// - **Clock**: as in `due` (SPEC 7.3): `--at`, else the as-of position's `recorded_at` when one is
///   given, else now.
/// - **Order**: by `received_at` ascending (the oldest first), ties by complaint id (UTF-8 bytes).
///
/// The owner is not in the read models: ``compute(policy:asOfPosition:clockMs:rows:transitions:filter:month:)``
/// leaves it `nil` and the caller, which reads it from the events, sets it with ``setOwners(_:)``
/// (which also applies ``ComplaintsFilter/owner``).
public struct ComplaintsReport: Sendable, Equatable {
    /// Only events at or before this position count.
    public var asOfPosition: Int64
    /// The report's clock (epoch ms).
    public var clockMs: Int64
    /// The policy's time zone, in which times are shown and `month` is read.
    public var timezone: String
    /// The clock the SLA targets are measured on.
    public var slaClock: SLAClock
    /// The SLA clock in a person's words (``Policy/slaClockText``).
    public var slaClockText: String
    /// The filter the report was computed with.
    public var filter: ComplaintsFilter
    /// The complaints, in the order described above.
    public var items: [Item]

    /// A complaint's state as of the position; a paused complaint is open, but shown as `paused`.
    public enum State: String, Sendable, Equatable {
        case open, paused, closed
    }

    /// One complaint.
    public struct Item: Sendable, Equatable {
        /// The complaint.
        public var complaintID: String
        /// When it was received (epoch ms).
        public var receivedMs: Int64
        /// From its `received` event.
        public var channel: Channel
        /// From its `received` event.
        public var category: Category
        /// Its effective severity, from its `received` event (`medium` when none was given).
        public var severity: Severity
        /// SPEC 1.3's owner as of the position; `nil` before there is one (set by the caller).
        public var owner: String?
        /// Its state as of the position.
        public var state: State
        /// Why it is paused; only when ``state`` is `paused`.
        public var pauseReason: PauseReason?
        /// Plain elapsed time from received to the clock (never below 0).
        public var ageMs: Int64
        /// The next pending SLA target and what is left of it on the SLA clock (negative once breached).
        public var target: DurationMetric?
        /// Milliseconds left of ``target`` on the SLA clock at the report's clock; negative once breached.
        public var remainingMs: Int64?
        /// Whether any pending target is past due at the report's clock.
        public var overdue: Bool
    }

    /// The complaints of `rows` (any received time; with `month`, only those received in it) that pass
    /// `filter` (but its owner: see ``setOwners(_:)``), oldest first.
    public static func compute(
        policy: Policy, asOfPosition: Int64, clockMs: Int64, rows: [RecoveryRow], transitions: [String: [Transition]],
        filter: ComplaintsFilter = ComplaintsFilter(), month: Month? = nil
    ) -> ComplaintsReport {
        var items: [Item] = []
        for row in rows where row.received.position <= asOfPosition {
            if let month, !month.contains(row.received.ms) { continue }
            if let channel = filter.channel, row.channel != channel { continue }
            let clock = ComplaintClock(transitions[row.complaintID] ?? [], asOf: asOfPosition, clockMs: clockMs)
            let state: State = !clock.open ? .closed : clock.paused ? .paused : .open
            if filter.open, state == .closed { continue }
            if filter.paused, state != .paused { continue }
            var target: DurationMetric?
            var remaining: Int64?
            var overdue = false
            if state != .closed {
                let targets = policy.pendingTargets(row, asOf: asOfPosition)
                if let next = targets.first {
                    let elapsed = policy.slaElapsed(
                        received: row.received.ms, at: clockMs, paused: clock.pausedIntervals)
                    target = next.metric
                    remaining = next.targetMs - elapsed
                    overdue = targets.contains { $0.targetMs - elapsed < 0 }
                }
            }
            if filter.overdue, !overdue { continue }
            items.append(
                Item(
                    complaintID: row.complaintID, receivedMs: row.received.ms, channel: row.channel,
                    category: row.category, severity: row.severity, owner: nil, state: state,
                    pauseReason: state == .paused ? clock.pauseReason : nil,
                    ageMs: max(0, clockMs - row.received.ms), target: target, remainingMs: remaining,
                    overdue: overdue))
        }
        items.sort {
            $0.receivedMs != $1.receivedMs
                ? $0.receivedMs < $1.receivedMs : StaffOrder.precedes($0.complaintID, $1.complaintID)
        }
        return ComplaintsReport(
            asOfPosition: asOfPosition, clockMs: clockMs, timezone: policy.timezone, slaClock: policy.slaClock,
            slaClockText: policy.slaClockText, filter: filter, items: items)
    }

    /// Sets each item's owner from `owners` (complaint id → owner; absent: none yet), then keeps only
    /// the filter's owner's complaints when it names one.
    public mutating func setOwners(_ owners: [String: String]) {
        for i in items.indices { items[i].owner = owners[items[i].complaintID] }
        if let owner = filter.owner { items.removeAll { $0.owner != owner } }
    }
}
