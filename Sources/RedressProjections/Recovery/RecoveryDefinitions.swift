import RedressDomain

/// The five recovery durations of SPEC 2, by their names in reports, in lifecycle order.
public enum DurationMetric: String, Sendable, CaseIterable {
    case acknowledge, compensate, close
    case finalClose = "final_close"
    case followUp = "follow_up"

    /// Whether the policy sets a target for it (SLA met, breached, pending).
    public var hasSLA: Bool { self == .acknowledge || self == .close }
}

/// The durations of one complaint, in milliseconds from `received_at` (SPEC 2): the one definition
/// that the auditor's replay and the month's metrics both use.
public struct RecoveryDurations: Sendable, Equatable {
    /// Received → first `acknowledged`.
    public var acknowledge: Int64?
    /// Received → first `compensated`.
    public var compensate: Int64?
    /// First close: first resolution.
    public var close: Int64?
    /// Latest close, only while the complaint is closed: full resolution, reopen cycles included.
    public var finalClose: Int64?
    /// Received → first `followed-up`.
    public var followUp: Int64?

    /// - Parameters: the instants (epoch ms) of each first milestone reached, and of the latest
    ///   close when the complaint is closed now (`nil` when it is open).
    public init(
        receivedMs: Int64, firstAcknowledgedMs: Int64?, firstCompensatedMs: Int64?, firstClosedMs: Int64?,
        closedNowAtMs: Int64?, firstFollowedUpMs: Int64?
    ) {
        func since(_ ms: Int64?) -> Int64? { ms.map { $0 - receivedMs } }
        acknowledge = since(firstAcknowledgedMs)
        compensate = since(firstCompensatedMs)
        close = since(firstClosedMs)
        finalClose = since(closedNowAtMs)
        followUp = since(firstFollowedUpMs)
    }

    /// No milestone reached.
    public init() {}

    /// The duration of `metric`, `nil` when not reached.
    public subscript(metric: DurationMetric) -> Int64? {
        switch metric {
        case .acknowledge: return acknowledge
        case .compensate: return compensate
        case .close: return close
        case .finalClose: return finalClose
        case .followUp: return followUp
        }
    }

    /// (metric, milliseconds) of the milestones reached, in lifecycle order.
    public var reached: [(metric: DurationMetric, milliseconds: Int64)] {
        DurationMetric.allCases.compactMap { metric in self[metric].map { (metric, $0) } }
    }
}

/// "Within the SLA" (SPEC 2 and 3): reached in at most the target, the boundary included.
public enum SLA {
    /// Whether `duration` (milliseconds) is at most `targetSeconds`: exactly on the target is met.
    public static func isMet(milliseconds duration: Int64, targetSeconds: Int64) -> Bool {
        duration <= targetSeconds * 1000
    }
}

extension MetricsGroup {
    /// The figures of one duration metric.
    public subscript(metric: DurationMetric) -> DurationFigures {
        switch metric {
        case .acknowledge: return acknowledge
        case .compensate: return compensate
        case .close: return close
        case .finalClose: return finalClose
        case .followUp: return followUp
        }
    }
}

extension SatisfactionFigures {
    /// The mean rating to `places` decimals (`nil` without responses).
    public func meanText(places: Int = ReportPrecision.ratingPlaces) -> String? {
        responses == 0 ? nil : DecimalText.ratio(Int64(sum), Int64(responses), places: places)
    }

    /// 100 × ratings of 4 or 5 ÷ responses, to `places` decimals (`nil` without responses).
    public func csatText(places: Int = ReportPrecision.percentPlaces) -> String? {
        responses == 0 ? nil : DecimalText.ratio(Int64(100 * satisfied), Int64(responses), places: places)
    }
}
