import RedressDomain

/// Decimal places of ratios in reports (documented in the README and the schemas).
public enum ReportPrecision {
    /// Means of ratings and satisfaction indexes.
    public static let ratingPlaces = 4
    /// `csat_percent`.
    public static let percentPlaces = 2
}

/// Figures for one duration metric (SPEC 2), in milliseconds.
public struct DurationFigures: Sendable, Equatable {
    /// How many complaints reached the milestone (the values the statistics are over).
    public var n = 0
    /// The nearest-rank 50th percentile; `nil` when ``n`` is 0, as are all the statistics.
    public var p50: Int64?
    /// The nearest-rank 90th percentile.
    public var p90: Int64?
    /// The nearest-rank 99th percentile.
    public var p99: Int64?
    /// The largest value.
    public var max: Int64?
    /// The mean rounded to the millisecond.
    public var mean: Int64?
    /// SLA counts, for `acknowledge` and `close` only.
    public var sla: SLAFigures?

    /// Nearest-rank percentiles: the value at 1-based rank ⌈q/100 · n⌉ of the sorted values.
    public init(values: [Int64], sla: SLAFigures? = nil) {
        let s = DurationStatistics(values)
        n = s.n
        p50 = s.p50
        p90 = s.p90
        p99 = s.p99
        max = s.max
        mean = s.mean
        self.sla = sla
    }
}

/// `n`, the nearest-rank percentiles, the maximum and the mean of some durations (milliseconds): the
/// statistics of SPEC 2, for a duration metric and for its `sla_elapsed` (SPEC 7.2).
public struct DurationStatistics: Sendable, Equatable {
    /// How many values the statistics are over.
    public var n = 0
    /// The nearest-rank 50th percentile; `nil` when ``n`` is 0, as are all the statistics.
    public var p50: Int64?
    /// The nearest-rank 90th percentile.
    public var p90: Int64?
    /// The nearest-rank 99th percentile.
    public var p99: Int64?
    /// The largest value.
    public var max: Int64?
    /// The mean rounded to the millisecond.
    public var mean: Int64?

    /// Takes the statistics as given (a read model that stored them); checks nothing.
    public init(n: Int, p50: Int64?, p90: Int64?, p99: Int64?, max: Int64?, mean: Int64?) {
        (self.n, self.p50, self.p90, self.p99, self.max, self.mean) = (n, p50, p90, p99, max, mean)
    }

    /// Nearest-rank percentiles: the value at 1-based rank ⌈q/100 · n⌉ of the sorted values.
    public init(_ values: [Int64]) {
        let sorted = values.sorted()
        n = sorted.count
        guard n > 0 else { return }
        func rank(_ q: Int) -> Int64 { sorted[(q * n + 99) / 100 - 1] }
        p50 = rank(50)
        p90 = rank(90)
        p99 = rank(99)
        max = sorted[n - 1]
        let sum = sorted.reduce(Int64(0), +)
        mean = (sum + Int64(n) / 2) / Int64(n)
    }
}

/// SLA counts against a target, on the policy's SLA clock (SPEC 7.2).
public struct SLAFigures: Sendable, Equatable {
    /// The target, in seconds.
    public var seconds: Int64
    /// The clock the target is measured on.
    public var clock: SLAClock
    /// Reached with an elapsed SLA time at or within the target.
    public var met = 0
    /// Reached late, or not reached and already past the target at the report's clock.
    public var breached = 0
    /// Not reached and still within the target at the report's clock.
    public var pending = 0
    /// The elapsed SLA times of the complaints that reached the milestone.
    public var elapsed = DurationStatistics([])

    /// Counts start at 0 unless given; ``elapsed`` starts empty.
    public init(seconds: Int64, clock: SLAClock = .calendar, met: Int = 0, breached: Int = 0, pending: Int = 0) {
        self.seconds = seconds
        self.clock = clock
        self.met = met
        self.breached = breached
        self.pending = pending
    }
}

/// Satisfaction: each complaint's latest non-null rating as of the report.
public struct SatisfactionFigures: Sendable, Equatable {
    /// Complaints with a rating as of the report.
    public var responses = 0
    /// The sum of those ratings (each 1–5).
    public var sum = 0
    /// Ratings of 4 or 5.
    public var satisfied = 0

    /// Counts start at 0 unless given.
    public init(responses: Int = 0, sum: Int = 0, satisfied: Int = 0) {
        self.responses = responses
        self.sum = sum
        self.satisfied = satisfied
    }
}

/// The figures of one group of complaints (the month, or one channel, category or severity).
public struct MetricsGroup: Sendable, Equatable {
    /// Complaints received in the month (and at or before the as-of position) in this group.
    public var complaints = 0
    /// Not closed as of the report (paused ones included).
    public var open = 0
    /// Reopened at least once as of the report.
    public var reopened = 0
    /// Paused as of the report (SPEC 7.2).
    public var paused = 0
    /// `received` → first `acknowledged`, with its SLA counts.
    public var acknowledge = DurationFigures(values: [])
    /// `received` → first `compensated`.
    public var compensate = DurationFigures(values: [])
    /// `received` → first `closed`, with its SLA counts.
    public var close = DurationFigures(values: [])
    /// `received` → latest `closed`, for complaints closed as of the report.
    public var finalClose = DurationFigures(values: [])
    /// `received` → first `followed-up`.
    public var followUp = DurationFigures(values: [])
    /// The group's latest ratings.
    public var satisfaction = SatisfactionFigures()
}
