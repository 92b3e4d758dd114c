import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// One projection's tables in SQLite, per generation, and how a batch of events is folded into them.
protocol SQLiteProjection {
    static var name: ProjectionName { get }
    static func create(_ db: Database, generation: Int64) throws
    static func drop(_ db: Database, generation: Int64) throws
    /// A cache of per-complaint fold states, kept across the batches of one catch-up or rebuild;
    /// `empty`: the generation's tables are new, so nothing needs looking up until the cache trims.
    static func makeCache(empty: Bool, limit: Int) -> AnyObject
    /// Folds `events` (in position order) into the generation's tables.
    static func apply(_ db: Database, generation: Int64, events: [ProjectionEvent], cache: AnyObject) throws
    /// Writes every state a deferring cache still holds.
    static func flush(_ db: Database, generation: Int64, cache: AnyObject) throws
}

/// Per-complaint fold states known to match the tables (`nil`: known to have no row), bounded
/// like the import's state cache: two generations, recently used states move to the young one,
/// long-finished ones fall out and are read back from the tables if they come up again.
final class FoldCache<State> {
    /// The states in use; the folds mutate them in place.
    var young: [String: State?] = [:]
    private var old: [String: State?] = [:]
    /// For a generation whose tables started empty: every complaint folded into it so far. An
    /// id not in it has no row, so it needs no look-up even after its state was evicted.
    private var seen: Set<String>?
    /// A rebuild's new generation is not read before the swap, so its rows are written once,
    /// when a state leaves the cache and at the swap, not after every batch.
    let defersWrites: Bool
    /// Evicted states not yet written.
    private var pending: [String: State] = [:]
    /// States kept per generation: half the cache's limit.
    let generationLimit: Int

    /// - Parameter limit: complaint states kept in memory (both generations); any value gives the same tables.
    init(tablesStartEmpty: Bool, limit: Int) {
        seen = tablesStartEmpty ? [] : nil
        defersWrites = tablesStartEmpty
        generationLimit = max(1, limit / 2)
    }

    /// Folds `events` into the cached states with `apply`, loading a complaint's state with `load`
    /// when it may have a row; returns the rows to write now and what the fold produced.
    func fold<Output>(_ events: [ProjectionEvent], load: (String) throws -> State?,
                      apply: (inout State?, ProjectionEvent) -> Output?) rethrows -> (rows: [(String, State)], outputs: [Output]) {
        var touched: Set<String> = []
        var outputs: [Output] = []
        for event in events {
            try prepare(event.complaintID) { try load(event.complaintID) }
            if let output = apply(&young[event.complaintID]!, event) { outputs.append(output) }
            if !defersWrites { touched.insert(event.complaintID) }
        }
        // States evicted during this batch are written now in either mode; without deferral, so is
        // every state the batch touched that is still cached (rotations may have moved it to `old`).
        var rows = Array(pending)
        pending.removeAll(keepingCapacity: true)
        if !defersWrites {
            for id in touched { if case let state?? = young[id] ?? old[id] { rows.append((id, state)) } }
        }
        return (rows, outputs)
    }

    /// Every state not yet written: what a deferring cache must write before its generation is used.
    func drain() -> [(String, State)] {
        var rows = Array(pending)
        for (id, state) in young { if let state { rows.append((id, state)) } }
        for (id, state) in old { if let state { rows.append((id, state)) } }
        pending.removeAll()
        return rows
    }

    /// Makes `id`'s state available in ``young``, loading it with `load` only when it may have a row.
    private func prepare(_ id: String, load: () throws -> State?) rethrows {
        if young[id] != nil { return }
        let state: State?
        if let cached = old.removeValue(forKey: id) {
            state = cached
        } else if let unwritten = pending.removeValue(forKey: id) {
            state = unwritten
        } else if seen?.insert(id).inserted == true {
            state = nil
        } else {
            state = try load()
        }
        if young.count >= generationLimit {
            // Dropped states are kept until written: deferred ones never were, and one touched
            // earlier in this batch has not been yet.
            for (evicted, state) in old { if let state { pending[evicted] = state } }
            old = young
            young = [:]
        }
        young[id] = .some(state)
    }
}

enum RecoveryTables: SQLiteProjection {
    static let name = ProjectionName.recovery
    static func complaints(_ g: Int64) -> String { "recovery_complaints_g\(g)" }
    static func transitions(_ g: Int64) -> String { "recovery_transitions_g\(g)" }
    static let rowColumns = "complaint_id, received_ms, received_pos, channel, category, severity, ack_ms, ack_pos, comp_ms, comp_pos, close_ms, close_pos, follow_ms, follow_pos"

    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: """
            CREATE TABLE \(complaints(g)) (
                complaint_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, received_pos INTEGER NOT NULL,
                channel TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
                ack_ms INTEGER, ack_pos INTEGER, comp_ms INTEGER, comp_pos INTEGER,
                close_ms INTEGER, close_pos INTEGER, follow_ms INTEGER, follow_pos INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX \(complaints(g))_received ON \(complaints(g))(received_ms);
            CREATE TABLE \(transitions(g)) (
                complaint_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, ms INTEGER NOT NULL, value INTEGER NOT NULL,
                PRIMARY KEY (complaint_id, position)
            ) WITHOUT ROWID;
            """)
    }

    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(complaints(g)); DROP TABLE IF EXISTS \(transitions(g))")
    }

    static func makeCache(empty: Bool, limit: Int) -> AnyObject {
        FoldCache<RecoveryRow>(tablesStartEmpty: empty, limit: limit)
    }

    static func apply(_ db: Database, generation g: Int64, events: [ProjectionEvent], cache: AnyObject) throws {
        let cache = cache as! FoldCache<RecoveryRow>
        let select = try db.cachedStatement(sql: "SELECT \(rowColumns) FROM \(complaints(g)) WHERE complaint_id = ?")
        let (rows, added) = try cache.fold(events, load: { id in
            select.setUncheckedArguments([id])
            return try Row.fetchOne(select).map(decodeRow)
        }, apply: RecoveryFold.apply)
        try write(db, g, rows)
        let insert = try db.cachedStatement(sql: "INSERT INTO \(transitions(g)) (complaint_id, position, kind, ms, value) VALUES (?,?,?,?,?)")
        for t in added {
            let raw = RawStatement(insert, db)
            raw.bind(1, t.complaintID); raw.bind(2, t.position); raw.bind(3, t.kind.rawValue); raw.bind(4, t.ms); raw.bind(5, Int64(t.value))
            try raw.execute()
        }
    }

    static func flush(_ db: Database, generation g: Int64, cache: AnyObject) throws {
        try write(db, g, (cache as! FoldCache<RecoveryRow>).drain())
    }

    static func write(_ db: Database, _ g: Int64, _ rows: [(String, RecoveryRow)]) throws {
        let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(complaints(g)) (\(rowColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        for (_, row) in rows {
            let raw = RawStatement(upsert, db)
            raw.bind(1, row.complaintID); raw.bind(2, row.received.ms); raw.bind(3, row.received.position)
            raw.bind(4, row.channel.rawValue); raw.bind(5, row.category.rawValue); raw.bind(6, row.severity.rawValue)
            raw.bind(7, row.firstAcknowledged?.ms); raw.bind(8, row.firstAcknowledged?.position)
            raw.bind(9, row.firstCompensated?.ms); raw.bind(10, row.firstCompensated?.position)
            raw.bind(11, row.firstClosed?.ms); raw.bind(12, row.firstClosed?.position)
            raw.bind(13, row.firstFollowedUp?.ms); raw.bind(14, row.firstFollowedUp?.position)
            try raw.execute()
        }
    }

    static func decodeRow(_ r: Row) -> RecoveryRow {
        func milestone(_ ms: Int, _ pos: Int) -> Milestone? {
            guard let m: Int64 = r[ms], let p: Int64 = r[pos] else { return nil }
            return Milestone(ms: m, position: p)
        }
        return RecoveryRow(complaintID: r[0], received: Milestone(ms: r[1], position: r[2]),
                           channel: Channel(rawValue: r[3]) ?? .other, category: Category(rawValue: r[4]) ?? .other,
                           severity: Severity(rawValue: r[5]) ?? .medium,
                           firstAcknowledged: milestone(6, 7), firstCompensated: milestone(8, 9),
                           firstClosed: milestone(10, 11), firstFollowedUp: milestone(12, 13))
    }

    /// The same row read through the raw handle (report queries read many).
    static func decodeRow(_ r: RawStatement) -> RecoveryRow {
        func milestone(_ ms: Int32, _ pos: Int32) -> Milestone? {
            r.isNull(ms) || r.isNull(pos) ? nil : Milestone(ms: r.int64(ms), position: r.int64(pos))
        }
        return RecoveryRow(complaintID: r.string(0) ?? "", received: Milestone(ms: r.int64(1), position: r.int64(2)),
                           channel: Channel(rawValue: r.string(3) ?? "") ?? .other, category: Category(rawValue: r.string(4) ?? "") ?? .other,
                           severity: Severity(rawValue: r.string(5) ?? "") ?? .medium,
                           firstAcknowledged: milestone(6, 7), firstCompensated: milestone(8, 9),
                           firstClosed: milestone(10, 11), firstFollowedUp: milestone(12, 13))
    }
}

enum RewardsTables: SQLiteProjection {
    static let name = ProjectionName.rewards
    static func streams(_ g: Int64) -> String { "rewards_streams_g\(g)" }
    static func candidates(_ g: Int64) -> String { "rewards_candidates_g\(g)" }

    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: """
            CREATE TABLE \(streams(g)) (
                complaint_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, first_ack_by TEXT, latest_assignee TEXT,
                cycle_rated INTEGER NOT NULL, last_close_ms INTEGER, last_close_credited TEXT
            ) WITHOUT ROWID;
            CREATE TABLE \(candidates(g)) (
                position INTEGER PRIMARY KEY, event_id BLOB NOT NULL, complaint_id TEXT NOT NULL, rule TEXT NOT NULL,
                staff TEXT NOT NULL, occurred_ms INTEGER NOT NULL, value INTEGER NOT NULL
            );
            CREATE INDEX \(candidates(g))_occurred ON \(candidates(g))(occurred_ms);
            """)
    }

    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(streams(g)); DROP TABLE IF EXISTS \(candidates(g))")
    }

    static func makeCache(empty: Bool, limit: Int) -> AnyObject {
        FoldCache<RewardsStreamState>(tablesStartEmpty: empty, limit: limit)
    }

    static func apply(_ db: Database, generation g: Int64, events: [ProjectionEvent], cache: AnyObject) throws {
        let cache = cache as! FoldCache<RewardsStreamState>
        let select = try db.cachedStatement(sql: "SELECT \(stateColumns) FROM \(streams(g)) WHERE complaint_id = ?")
        let (rows, added) = try cache.fold(events, load: { id in
            select.setUncheckedArguments([id])
            return try Row.fetchOne(select).map(decodeState)
        }, apply: RewardsFold.apply)
        try write(db, g, rows)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO \(candidates(g)) (position, event_id, complaint_id, rule, staff, occurred_ms, value) VALUES (?,?,?,?,?,?,?)
            """)
        for c in added {
            let raw = RawStatement(insert, db)
            raw.bind(1, c.position); raw.bind(2, blob: c.eventID.bytes); raw.bind(3, c.complaintID); raw.bind(4, c.rule.rawValue)
            raw.bind(5, c.staff); raw.bind(6, c.occurredMs); raw.bind(7, c.value)
            try raw.execute()
        }
    }

    static func flush(_ db: Database, generation g: Int64, cache: AnyObject) throws {
        try write(db, g, (cache as! FoldCache<RewardsStreamState>).drain())
    }

    static let stateColumns = "received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited"

    static func decodeState(_ r: Row) -> RewardsStreamState {
        RewardsStreamState(receivedMs: r[0], firstAcknowledgedBy: r[1], latestAssignee: r[2], cycleRated: r[3],
                           lastCloseMs: r[4], lastCloseCredited: r[5])
    }

    /// One complaint's fold state as the tables hold it (`nil`: no row).
    static func loadState(_ db: Database, _ g: Int64, _ id: String) throws -> RewardsStreamState? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(stateColumns) FROM \(streams(g)) WHERE complaint_id = ?"),
                         arguments: [id]).map(decodeState)
    }

    static func write(_ db: Database, _ g: Int64, _ rows: [(String, RewardsStreamState)]) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO \(streams(g)) (complaint_id, received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited)
            VALUES (?,?,?,?,?,?,?)
            """)
        for (id, s) in rows {
            let raw = RawStatement(upsert, db)
            raw.bind(1, id); raw.bind(2, s.receivedMs); raw.bind(3, s.firstAcknowledgedBy); raw.bind(4, s.latestAssignee)
            raw.bind(5, s.cycleRated ? 1 : 0); raw.bind(6, s.lastCloseMs); raw.bind(7, s.lastCloseCredited)
            try raw.execute()
        }
    }

    static func decodeCandidate(_ r: RawStatement) -> RewardCandidate? {
        guard let eventID = EventID(bytes: r.bytes(1)), let rule = RewardRule(rawValue: r.string(3) ?? ""),
              let complaintID = r.string(2), let staff = r.string(4) else { return nil }
        return RewardCandidate(position: r.int64(0), eventID: eventID, complaintID: complaintID, rule: rule, staff: staff,
                               occurredMs: r.int64(5), value: r.int64(6))
    }
}

enum ProjectionCatalog {
    static func kind(_ name: ProjectionName) -> any SQLiteProjection.Type {
        switch name {
        case .recovery: return RecoveryTables.self
        case .rewards: return RewardsTables.self
        }
    }
}

/// Reads events for the projections straight from the raw statement: the columns a fold
/// needs, `occurred_ms` instead of parsing the text, `data` only for the types that use it.
enum ProjectionScan {
    static func read(_ db: Database, after position: Int64, upTo last: Int64, limit: Int) throws -> [ProjectionEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT position, event_id, complaint_id, type, occurred_ms, actor, data FROM events
            WHERE position > ? AND position <= ? ORDER BY position LIMIT ?
            """)
        let raw = RawStatement(statement, db)
        raw.bind(1, position); raw.bind(2, last); raw.bind(3, Int64(limit))
        defer { sqlite3_reset(raw.handle) }
        var events: [ProjectionEvent] = []
        events.reserveCapacity(min(limit, 1 << 16))
        while try raw.next() {
            let at = raw.int64(0)
            guard let eventID = EventID(bytes: raw.bytes(1)), let complaintID = raw.string(2),
                  let type = raw.string(3).flatMap(EventType.init(rawValue:))
            else { throw StoredRowError(position: at, eventID: nil, message: "unreadable stored row") }
            do {
                events.append(try ProjectionEvent(position: at, eventID: eventID, complaintID: complaintID, type: type,
                                                  occurredMs: raw.int64(4), actor: raw.string(5), data: raw.bytes(6)))
            } catch {
                throw StoredRowError(position: at, eventID: eventID, message: "stored data no longer valid: \(error)")
            }
        }
        return events
    }
}
