import RedressDomain
import RedressStore

/// The projections this ledger keeps.
public enum ProjectionName: String, Sendable, CaseIterable {
    /// Per-complaint milestones and transitions, for recovery-time metrics.
    case recovery
    /// Credit candidates, for month-end reward statements.
    case rewards
}
