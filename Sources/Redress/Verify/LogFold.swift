import RedressDomain
import RedressProjections
import RedressStore

/// Reward candidates recomputed from the log in memory, the reference that issued statements and
/// the rewards read model are checked against (`verify`, `rewards issue`, `rewards diff`): the same
/// pure fold the read model runs (`RewardsFold`), over every event in position order, keeping the
/// candidates whose event occurred in one of `ranges`.
struct RewardsLogFold {
    private var states: [String: RewardsStreamState] = [:]
    private let ranges: [Range<Int64>]
    private(set) var candidates: [RewardCandidate] = []

    /// A fold keeping only the candidates whose event occurred in one of `ranges`.
    init(keeping ranges: [Range<Int64>]) { self.ranges = ranges }

    /// Folds the next event (in position order), keeping the candidate it earns when it is in a range.
    mutating func apply(_ event: ProjectionEvent) {
        var state = states[event.complaintID]
        let candidate = RewardsFold.apply(&state, event)
        states[event.complaintID] = state
        if let candidate, ranges.contains(where: { $0.contains(candidate.occurredMs) }) { candidates.append(candidate) }
    }

    /// The candidates as of `position` that occurred in `range`.
    func candidates(asOf position: Int64, in range: Range<Int64>) -> [RewardCandidate] {
        candidates.filter { $0.position <= position && range.contains($0.occurredMs) }
    }

    /// The first difference between the candidates a read model gave and the ones the log earns, in
    /// words naming the event; `nil` when they are the same.
    static func difference(model: [RewardCandidate], log: [RewardCandidate]) -> String? {
        struct Key: Hashable {
            var position: Int64
            var rule: RewardRule
        }
        let modelByKey = Dictionary(model.map { (Key(position: $0.position, rule: $0.rule), $0) }) { a, _ in a }
        let logByKey = Dictionary(log.map { (Key(position: $0.position, rule: $0.rule), $0) }) { a, _ in a }
        func name(_ c: RewardCandidate) -> String {
            "the \(c.rule.rawValue) credit of event \(c.eventID) at position \(c.position) (complaint \(c.complaintID))"
        }
        for c in log.sorted(by: { ($0.position, $0.rule.code) < ($1.position, $1.rule.code) }) {
            guard let m = modelByKey[Key(position: c.position, rule: c.rule)] else {
                return "\(name(c)), earned by \(c.staff), is missing from the read model"
            }
            if m.staff != c.staff { return "\(name(c)) goes to \(m.staff) in the read model, to \(c.staff) in the log" }
            if m != c { return "\(name(c)) differs from the log in the read model (its time or value)" }
        }
        if let extra = model.sorted(by: { $0.position < $1.position }).first(where: {
            logByKey[Key(position: $0.position, rule: $0.rule)] == nil
        }) {
            return "the read model credits \(extra.staff) with \(name(extra)), which the log does not earn"
        }
        if model.count != log.count {
            return "the read model holds \(model.count) credits where the log earns \(log.count) (a credit twice)"
        }
        return nil
    }
}

extension Ledger {
    /// The month's statements from the rewards read model as of each of `positions` (`nil`: the
    /// head), each checked against one fold of the log up to the largest: the read model is what makes
    /// reports fast; the log is what a statement must say. Throws ``LedgerError/verification(_:)``
    /// naming the first credit that differs, and saying what was therefore not done (`refusing`).
    func checkedRewards(month text: String, policy: Policy, asOf positions: [Int64?], refusing: String) async throws
        -> [RewardStatement]
    {
        let month = try month(text, policy)
        let projections = try requireProjections()
        var models: [(asOf: Int64, candidates: [RewardCandidate])] = []
        for position in positions {
            models.append(
                try await mapProjectionErrors {
                    try await projections.rewardCandidates(
                        occurredFrom: month.startMs, to: month.endMs, asOf: position)
                })
        }
        let range = month.startMs..<month.endMs
        var fold = RewardsLogFold(keeping: [range])
        var cursor: Int64 = 0
        let end = models.map(\.asOf).max() ?? 0
        while cursor < end {
            let page = try await projections.logEvents(after: cursor, upTo: end, limit: Self.pageSize)
            guard let last = page.last else { break }
            for event in page { fold.apply(event) }
            cursor = last.position
        }
        return try models.map { model in
            let log = fold.candidates(asOf: model.asOf, in: range)
            if let difference = RewardsLogFold.difference(model: model.candidates, log: log) {
                throw LedgerError.verification(
                    "the rewards read model disagrees with the log for \(month) as of position \(model.asOf): "
                        + "\(difference); \(refusing). Rebuild it (redress projections rebuild rewards) "
                        + "and find out what else changed (redress verify --projections)")
            }
            return RewardStatement.compute(month: month, policy: policy, asOfPosition: model.asOf, candidates: log)
        }
    }
}
