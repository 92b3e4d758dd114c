/// Reward candidates read from a projection's tables, brought up to the as-of position by folding
/// the events after the projection's checkpoint in memory, each complaint's fold state starting from
/// what the backend loads for it: how every backend answers a statement when its projection lags,
/// without writing.
public struct RewardsTail {
    /// The candidates: the tables' and those of the events after the checkpoint.
    public private(set) var candidates: [RewardCandidate]
    private var states: [String: RewardsStreamState?] = [:]
    private let window: ReportWindow

    /// - Parameters: the candidates the tables hold whose event occurred in `window`.
    public init(candidates: [RewardCandidate], in window: ReportWindow) {
        self.candidates = candidates
        self.window = window
    }

    /// Folds one event after the checkpoint (in position order); `load` gives a complaint's state
    /// before this event the first time it comes up.
    public mutating func apply(_ event: ProjectionEvent, load: (String) throws -> RewardsStreamState?) rethrows {
        var state = try states[event.complaintID] ?? load(event.complaintID)
        if let candidate = RewardsFold.apply(&state, event), window.holds(candidate.occurredMs) {
            candidates.append(candidate)
        }
        states[event.complaintID] = .some(state)
    }
}
