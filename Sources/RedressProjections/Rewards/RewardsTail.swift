/// Reward candidates read from a projection's tables, brought up to the as-of position by folding
/// the events after the projection's checkpoint in memory, each complaint's fold state starting from
/// what the backend loads for it: how every backend answers a statement when its projection lags,
/// without writing.
public struct RewardsTail {
    /// The candidates: the tables' and those of the events after the checkpoint.
    public private(set) var candidates: [RewardCandidate]
    private var states: [String: RewardsStreamState?] = [:]
    private let startMs: Int64, endMs: Int64

    /// - Parameters: the candidates the tables hold whose event occurred in `[startMs, endMs)`.
    public init(candidates: [RewardCandidate], occurredFrom startMs: Int64, to endMs: Int64) {
        self.candidates = candidates
        self.startMs = startMs
        self.endMs = endMs
    }

    /// Folds one event after the checkpoint (in position order); `load` gives a complaint's state
    /// before this event the first time it comes up.
    public mutating func apply(_ event: ProjectionEvent, load: (String) throws -> RewardsStreamState?) rethrows {
        var state = try states[event.complaintID] ?? load(event.complaintID)
        if let candidate = RewardsFold.apply(&state, event), candidate.occurredMs >= startMs,
            candidate.occurredMs < endMs
        {
            candidates.append(candidate)
        }
        states[event.complaintID] = .some(state)
    }
}
