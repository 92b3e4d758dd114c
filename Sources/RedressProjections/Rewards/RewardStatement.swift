public import RedressDomain

/// One credit in a statement: the event that earned it and its points.
public struct RewardItem: Sendable, Equatable {
    /// The crediting event's ledger position.
    public var position: Int64
    /// The crediting event.
    public var eventID: EventID
    /// The complaint the event belongs to.
    public var complaintID: String
    /// The rule that credited it.
    public var rule: RewardRule
    /// The points under the statement's policy; negative for a clawback or a low rating.
    public var points: Int64
    /// The rating, for `satisfaction` credits.
    public var rating: Int?
}

/// The order of staff in statements and diffs: by the UTF-8 bytes of their ids (SPEC 5: "sorted by id").
public enum StaffOrder {
    /// Whether `a` sorts before `b`: byte order, so the order never depends on the locale.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }
}

/// One staff member's line in a month's statement.
public struct StaffLine: Sendable, Equatable {
    /// The staff id credited.
    public var staff: String
    /// The sum of the line's item points (may be negative).
    public var points: Int64 = 0
    /// In currency minor units: 0 unless eligible, else the line's points (0 when negative) × the
    /// policy's point value, at most its cap.
    public var amount: Int64 = 0
    /// Whether the member had at least the policy's `min_surveys` rated follow-ups in the month.
    public var eligible = false
    /// Rated follow-ups credited to the member in the month.
    public var surveys = 0
    /// The sum of those ratings.
    public var ratingSum = 0
    /// `(numerator, denominator)` of the Bayesian satisfaction index, nil when undefined.
    public var index: (Int64, Int64)?
    /// The credits, in position order.
    public var items: [RewardItem] = []

    /// Equal when every field is, the index compared as its numerator and denominator (not as a value).
    public static func == (a: StaffLine, b: StaffLine) -> Bool {
        a.staff == b.staff && a.points == b.points && a.amount == b.amount && a.eligible == b.eligible
            && a.surveys == b.surveys && a.ratingSum == b.ratingSum && a.items == b.items
            && a.index.map { [$0.0, $0.1] } == b.index.map { [$0.0, $0.1] }
    }
}

/// A month's reward statement (SPEC 3), reproducible byte for byte.
public struct RewardStatement: Sendable, Equatable {
    /// The statement's month, `YYYY-MM`.
    public var month: String
    /// The policy's time zone, in which the month is read.
    public var timezone: String
    /// Only events at or before this position count.
    public var asOfPosition: Int64
    /// The policy's currency, in whose minor units amounts are.
    public var currency: String
    /// ``Policy/sha256`` of the policy applied.
    public var policySHA256: String
    /// All `satisfaction` credits of the month, all staff together.
    public var surveys: Int
    /// The sum of those ratings.
    public var ratingSum: Int
    /// One line per staff member credited, by ``StaffOrder``.
    public var staff: [StaffLine]

    /// Applies `policy` to the month's candidates (those with `position ≤ asOf` whose event
    /// occurred in `month`), in position order.
    /// Pure: the same arguments give the same statement, byte for byte. Amounts never overflow: a
    /// product past `Int64` is capped like any other.
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

    /// `sum / count` to four places, or `null` when `count` is 0 (the text JSON and tables print).
    static func mean(_ sum: Int, _ count: Int) -> String {
        count == 0 ? "null" : DecimalText.ratio(Int64(sum), Int64(count), places: ReportPrecision.ratingPlaces)
    }

    /// The month's mean rating, all staff together.
    public var satisfactionMeanText: String { Self.mean(ratingSum, surveys) }
}

extension StaffLine {
    /// The member's mean rating to four places, or `null` without rated follow-ups.
    public var satisfactionMeanText: String { RewardStatement.mean(ratingSum, surveys) }
    /// The member's Bayesian satisfaction index to four places; `nil` when the month has no rated follow-up.
    public var indexText: String? { index.map { DecimalText.ratio($0.0, $0.1, places: ReportPrecision.ratingPlaces) } }
}
