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
public final class SQLiteProjectionStore: ProjectionStore, @unchecked Sendable {
    let store: SQLiteEventStore
    /// Events folded per batch (and per transaction, during a rebuild).
    static let batchSize = 20_000

    init(store: SQLiteEventStore) { self.store = store }

    struct Checkpoint {
        var generation: Int64
        var position: Int64
        var buildingGeneration: Int64?
        var buildingPosition: Int64?
    }

    static func checkpoint(_ db: Database, _ name: ProjectionName) throws -> Checkpoint {
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT generation, position, building_generation, building_position "
                    + "FROM projections WHERE name = ?",
                arguments: [name.rawValue])
        else {
            throw ProjectionError("the projection \(name.rawValue) is missing from this ledger")
        }
        return Checkpoint(generation: row[0], position: row[1], buildingGeneration: row[2], buildingPosition: row[3])
    }

    static func head(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(position), 0) FROM events") ?? 0
    }

    /// Folds events after `from` up to `to` into `generation`, a batch at a time; returns the position reached.
    static func fold<P: SQLiteProjection>(
        _ db: Database, _ kind: P.Type, generation: Int64, from: Int64, to: Int64,
        maxEvents: Int = .max, cache: FoldCache<P.State>
    ) throws -> Int64 {
        var position = from
        var folded = 0
        while position < to && folded < maxEvents {
            let events = try ProjectionScan.read(
                db, after: position, upTo: to, limit: min(batchSize, maxEvents - folded))
            guard let last = events.last else { break }
            try kind.apply(db, generation: generation, events: events, cache: cache)
            position = last.position
            folded += events.count
        }
        return position
    }

    /// Brings the active generation of `names` up to the head, in the caller's transaction,
    /// keeping at most `cacheLimit` complaint states in memory.
    static func catchUp(_ db: Database, _ names: [ProjectionName], cacheLimit: Int) throws -> Int64 {
        let head = try head(db)
        for name in names { try catchUp(db, ProjectionCatalog.kind(name), to: head, cacheLimit: cacheLimit) }
        return head
    }

    private static func catchUp<P: SQLiteProjection>(_ db: Database, _ kind: P.Type, to head: Int64, cacheLimit: Int)
        throws
    {
        let cp = try checkpoint(db, kind.name)
        guard cp.position < head else { return }
        let cache = FoldCache<P.State>(tablesStartEmpty: false, limit: cacheLimit)
        let reached = try fold(db, kind, generation: cp.generation, from: cp.position, to: head, cache: cache)
        try db.execute(
            sql: "UPDATE projections SET position = ? WHERE name = ?", arguments: [reached, kind.name.rawValue])
    }

    public func status() async throws -> [ProjectionStatus] {
        try await store.queue.read { db in
            let head = try Self.head(db)
            return try ProjectionName.allCases.map { name in
                let cp = try Self.checkpoint(db, name)
                let building = cp.buildingGeneration.map { ($0, cp.buildingPosition ?? 0) }
                return ProjectionStatus(
                    name: name, generation: cp.generation, position: cp.position, head: head, building: building)
            }
        }
    }

    @discardableResult
    public func catchUp() async throws -> Int64 {
        let limit = store.foldCacheStates
        return try await store.writeDatabase { db in try Self.catchUp(db, ProjectionName.allCases, cacheLimit: limit) }
    }

    public func rebuild(_ name: ProjectionName, afterBatch: (@Sendable (Int64) throws -> Void)? = nil) async throws {
        try await rebuild(ProjectionCatalog.kind(name), afterBatch: afterBatch)
    }

    private func rebuild<P: SQLiteProjection>(_ kind: P.Type, afterBatch: (@Sendable (Int64) throws -> Void)?)
        async throws
    {
        let name = kind.name
        // 1. A fresh generation; drop what an interrupted rebuild left behind.
        let generation = try await store.writeDatabase { db -> Int64 in
            let cp = try Self.checkpoint(db, name)
            if let stale = cp.buildingGeneration { try kind.drop(db, generation: stale) }
            let next = max(cp.generation, cp.buildingGeneration ?? 0) + 1
            try kind.drop(db, generation: next)
            try kind.create(db, generation: next)
            try db.execute(
                sql: "UPDATE projections SET building_generation = ?, building_position = 0 WHERE name = ?",
                arguments: [next, name.rawValue])
            return next
        }
        // 2. Fill it a batch per transaction; readers still see the active generation. The fold
        //    cache lives across batches (a failed batch ends the rebuild, so it never runs ahead).
        nonisolated(unsafe) let cache = FoldCache<P.State>(tablesStartEmpty: true, limit: store.foldCacheStates)
        while true {
            let (reached, done) = try await store.writeDatabase { db -> (Int64, Bool) in
                let cp = try Self.checkpoint(db, name)
                guard cp.buildingGeneration == generation else {
                    throw ProjectionError("another rebuild of \(name.rawValue) took over")
                }
                let head = try Self.head(db)
                let from = cp.buildingPosition ?? 0
                guard from < head else { return (from, true) }
                let reached = try Self.fold(
                    db, kind, generation: generation, from: from, to: head, maxEvents: Self.batchSize, cache: cache)
                try db.execute(
                    sql: "UPDATE projections SET building_position = ? WHERE name = ?",
                    arguments: [reached, name.rawValue])
                return (reached, false)
            }
            if done { break }
            try afterBatch?(reached)
        }
        // 3. Catch up with what arrived meanwhile and make the new generation active, at once.
        try await store.writeDatabase { db in
            let cp = try Self.checkpoint(db, name)
            guard cp.buildingGeneration == generation else {
                throw ProjectionError("another rebuild of \(name.rawValue) took over")
            }
            let head = try Self.head(db)
            let reached = try Self.fold(
                db, kind, generation: generation, from: cp.buildingPosition ?? 0, to: head, cache: cache)
            try kind.flush(db, generation: generation, cache: cache)
            try db.execute(
                sql: """
                    UPDATE projections SET generation = ?, position = ?, building_generation = NULL, \
                    building_position = NULL WHERE name = ?
                    """, arguments: [generation, reached, name.rawValue])
            try kind.drop(db, generation: cp.generation)
        }
    }

    func asOf(_ db: Database, _ requested: Int64?, head: Int64) throws -> Int64 {
        let asOf = requested ?? head
        guard asOf >= 0, asOf <= head else {
            throw ProjectionError("--as-of-position \(asOf) is past the ledger's head \(head)")
        }
        return asOf
    }

    /// Reads a report's rows in one read transaction: never waits for a writer, never writes.
    /// Projections are kept current by every write transaction; when one is behind the as-of
    /// position all the same (a ledger written by an older Redress, or an interrupted catch-up),
    /// the events after its checkpoint are folded in memory on top of what its tables hold.
    public func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> RecoverySnapshot
    {
        try await store.queue.read { db in
            let head = try Self.head(db)
            let asOf = try self.asOf(db, requested, head: head)
            let clock =
                try Int64.fetchOne(db, sql: "SELECT recorded_ms FROM events WHERE position = ?", arguments: [asOf]) ?? 0
            let cp = try Self.checkpoint(db, .recovery)
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
                try Self.scan(db, after: cp.position, upTo: asOf) { tail.apply($0) }
                (rows, transitions) = (tail.rows, tail.transitions)
            }
            return RecoverySnapshot(asOfPosition: asOf, clockMs: clock, rows: rows, transitions: transitions)
        }
    }

    public func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws -> (
        asOf: Int64, candidates: [RewardCandidate]
    ) {
        try await store.queue.read { db in
            let head = try Self.head(db)
            let asOf = try self.asOf(db, requested, head: head)
            let cp = try Self.checkpoint(db, .rewards)
            var candidates: [RewardCandidate] = []
            let select = RawStatement(
                try db.cachedStatement(
                    sql: """
                        SELECT position, event_id, complaint_id, rule, staff, occurred_ms, value \
                        FROM \(RewardsTables.candidates(cp.generation))
                        WHERE occurred_ms >= ? AND occurred_ms < ? AND position <= ? ORDER BY position
                        """), db)
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
                try Self.scan(db, after: cp.position, upTo: asOf) { event in
                    try tail.apply(event) { try RewardsTables.loadState(db, cp.generation, $0) }
                }
                candidates = tail.candidates
            }
            return (asOf, candidates)
        }
    }

    /// Calls `body` with every event in `(after, upTo]`, in position order, a batch at a time.
    static func scan(_ db: Database, after: Int64, upTo: Int64, _ body: (ProjectionEvent) throws -> Void) throws {
        var position = after
        while position < upTo {
            let events = try ProjectionScan.read(db, after: position, upTo: upTo, limit: batchSize)
            guard let last = events.last else { break }
            for event in events { try body(event) }
            position = last.position
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
