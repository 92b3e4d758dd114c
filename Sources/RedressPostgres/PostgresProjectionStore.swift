#if PostgreSQL
import NIOCore
import PostgresNIO
import RedressDomain
public import RedressProjections
import RedressStore

/// The projections of a PostgreSQL ledger, in the same database as its events, kept as on SQLite:
/// every write transaction folds its events in before it commits, a rebuild fills a new generation
/// and swaps it in at once, and reports read one snapshot, folding in memory whatever a lagging
/// projection lacks.
public final class PostgresProjectionStore: ProjectionStore, ProjectionTransactions, @unchecked Sendable {
    let store: PostgresEventStore

    init(store: PostgresEventStore) { self.store = store }

    /// Read from one read-only snapshot, never from the read models.
    public func logEvents(after: Int64, upTo: Int64, limit: Int) async throws -> [ProjectionEvent] {
        try await store.readSession { s in try PostgresProjectionTables.read(s, after: after, upTo: upTo, limit: limit)
        }
    }

    /// Read from one read-only snapshot; never waits for a writer.
    public func status() async throws -> [ProjectionStatus] {
        try await store.readSession { s in try ProjectionEngine.status(PostgresProjectionTables(session: s)) }
    }

    /// Folds every projection up to the head in one transaction holding the write lock; returns the head.
    @discardableResult
    public func catchUp() async throws -> Int64 {
        let limit = store.options.foldCacheStates
        return try await store.writeSession { s in
            try ProjectionEngine.catchUp(
                PostgresProjectionTables(session: s), ProjectionName.allCases, cacheLimit: limit)
        }
    }

    /// Rebuilds with `ProjectionEngine.rebuild`, writing in several transactions holding the write lock:
    /// other writers may write between them, and the last one catches up with what they wrote and swaps.
    public func rebuild(_ names: [ProjectionName], afterBatch: (@Sendable (Int64) throws -> Void)? = nil) async throws {
        try await ProjectionEngine.rebuild(
            names, cacheLimit: store.options.rebuildCacheStates, afterBatch: afterBatch, in: self)
    }

    /// Runs `body` on the projection tables in one transaction holding the ledger's write lock.
    public func inWriteTransaction<R: Sendable>(_ body: @escaping @Sendable (any ProjectionTables) throws -> R)
        async throws -> R
    {
        try await store.writeSession { s in try body(PostgresProjectionTables(session: s)) }
    }

    /// Complaints received in `[startMs, endMs)` (epoch milliseconds) as of position `requested` (`nil`: the
    /// head), with their transitions, in one read transaction; events past a lagging checkpoint are folded in memory.
    /// - Throws: `ProjectionError` when `requested` is negative or past the head; the store's error on failure.
    public func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> RecoverySnapshot
    {
        try await store.readSession { s in
            try ProjectionEngine.recovery(
                PostgresProjectionTables(session: s), receivedFrom: startMs, to: endMs, asOf: requested)
        }
    }

    /// Reward candidates whose event occurred in `[startMs, endMs)` (epoch milliseconds) as of position
    /// `requested` (`nil`: the head), and that position, in one read transaction.
    /// - Throws: `ProjectionError` when `requested` is negative or past the head; the store's error on failure.
    public func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> (asOf: Int64, candidates: [RewardCandidate])
    {
        try await store.readSession { s in
            try ProjectionEngine.rewardCandidates(
                PostgresProjectionTables(session: s), occurredFrom: startMs, to: endMs, asOf: requested)
        }
    }

    /// The earliest and latest `occurred_at` (epoch milliseconds) of the ledger's `received` events; `nil`
    /// when it holds no complaint.
    public func receivedRange() async throws -> (first: Int64, last: Int64)? {
        try await store.readSession { s in
            guard
                let row = try s.query(
                    "SELECT min(occurred_ms), max(occurred_ms) FROM events WHERE type = 'received'"
                ).first
            else { return nil }
            let (first, last) = try row.decode((Int64?, Int64?).self)
            guard let first, let last else { return nil }
            return (first, last)
        }
    }
}
#endif
