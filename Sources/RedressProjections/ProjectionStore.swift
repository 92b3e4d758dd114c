import RedressDomain
import RedressStore

/// Read models kept beside the events, each a pure fold over the global log with its
/// checkpoint written in the same transaction. Reads catch up first, so they are never stale.
public protocol ProjectionStore: Sendable {
    func status() async throws -> [ProjectionStatus]
    /// Folds every projection up to the head; returns the head.
    @discardableResult func catchUp() async throws -> Int64
    /// Rebuilds `name` from position 0 into new tables, then swaps them in at once.
    /// `afterBatch` is called with the position reached after each committed batch.
    func rebuild(_ name: ProjectionName, afterBatch: (@Sendable (Int64) throws -> Void)?) async throws
    /// Complaints received in `[startMs, endMs)` at or before `asOf` (default: head), with their transitions.
    func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf: Int64?) async throws -> RecoverySnapshot
    /// Candidates whose event occurred in `[startMs, endMs)` at or before `asOf` (default head), and the position used.
    func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf: Int64?) async throws -> (
        asOf: Int64, candidates: [RewardCandidate]
    )
    /// When the first and the last complaint were received (`nil` for a ledger without complaints).
    func receivedRange() async throws -> (first: Int64, last: Int64)?
}
