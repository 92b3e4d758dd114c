import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
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

    public func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> RecoverySnapshot
    {
        try await store.queue.read { db in
            let tables = SQLiteProjectionTables(db: db)
            let asOf = try ProjectionEngine.asOf(requested, head: try tables.head())
            let clock =
                try Int64.fetchOne(db, sql: "SELECT recorded_ms FROM events WHERE position = ?", arguments: [asOf]) ?? 0
            let cp = try tables.checkpoint(.recovery)
            let c = RecoveryTables.complaints(cp.generation)
            let t = RecoveryTables.transitions(cp.generation)
            var rows: [RecoveryRow] = []
            let select = RawStatement(
                try db.cachedStatement(
                    sql: """
                        SELECT \(RecoveryTables.rowColumns) FROM \(c) \
                        WHERE received_ms >= ? AND received_ms < ? AND received_pos <= ? ORDER BY received_pos
                        """), db)
            select.bind(1, startMs)
            select.bind(2, endMs)
            select.bind(3, asOf)
            while try select.next() { rows.append(RecoveryTables.decodeRow(select)) }
            sqlite3_reset(select.handle)
            var transitions: [String: [Transition]] = [:]
            let joined = RawStatement(
                try db.cachedStatement(
                    sql: """
                        SELECT t.complaint_id, t.position, t.kind, t.ms, t.value \
                        FROM \(t) t JOIN \(c) c ON c.complaint_id = t.complaint_id
                        WHERE c.received_ms >= ? AND c.received_ms < ? AND c.received_pos <= ? AND t.position <= ?
                        ORDER BY t.complaint_id, t.position
                        """), db)
            joined.bind(1, startMs)
            joined.bind(2, endMs)
            joined.bind(3, asOf)
            joined.bind(4, asOf)
            while try joined.next() {
                let id = joined.string(0) ?? ""
                let kind = Transition.Kind(rawValue: joined.string(2) ?? "") ?? .closed
                transitions[id, default: []].append(
                    Transition(
                        complaintID: id, position: joined.int64(1), kind: kind,
                        ms: joined.int64(3), value: Int(joined.int64(4))))
            }
            sqlite3_reset(joined.handle)
            if cp.position < asOf {
                var tail = RecoveryTail(rows: rows, transitions: transitions, receivedFrom: startMs, to: endMs)
                try ProjectionEngine.scan(tables, after: cp.position, upTo: asOf) { tail.apply($0) }
                (rows, transitions) = (tail.rows, tail.transitions)
            }
            return RecoverySnapshot(asOfPosition: asOf, clockMs: clock, rows: rows, transitions: transitions)
        }
    }

    public func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws -> (
        asOf: Int64, candidates: [RewardCandidate]
    ) {
        try await store.queue.read { db in
            let tables = SQLiteProjectionTables(db: db)
            let asOf = try ProjectionEngine.asOf(requested, head: try tables.head())
            let cp = try tables.checkpoint(.rewards)
            var candidates: [RewardCandidate] = []
            let select = RawStatement(
                try db.cachedStatement(sql: RewardsTables.select(generation: cp.generation)), db)
            select.bind(1, startMs)
            select.bind(2, endMs)
            select.bind(3, asOf)
            while try select.next() {
                guard let candidate = RewardsTables.decodeCandidate(select) else {
                    throw ProjectionError("unreadable reward candidate at position \(select.int64(0))")
                }
                candidates.append(candidate)
            }
            sqlite3_reset(select.handle)
            if cp.position < asOf {
                var tail = RewardsTail(candidates: candidates, occurredFrom: startMs, to: endMs)
                try ProjectionEngine.scan(tables, after: cp.position, upTo: asOf) { event in
                    try tail.apply(event) { RewardsFold.state(after: try tables.stream($0, before: event.position)) }
                }
                candidates = tail.candidates
            }
            return (asOf, candidates)
        }
    }

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
