import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
public import RedressProjections
import RedressStore

/// The projections of a SQLite ledger, in the same file as its events.
///
/// Every batch folded into a projection's tables commits together with its checkpoint.
/// A rebuild fills the tables of a new generation in batches while readers keep using
/// the active one, then catches up and makes the new generation active in one short
/// transaction; an interrupted rebuild leaves only an unused generation behind, which
/// the next rebuild drops.
public final class SQLiteProjectionStore: ProjectionStore, ProjectionTransactions, @unchecked Sendable {
    let store: SQLiteEventStore

    init(store: SQLiteEventStore) { self.store = store }

    /// Read from one snapshot; never waits for a writer.
    public func status() async throws -> [ProjectionStatus] {
        try await store.queue.read { db in try ProjectionEngine.status(SQLiteProjectionTables(db: db)) }
    }

    /// Folds every projection up to the head in one write transaction under the writer lock; returns the head.
    @discardableResult
    public func catchUp() async throws -> Int64 {
        let limit = store.foldCacheStates
        return try await store.writeDatabase { db in
            try ProjectionEngine.catchUp(SQLiteProjectionTables(db: db), ProjectionName.allCases, cacheLimit: limit)
        }
    }

    /// Rebuilds with `ProjectionEngine.rebuild`, reading through ``withCommittedLog(_:)`` and writing in
    /// several transactions under the writer lock: other writers may write between them, and the last
    /// one catches up with what they wrote and swaps.
    public func rebuild(_ names: [ProjectionName], afterBatch: (@Sendable (Int64) throws -> Void)? = nil) async throws {
        try await ProjectionEngine.rebuild(
            names, cacheLimit: store.rebuildCacheStates, afterBatch: afterBatch, in: self)
    }

    /// Runs `body` on the projection tables in one `BEGIN IMMEDIATE` transaction under the writer lock.
    public func inWriteTransaction<R: Sendable>(_ body: @escaping @Sendable (any ProjectionTables) throws -> R)
        async throws -> R
    {
        try await store.writeDatabase { db in try body(SQLiteProjectionTables(db: db)) }
    }

    /// Reads on a read-only connection of its own (WAL lets it read while the writer writes), each
    /// statement in its own read transaction: the writer's commits checkpoint the WAL as the rebuild
    /// goes (500k complaints: 7.1 → 6.5 s, the WAL no longer grows by the whole new generation).
    public func withCommittedLog(_ body: (any ProjectionEventSource) throws -> Void) throws {
        var config = Configuration()
        config.readonly = true
        config.label = "redress-rebuild-reader"
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -16384") }
        let reader = try DatabaseQueue(path: store.path, configuration: config)
        defer { try? reader.close() }
        try reader.inDatabase { db in try body(SQLiteProjectionTables(db: db)) }
    }

    /// Reads a report's rows in one read transaction: never waits for a writer, never writes.
    /// Projections are kept current by every write transaction; when one is behind the as-of
    /// position all the same (a ledger written by an older Redress, or an interrupted catch-up),
    /// the events after its checkpoint are folded in memory on top of what its tables hold.
    public func logEvents(after: Int64, upTo: Int64, limit: Int) async throws -> [ProjectionEvent] {
        try await store.queue.read { db in try ProjectionScan.read(db, after: after, upTo: upTo, limit: limit) }
    }

    /// Complaints received in `[startMs, endMs)` (epoch milliseconds) as of position `requested` (`nil`: the
    /// head), with their transitions, in one read transaction; events past a lagging checkpoint are folded in memory.
    /// - Throws: `ProjectionError` when `requested` is negative or past the head; the store's error on failure.
    public func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> RecoverySnapshot
    {
        try await store.queue.read { db in
            try ProjectionEngine.recovery(
                SQLiteProjectionTables(db: db), receivedFrom: startMs, to: endMs, asOf: requested)
        }
    }

    /// Reward candidates whose event occurred in `[startMs, endMs)` (epoch milliseconds) as of position
    /// `requested` (`nil`: the head), and that position, in one read transaction.
    /// - Throws: `ProjectionError` when `requested` is negative or past the head; the store's error on failure.
    public func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws -> (
        asOf: Int64, candidates: [RewardCandidate]
    ) {
        try await store.queue.read { db in
            try ProjectionEngine.rewardCandidates(
                SQLiteProjectionTables(db: db), occurredFrom: startMs, to: endMs, asOf: requested)
        }
    }

    /// The earliest and latest `occurred_at` (epoch milliseconds) of the ledger's `received` events; `nil`
    /// when it holds no complaint.
    public func receivedRange() async throws -> (first: Int64, last: Int64)? {
        try await store.queue.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT min(occurred_ms), max(occurred_ms) FROM events WHERE type = 'received'"),
                let first: Int64 = row[0], let last: Int64 = row[1]
            else { return nil }
            return (first, last)
        }
    }
}
