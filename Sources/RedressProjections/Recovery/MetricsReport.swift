public import RedressDomain

/// A month's recovery-time report as of a ledger position (SPEC 2).
public struct MetricsReport: Sendable, Equatable {
    /// The month reported, `YYYY-MM`: the complaints received in it.
    public var month: String
    /// The policy's time zone, in which the month is read.
    public var timezone: String
    /// Only events at or before this position count.
    public var asOfPosition: Int64
    /// The SLA clock the SLA figures count on (SPEC 7.2) and its calendar, when it has one.
    public var slaClock: SLAClock
    /// The working calendar business-hours SLA time counts on; `nil` unless the SLA clock is `business`.
    public var slaCalendar: WorkingCalendar?
    /// The SLA clock in a person's words (``Policy/slaClockText``).
    public var slaClockText: String
    /// The figures of every complaint of the month.
    public var all: MetricsGroup
    /// The figures per channel, in `Channel`'s declaration order, only the channels with complaints.
    public var byChannel: [(key: String, group: MetricsGroup)]
    /// The figures per category, likewise.
    public var byCategory: [(key: String, group: MetricsGroup)]
    /// The figures per effective severity, likewise.
    public var bySeverity: [(key: String, group: MetricsGroup)]
    /// Every complaint's duration (milliseconds) of each metric it reached, sorted: the distribution
    /// behind the month's percentiles (not part of the JSON object).
    public var samples: [DurationMetric: [Int64]] = [:]

    /// Equal when the JSON objects are byte for byte (``samples`` is not compared).
    public static func == (a: MetricsReport, b: MetricsReport) -> Bool { a.json() == b.json() }
}

/// What one complaint contributes to a report as of a position.
struct ComplaintFigures {
    var durations = RecoveryDurations()
    var open: Bool
    var reopened: Bool
    var paused: Bool
    var rating: Int?
    /// The elapsed SLA time (SPEC 7.2) of each SLA milestone: at the milestone when reached, else at
    /// the report's clock.
    var ackElapsed: Int64
    var closeElapsed: Int64

    /// What `row` contributes as of `asOf`: its durations to the milestones reached by then, and the
    /// elapsed SLA time of each SLA milestone at the milestone, or at `clockMs` when not yet reached.
    init(_ row: RecoveryRow, transitions: [Transition], asOf: Int64, clockMs: Int64, policy: Policy) {
        let received = row.received.ms
        func reached(_ m: Milestone?) -> Int64? { m.flatMap { $0.position <= asOf ? $0.ms : nil } }
        let clock = ComplaintClock(transitions, asOf: asOf, clockMs: clockMs)
        open = clock.open
        reopened = clock.reopened
        paused = clock.paused
        rating = clock.rating
        durations = RecoveryDurations(
            receivedMs: received, firstAcknowledgedMs: reached(row.firstAcknowledged),
            firstCompensatedMs: reached(row.firstCompensated), firstClosedMs: reached(row.firstClosed),
            closedNowAtMs: clock.open ? nil : clock.closedAt, firstFollowedUpMs: reached(row.firstFollowedUp))
        func elapsed(_ m: Milestone?) -> Int64 {
            policy.slaElapsed(received: received, at: reached(m) ?? clockMs, paused: clock.pausedIntervals)
        }
        ackElapsed = elapsed(row.firstAcknowledged)
        closeElapsed = elapsed(row.firstClosed)
    }
}

/// A complaint's transitions read as of a position: open or closed, paused, its rating, and its
/// paused intervals (SPEC 7.2) — the one reading that metrics and `due` share.
public struct ComplaintClock: Sendable, Equatable {
    /// Not closed as of the position (a paused complaint is open).
    public var open = true
    /// Reopened at least once as of the position.
    public var reopened = false
    /// Paused as of the position: its latest `paused`, `resumed` or `closed` is a `paused`.
    public var paused = false
    /// The instant of the latest `closed` as of the position.
    public var closedAt: Int64?
    /// The latest rating as of the position.
    public var rating: Int?
    /// Why it is paused, when it is.
    public var pauseReason: PauseReason?
    /// `[paused, next resumed or closed)`, a pause still open ending at the report's clock; ascending.
    public var pausedIntervals: [PausedInterval] = []

    /// Reads the transitions at or before `asOf` (in position order, as stored); a pause still open at
    /// `asOf` ends at `clockMs` in ``pausedIntervals``.
    public init(_ transitions: [Transition], asOf: Int64, clockMs: Int64) {
        var pausedAt: Int64?
        func endPause(_ ms: Int64) {
            if let start = pausedAt, ms > start { pausedIntervals.append(PausedInterval(start: start, end: ms)) }
            pausedAt = nil
        }
        for t in transitions where t.position <= asOf {
            switch t.kind {
            case .closed:
                open = false
                closedAt = t.ms
                endPause(t.ms)
            case .reopened:
                open = true
                reopened = true
            case .rating: rating = t.value
            case .paused:
                pausedAt = t.ms
                pauseReason = PauseReason(code: t.value)
            case .resumed: endPause(t.ms)
            }
        }
        paused = pausedAt != nil
        if !paused { pauseReason = nil }
        if pausedAt != nil { endPause(clockMs) }
    }
}

/// Accumulates complaints into a ``MetricsGroup``.
struct GroupBuilder {
    var complaints = 0, open = 0, reopened = 0, paused = 0
    var acknowledge: [Int64] = [], compensate: [Int64] = [], close: [Int64] = [], finalClose: [Int64] = [],
        followUp: [Int64] = []
    var ackSLA: SLAFigures, closeSLA: SLAFigures
    /// The elapsed SLA times of the complaints that reached each SLA milestone.
    var ackElapsed: [Int64] = [], closeElapsed: [Int64] = []
    var satisfaction = SatisfactionFigures()

    /// A group with no complaints, its SLA targets the policy's.
    init(policy: Policy) {
        ackSLA = SLAFigures(seconds: policy.acknowledgeSLASeconds, clock: policy.slaClock)
        closeSLA = SLAFigures(seconds: policy.closeSLASeconds, clock: policy.slaClock)
    }

    /// Counts one complaint into the group.
    mutating func add(_ c: ComplaintFigures) {
        complaints += 1
        if c.open { open += 1 }
        if c.reopened { reopened += 1 }
        if c.paused { paused += 1 }
        let d = c.durations
        if d.acknowledge != nil { ackElapsed.append(c.ackElapsed) }
        if d.close != nil { closeElapsed.append(c.closeElapsed) }
        if let v = d.acknowledge { acknowledge.append(v) }
        if let v = d.compensate { compensate.append(v) }
        if let v = d.close { close.append(v) }
        if let v = d.finalClose { finalClose.append(v) }
        if let v = d.followUp { followUp.append(v) }
        Self.count(&ackSLA, reached: d.acknowledge != nil, elapsed: c.ackElapsed)
        Self.count(&closeSLA, reached: d.close != nil, elapsed: c.closeElapsed)
        if let rating = c.rating {
            satisfaction.responses += 1
            satisfaction.sum += rating
            if rating >= 4 { satisfaction.satisfied += 1 }
        }
    }

    /// On the SLA clock (SPEC 2, 7.2): met: reached with an elapsed SLA time within the target (≤);
    /// breached: reached late, or not reached and past the target at the report's clock; pending: not
    /// reached and still within it.
    static func count(_ sla: inout SLAFigures, reached: Bool, elapsed: Int64) {
        if reached {
            if SLA.isMet(milliseconds: elapsed, targetSeconds: sla.seconds) { sla.met += 1 } else { sla.breached += 1 }
        } else if !SLA.isMet(milliseconds: elapsed, targetSeconds: sla.seconds) {
            sla.breached += 1
        } else {
            sla.pending += 1
        }
    }

    var group: MetricsGroup {
        var g = MetricsGroup()
        g.complaints = complaints
        g.open = open
        g.reopened = reopened
        g.paused = paused
        var ackSLA = ackSLA
        var closeSLA = closeSLA
        ackSLA.elapsed = DurationStatistics(ackElapsed)
        closeSLA.elapsed = DurationStatistics(closeElapsed)
        g.acknowledge = DurationFigures(values: acknowledge, sla: ackSLA)
        g.compensate = DurationFigures(values: compensate)
        g.close = DurationFigures(values: close, sla: closeSLA)
        g.finalClose = DurationFigures(values: finalClose)
        g.followUp = DurationFigures(values: followUp)
        g.satisfaction = satisfaction
        return g
    }
}

extension MetricsReport {
    /// Computes the report for the complaints received in `month` (rows already filtered
    /// to the month and to `received.position ≤ asOf`), with their transitions.
    public static func compute(
        month: Month, policy: Policy, asOfPosition: Int64, clockMs: Int64,
        rows: [RecoveryRow], transitions: [String: [Transition]]
    ) -> MetricsReport {
        var all = GroupBuilder(policy: policy)
        var channels: [Channel: GroupBuilder] = [:]
        var categories: [Category: GroupBuilder] = [:]
        var severities: [Severity: GroupBuilder] = [:]
        for row in rows where row.received.position <= asOfPosition && month.contains(row.received.ms) {
            let figures = ComplaintFigures(
                row, transitions: transitions[row.complaintID] ?? [], asOf: asOfPosition, clockMs: clockMs,
                policy: policy)
            all.add(figures)
            channels[row.channel, default: GroupBuilder(policy: policy)].add(figures)
            categories[row.category, default: GroupBuilder(policy: policy)].add(figures)
            severities[row.severity, default: GroupBuilder(policy: policy)].add(figures)
        }
        func breakdown<K: CaseIterable & RawRepresentable & Hashable>(_ groups: [K: GroupBuilder]) -> [(
            key: String, group: MetricsGroup
        )]
        where K.RawValue == String {
            K.allCases.compactMap { key in groups[key].map { (key.rawValue, $0.group) } }
        }
        return MetricsReport(
            month: month.description, timezone: policy.timezone, asOfPosition: asOfPosition,
            slaClock: policy.slaClock, slaCalendar: policy.slaClock == .business ? policy.calendar : nil,
            slaClockText: policy.slaClockText, all: all.group,
            byChannel: breakdown(channels), byCategory: breakdown(categories), bySeverity: breakdown(severities),
            samples: [
                .acknowledge: all.acknowledge.sorted(), .compensate: all.compensate.sorted(),
                .close: all.close.sorted(), .finalClose: all.finalClose.sorted(), .followUp: all.followUp.sorted(),
            ])
    }
}
