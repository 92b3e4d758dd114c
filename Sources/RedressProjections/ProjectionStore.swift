import RedressDomain
import RedressStore

/// Read models kept beside the events, each a pure fold over the global log with its
/// checkpoint written in the same transaction.
///
/// # Implementing a projection store
///
/// - **Never behind, never writing on a read.** Every write transaction of the event store folds
///   its events into each projection and moves the checkpoint before it commits; a report that
///   finds a projection behind anyway (a ledger from an older Redress) folds the missing events in
///   memory on top of what the tables hold. Reports run in a read transaction and never wait for a
///   writer.
/// - **Folds are the shared ones**: `RecoveryFold.apply` and `RewardsFold.apply`, run by
///   `FoldCaches` (whose size the store's configuration sets) over the event log alone; a backend
///   stores the `ProjectionWrites` they give, it does not recompute rules.
/// - **Rebuild = incremental.** A rebuild fills a new generation in batches while readers use the
///   active one, then swaps it in at once; the result is identical to the incremental catch-up.
/// - **As of a position.** `recovery` and `rewardCandidates` ignore every event after `asOf`, and
///   refuse an `asOf` past the head with a `ProjectionError`.
///
/// The test an implementer must pass is `ProjectionStoreConformance.run(_:)` from the
/// `RedressStoreConformance` library product. Issued statements are not a projection: they live in
/// an `IssuedStatementStore`.
public protocol ProjectionStore: Sendable {
    /// Each projection's checkpoint against the head.
    func status() async throws -> [ProjectionStatus]
    /// Folds every projection up to the head; returns the head.
    @discardableResult func catchUp() async throws -> Int64
    /// Rebuilds `names` from position 0 into new tables, reading the log once for all of them, then
    /// swaps them in at once. `afterBatch` is called with the position reached after each committed batch.
    func rebuild(_ names: [ProjectionName], afterBatch: (@Sendable (Int64) throws -> Void)?) async throws
    /// Complaints received in `[startMs, endMs)` at or before `asOf` (default: head), with their transitions.
    func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf: Int64?) async throws -> RecoverySnapshot
    /// Candidates whose event occurred in `[startMs, endMs)` at or before `asOf` (default head), and the position used.
    func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf: Int64?) async throws -> (
        asOf: Int64, candidates: [RewardCandidate]
    )
    /// Up to `limit` events in `(after, upTo]`, in position order, read as the folds read them: what a
    /// fold of the log in memory reads (`verify --projections`, `rewards issue`), never a read model.
    func logEvents(after: Int64, upTo: Int64, limit: Int) async throws -> [ProjectionEvent]
    /// When the first and the last complaint were received (`nil` for a ledger without complaints).
    func receivedRange() async throws -> (first: Int64, last: Int64)?
}
