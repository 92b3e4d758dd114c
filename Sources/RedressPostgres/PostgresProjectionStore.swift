#if PostgreSQL
import NIOCore
import PostgresNIO
import RedressDomain
import RedressProjections
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
            names, cacheLimit: store.options.foldCacheStates, afterBatch: afterBatch, in: self)
    }

    /// Runs `body` on the projection tables in one transaction holding the ledger's write lock.
    public func inWriteTransaction<R: Sendable>(_ body: @escaping @Sendable (any ProjectionTables) throws -> R)
        async throws -> R
    {
        try await store.writeSession { s in try body(PostgresProjectionTables(session: s)) }
    }

    public func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> RecoverySnapshot
    {
        try await store.readSession { s in
            let tables = PostgresProjectionTables(session: s)
            let asOf = try ProjectionEngine.asOf(requested, head: try tables.head())
            let clock =
                try s.query("SELECT recorded_ms FROM events WHERE position = \(asOf)").first?.decode(Int64.self)
                ?? 0
            let cp = try tables.checkpoint(.recovery)
            let c = "recovery_complaints_g\(cp.generation)"
            let t = "recovery_transitions_g\(cp.generation)"
            var rows = try s.query(
                """
                SELECT \(unescaped: PostgresProjectionTables.recoveryColumns) FROM \(unescaped: c)
                WHERE received_ms >= \(startMs) AND received_ms < \(endMs) AND received_pos <= \(asOf)
                ORDER BY received_pos
                """
            ).map(PostgresProjectionTables.recoveryRow)
            var transitions: [String: [Transition]] = [:]
            for row in try s.query(
                """
                SELECT t.complaint_id, t.position, t.kind, t.ms, t.value FROM \(unescaped: t) t
                JOIN \(unescaped: c) c ON c.complaint_id = t.complaint_id
                WHERE c.received_ms >= \(startMs) AND c.received_ms < \(endMs) AND c.received_pos <= \(asOf)
                    AND t.position <= \(asOf)
                ORDER BY t.complaint_id COLLATE "C", t.position
                """)
            {
                let (id, position, kind, ms, value) = try row.decode((String, Int64, String, Int64, Int64).self)
                transitions[id, default: []].append(
                    Transition(
                        complaintID: id, position: position, kind: Transition.Kind(rawValue: kind) ?? .closed,
                        ms: ms,
                        value: Int(value)))
            }
            if cp.position < asOf {
                var tail = RecoveryTail(rows: rows, transitions: transitions, receivedFrom: startMs, to: endMs)
                try ProjectionEngine.scan(tables, after: cp.position, upTo: asOf) { tail.apply($0) }
                (rows, transitions) = (tail.rows, tail.transitions)
            }
            return RecoverySnapshot(asOfPosition: asOf, clockMs: clock, rows: rows, transitions: transitions)
        }
    }

    public func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> (asOf: Int64, candidates: [RewardCandidate])
    {
        try await store.readSession { s in
            let tables = PostgresProjectionTables(session: s)
            let asOf = try ProjectionEngine.asOf(requested, head: try tables.head())
            let cp = try tables.checkpoint(.rewards)
            var candidates = try s.query(
                """
                SELECT position, event_id, complaint_id, rule, staff, occurred_ms, value
                FROM \(unescaped: "rewards_candidates_g\(cp.generation)")
                WHERE occurred_ms >= \(startMs) AND occurred_ms < \(endMs) AND position <= \(asOf) ORDER BY position
                """
            ).map(PostgresProjectionTables.candidate)
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
