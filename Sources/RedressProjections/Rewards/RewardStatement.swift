public import RedressDomain

/// One credit in a statement: the event that earned it and its points.
public struct RewardItem: Sendable, Equatable {
    public var position: Int64
    public var eventID: EventID
    public var complaintID: String
    public var rule: RewardRule
    public var points: Int64
    /// The rating, for `satisfaction` credits.
    public var rating: Int?
}

/// One staff member's line in a month's statement.
/// The order of staff in statements and diffs: by the UTF-8 bytes of their ids (SPEC 5: "sorted by id").
public enum StaffOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }
}

public struct StaffLine: Sendable, Equatable {
    public var staff: String
    public var points: Int64 = 0
    /// Currency minor units.
    public var amount: Int64 = 0
    public var eligible = false
    public var surveys = 0
    public var ratingSum = 0
    /// `(numerator, denominator)` of the Bayesian satisfaction index, nil when undefined.
    public var index: (Int64, Int64)?
    public var items: [RewardItem] = []

    public static func == (a: StaffLine, b: StaffLine) -> Bool {
        a.staff == b.staff && a.points == b.points && a.amount == b.amount && a.eligible == b.eligible
            && a.surveys == b.surveys && a.ratingSum == b.ratingSum && a.items == b.items
            && a.index.map { [$0.0, $0.1] } == b.index.map { [$0.0, $0.1] }
    }
}

/// A month's reward statement (SPEC 3), reproducible byte for byte.
public struct RewardStatement: Sendable, Equatable {
    public var month: String
    public var timezone: String
    public var asOfPosition: Int64
    public var currency: String
    public var policySHA256: String
    /// All `satisfaction` credits of the month, all staff together.
    public var surveys: Int
    public var ratingSum: Int
    public var staff: [StaffLine]

    /// Applies `policy` to the month's candidates (those with `position ≤ asOf` whose event
    /// occurred in `month`), in position order.
    public static func compute(month: Month, policy: Policy, asOfPosition: Int64, candidates: [RewardCandidate])
        -> RewardStatement
    {
        var lines: [String: StaffLine] = [:]
        var surveys = 0
        var ratingSum = 0
        for c in candidates.sorted(by: { $0.position < $1.position })
        where c.position <= asOfPosition && month.contains(c.occurredMs) {
            let points: Int64
            var rating: Int?
            switch c.rule {
            case .closedResolved:
                points = policy.closedResolvedPoints
            case .acknowledgedWithinSLA:
                // The elapsed SLA time (SPEC 7.2) from received (value ms before) to the acknowledgement;
                // no pause can come before a first acknowledgement, so the clock alone decides.
                let elapsed = policy.slaMilliseconds(from: c.occurredMs - c.value, to: c.occurredMs)
                guard SLA.isMet(milliseconds: elapsed, targetSeconds: policy.acknowledgeSLASeconds) else { continue }
                points = policy.acknowledgedWithinSLAPoints
            case .satisfaction:
                rating = Int(c.value)
                points = policy.satisfactionPoints[Int(c.value) - 1]
            case .reopenedClawback:
                guard c.value <= policy.reopenWindowDays * 86_400_000 else { continue }
                points = policy.reopenedClawbackPoints
            }
            // In place: copying a line out and back would copy its items on every credit.
            lines[c.staff, default: StaffLine(staff: c.staff)].points += points
            if let rating {
                lines[c.staff]!.surveys += 1
                lines[c.staff]!.ratingSum += rating
                surveys += 1
                ratingSum += rating
            }
            lines[c.staff]!.items.append(
                RewardItem(
                    position: c.position, eventID: c.eventID, complaintID: c.complaintID,
                    rule: c.rule, points: points, rating: rating))
        }
        var staff = lines.values.sorted { StaffOrder.precedes($0.staff, $1.staff) }
        for i in staff.indices {
            // index = (w·m + Σ) / (w + n) with m = ratingSum / surveys, kept as one exact fraction.
            if surveys > 0 {
                let w = policy.priorWeight
                let n = Int64(staff[i].surveys)
                let numerator = w * Int64(ratingSum) + Int64(staff[i].ratingSum) * Int64(surveys)
                let denominator = Int64(surveys) * (w + n)
                staff[i].index = denominator == 0 ? nil : (numerator, denominator)
            }
            staff[i].eligible = Int64(staff[i].surveys) >= policy.minSurveys
            if staff[i].eligible {
                let (product, overflow) = max(0, staff[i].points).multipliedReportingOverflow(by: policy.pointValue)
                staff[i].amount = overflow ? policy.cap : min(policy.cap, product)
            }
        }
        return RewardStatement(
            month: month.description, timezone: policy.timezone, asOfPosition: asOfPosition, currency: policy.currency,
            policySHA256: policy.sha256, surveys: surveys, ratingSum: ratingSum, staff: staff)
    }

    static func mean(_ sum: Int, _ count: Int) -> String {
        count == 0 ? "null" : DecimalText.ratio(Int64(sum), Int64(count), places: ReportPrecision.ratingPlaces)
    }

    /// The month's mean rating, all staff together.
    public var satisfactionMeanText: String { Self.mean(ratingSum, surveys) }
}

extension StaffLine {
    public var satisfactionMeanText: String { RewardStatement.mean(ratingSum, surveys) }
    public var indexText: String? { index.map { DecimalText.ratio($0.0, $0.1, places: ReportPrecision.ratingPlaces) } }
}
