public import RedressDomain

/// What an SLA target is measured on (SPEC 7.2).
public enum SLAClock: String, Sendable, CaseIterable {
    /// Every instant counts (the default).
    case calendar
    /// Only the working instants of the policy's calendar (every instant without one).
    case business
}

/// A complaint's paused interval `[start, end)` in epoch milliseconds (SPEC 7.2).
public struct PausedInterval: Sendable, Equatable {
    /// The instant the pause began.
    public var start: Int64
    /// The instant it ended (the next `resumed` or `closed`), or the report's clock for a pause still open.
    public var end: Int64
    /// Takes the bounds as given; `start < end` for the intervals a ``ComplaintClock`` builds.
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }
}

extension Policy {
    /// The SLA clock's time in `[a, b)`, in milliseconds (0 when `b ≤ a`).
    public func slaMilliseconds(from a: Int64, to b: Int64) -> Int64 {
        guard b > a else { return 0 }
        if slaClock == .business, let calendar { return calendar.workingMilliseconds(from: a, to: b) }
        return b - a
    }

    /// The *elapsed SLA time* (SPEC 7.2) of a complaint received at `received` at the instant `t`:
    /// the clock's time in `[received, t)` less the clock's time of its paused intervals inside it.
    public func slaElapsed(received: Int64, at t: Int64, paused: [PausedInterval]) -> Int64 {
        guard t > received else { return 0 }
        var elapsed = slaMilliseconds(from: received, to: t)
        for p in paused {
            elapsed -= slaMilliseconds(from: max(p.start, received), to: min(p.end, t))
        }
        return elapsed
    }

    /// The earliest instant `t ≥ received` at which the elapsed SLA time reaches `target` milliseconds,
    /// with `paused` (ascending, disjoint, all ended) not counted (SPEC 7.3's `due_at`).
    public func slaDue(received: Int64, target: Int64, paused: [PausedInterval]) -> Int64 {
        var left = target
        var from = received
        for p in paused where p.end > p.start && p.end > received {
            let until = max(p.start, from)
            let available = slaMilliseconds(from: from, to: until)
            if available >= left { return advance(from, left) }
            left -= available
            from = max(from, p.end)
        }
        return advance(from, left)
    }

    /// The instant `amount` of SLA clock time after `from`: on the business clock the calendar's working
    /// time, else plain time (a negative amount adds nothing).
    private func advance(_ from: Int64, _ amount: Int64) -> Int64 {
        if slaClock == .business, let calendar { return calendar.instant(after: from, adding: amount) }
        return from + max(0, amount)
    }
}

extension Policy {
    /// The SLA clock in a person's words, for tables (the page says it in its own language):
    /// `working hours (Asia/Seoul: mon–fri 09:00–12:00, 13:00–18:00; 46 holidays)`. On either clock
    /// paused time is not counted; the tables say so in their notes.
    public var slaClockText: String {
        guard slaClock == .business else { return "elapsed time (every instant counts)" }
        guard let calendar else { return "business, with no calendar (every instant counts)" }
        return "working hours (\(timezone): \(calendar.weekText); \(calendar.holidays.count) holidays)"
    }
}

extension WorkingCalendar {
    /// The working week, days with the same hours run together: `mon–fri 09:00–12:00, 13:00–18:00`.
    public var weekText: String {
        var parts: [String] = []
        var day = 0
        while day < 7 {
            var last = day
            while last + 1 < 7, hours[last + 1] == hours[day] { last += 1 }
            if !hours[day].isEmpty {
                let days = last == day ? Self.dayKeys[day] : "\(Self.dayKeys[day])–\(Self.dayKeys[last])"
                let times = hours[day].map { "\(Self.timeText($0.start))–\(Self.timeText($0.end))" }
                parts.append("\(days) \(times.joined(separator: ", "))")
            }
            day = last + 1
        }
        return parts.joined(separator: "; ")
    }
}

extension PauseReason {
    /// The reason's number in a transition's value (stored: a reason keeps its number for good).
    public var code: Int {
        switch self {
        case .awaitingCustomer: 1
        case .awaitingThirdParty: 2
        case .other: 3
        }
    }

    /// The reason stored as `code`; `nil` for a number no reason has.
    public init?(code: Int) {
        guard let reason = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = reason
    }
}

extension Policy {
    /// The SLA targets (milliseconds) of `row`'s first cycle that it has not reached as of `asOf`,
    /// `acknowledge` first, then `close` (SPEC 7.3): what `due` lists and `complaints` shows the next of.
    /// A reopened complaint reached its first close, so it has none.
    public func pendingTargets(_ row: RecoveryRow, asOf: Int64) -> [(metric: DurationMetric, targetMs: Int64)] {
        func reached(_ m: Milestone?) -> Bool { m.map { $0.position <= asOf } ?? false }
        var out: [(metric: DurationMetric, targetMs: Int64)] = []
        if !reached(row.firstAcknowledged) { out.append((.acknowledge, acknowledgeSLASeconds * 1000)) }
        if !reached(row.firstClosed) { out.append((.close, closeSLASeconds * 1000)) }
        return out
    }
}
