/// The fold caches of one catch-up or rebuild: one per projection, their limit from the store's
/// configuration, and the folds run through them.
///
/// A fold reads only the event log: a complaint's state that is not cached is re-derived from its
/// own earlier events (``ProjectionEventSource/stream(_:before:)``), never read back from a read
/// model. So a fold can run on any connection that sees the log — a rebuild folds on a reader's
/// while the writer writes — and the rewards projection stores no per-complaint state at all.
public final class FoldCaches: @unchecked Sendable {
    /// The `recovery` projection's cache: its states are written as they leave it and when the fold ends.
    public let recovery: FoldCache<RecoveryState>
    /// The `rewards` projection's cache: it keeps no states for writing (``FoldCache/keepsStates`` is
    /// `false`); an evicted state is re-derived from the complaint's events.
    public let rewards: FoldCache<RewardsStreamState>

    /// Caches for one catch-up or rebuild, each keeping about `limit` complaint states in memory (two
    /// generations of `limit / 2`, at least 1); the limit changes memory and speed, never the tables written.
    public init(limit: Int) {
        recovery = FoldCache(limit: limit)
        rewards = FoldCache(limit: limit)
        rewards.keepsStates = false
    }

    /// Folds `events` (in position order) into `name`'s states; returns what to write.
    public func fold(_ name: ProjectionName, _ events: [ProjectionEvent], source: some ProjectionEventSource) throws
        -> ProjectionWrites
    {
        switch name {
        case .recovery:
            let (states, _) = try recovery.fold(
                events,
                load: { id, position in
                    try RecoveryFold.row(after: source.stream(id, before: position)).map {
                        RecoveryState(row: $0)
                    }
                }, apply: RecoveryState.apply)
            return .recovery(states)
        case .rewards:
            let (_, candidates) = try rewards.fold(
                events, load: { try RewardsFold.state(after: source.stream($0, before: $1)) },
                apply: RewardsFold.apply)
            return .rewards(candidates: candidates)
        }
    }

    /// What `name`'s cache still holds to write, sorted by complaint id; the cache is empty after.
    public func drain(_ name: ProjectionName) -> ProjectionWrites {
        switch name {
        case .recovery: return .recovery(recovery.drain())
        case .rewards:
            _ = rewards.drain()
            return .rewards(candidates: [])
        }
    }
}
