import RedressDomain

/// A month's recovery-time report as of a ledger position (SPEC 2).
public struct MetricsReport: Sendable, Equatable {
    public var month: String
    public var timezone: String
    public var asOfPosition: Int64
    public var all: MetricsGroup
    public var byChannel: [(key: String, group: MetricsGroup)]
    public var byCategory: [(key: String, group: MetricsGroup)]
    public var bySeverity: [(key: String, group: MetricsGroup)]
    /// Every complaint's duration (milliseconds) of each metric it reached, sorted: the distribution
    /// behind the month's percentiles (not part of the JSON object).
    public var samples: [DurationMetric: [Int64]] = [:]

    public static func == (a: MetricsReport, b: MetricsReport) -> Bool { a.json() == b.json() }
}

/// What one complaint contributes to a report as of a position.
struct ComplaintFigures {
    var durations = RecoveryDurations()
    var open: Bool
    var reopened: Bool
    var rating: Int?
    /// Clock − received_at.
    var age: Int64

    init(_ row: RecoveryRow, transitions: [Transition], asOf: Int64, clockMs: Int64) {
        let received = row.received.ms
        func reached(_ m: Milestone?) -> Int64? { m.flatMap { $0.position <= asOf ? $0.ms : nil } }
        var closedAt: Int64?
        var isOpen = true
        var wasReopened = false
        var latestRating: Int?
        for t in transitions where t.position <= asOf {
            switch t.kind {
            case .closed:
                isOpen = false
                closedAt = t.ms
            case .reopened:
                isOpen = true
                wasReopened = true
            case .rating: latestRating = t.value
            }
        }
        open = isOpen
        reopened = wasReopened
        rating = latestRating
        durations = RecoveryDurations(
            receivedMs: received, firstAcknowledgedMs: reached(row.firstAcknowledged),
            firstCompensatedMs: reached(row.firstCompensated), firstClosedMs: reached(row.firstClosed),
            closedNowAtMs: isOpen ? nil : closedAt, firstFollowedUpMs: reached(row.firstFollowedUp))
        age = clockMs - received
    }
}

/// Accumulates complaints into a ``MetricsGroup``.
struct GroupBuilder {
    var complaints = 0, open = 0, reopened = 0
    var acknowledge: [Int64] = [], compensate: [Int64] = [], close: [Int64] = [], finalClose: [Int64] = [],
        followUp: [Int64] = []
    var ackSLA: SLAFigures, closeSLA: SLAFigures
    var satisfaction = SatisfactionFigures()

    init(policy: Policy) {
        ackSLA = SLAFigures(seconds: policy.acknowledgeSLASeconds)
        closeSLA = SLAFigures(seconds: policy.closeSLASeconds)
    }

    mutating func add(_ c: ComplaintFigures) {
        complaints += 1
        if c.open { open += 1 }
        if c.reopened { reopened += 1 }
        let d = c.durations
        if let v = d.acknowledge { acknowledge.append(v) }
        if let v = d.compensate { compensate.append(v) }
        if let v = d.close { close.append(v) }
        if let v = d.finalClose { finalClose.append(v) }
        if let v = d.followUp { followUp.append(v) }
        Self.count(&ackSLA, reached: d.acknowledge, age: c.age)
        Self.count(&closeSLA, reached: d.close, age: c.age)
        if let rating = c.rating {
            satisfaction.responses += 1
            satisfaction.sum += rating
            if rating >= 4 { satisfaction.satisfied += 1 }
        }
    }

    /// met: reached within the target (≤); breached: reached late, or not reached and older than the
    /// target; pending: not reached and still within it.
    static func count(_ sla: inout SLAFigures, reached: Int64?, age: Int64) {
        if let duration = reached {
            if SLA.isMet(milliseconds: duration, targetSeconds: sla.seconds) { sla.met += 1 } else { sla.breached += 1 }
        } else if !SLA.isMet(milliseconds: age, targetSeconds: sla.seconds) {
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
                row, transitions: transitions[row.complaintID] ?? [], asOf: asOfPosition, clockMs: clockMs)
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
            month: month.description, timezone: policy.timezone, asOfPosition: asOfPosition, all: all.group,
            byChannel: breakdown(channels), byCategory: breakdown(categories), bySeverity: breakdown(severities),
            samples: [
                .acknowledge: all.acknowledge.sorted(), .compensate: all.compensate.sorted(),
                .close: all.close.sorted(), .finalClose: all.finalClose.sorted(), .followUp: all.followUp.sorted(),
            ])
    }
}
