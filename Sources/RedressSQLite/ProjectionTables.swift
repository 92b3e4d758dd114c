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
    static func makeCache(empty: Bool) -> AnyObject
    /// Folds `events` (in position order) into the generation's tables.
    static func apply(_ db: Database, generation: Int64, events: [ProjectionEvent], cache: AnyObject) throws
}

/// Per-complaint fold states known to match the tables (`nil`: known to have no row), bounded:
/// past `limit` entries it starts again and states are read back from the tables.
final class FoldCache<State> {
    var states: [String: State?] = [:]
    /// Every complaint with a row is in `states`: true for a new generation's empty tables until
    /// the first trim, and then a complaint missing from the cache needs no look-up.
    var complete = false
    static var limit: Int { 150_000 }

    func trim() {
        guard states.count > Self.limit else { return }
        states.removeAll(keepingCapacity: true)
        complete = false
    }

    /// The cached state, loading it with `load` unless the cache is known to be complete.
    func state(_ id: String, load: () throws -> State?) rethrows {
        guard states[id] == nil else { return }
        states[id] = .some(complete ? nil : try load())
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

    static func makeCache(empty: Bool) -> AnyObject {
        let cache = FoldCache<RecoveryRow>()
        cache.complete = empty
        return cache
    }

    static func apply(_ db: Database, generation g: Int64, events: [ProjectionEvent], cache: AnyObject) throws {
        let cache = cache as! FoldCache<RecoveryRow>
        cache.trim()
        var touched: Set<String> = []
        var added: [Transition] = []
        let select = try db.cachedStatement(sql: "SELECT \(rowColumns) FROM \(complaints(g)) WHERE complaint_id = ?")
        for event in events {
            try cache.state(event.complaintID) {
                select.setUncheckedArguments([event.complaintID])
                return try Row.fetchOne(select).map(decodeRow)
            }
            if let transition = RecoveryFold.apply(&cache.states[event.complaintID]!, event) { added.append(transition) }
            touched.insert(event.complaintID)
        }
        let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(complaints(g)) (\(rowColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        for id in touched {
            guard case let row?? = cache.states[id] else { continue }
            let raw = RawStatement(upsert, db)
            raw.bind(1, row.complaintID); raw.bind(2, row.received.ms); raw.bind(3, row.received.position)
            raw.bind(4, row.channel.rawValue); raw.bind(5, row.category.rawValue); raw.bind(6, row.severity.rawValue)
            raw.bind(7, row.firstAcknowledged?.ms); raw.bind(8, row.firstAcknowledged?.position)
            raw.bind(9, row.firstCompensated?.ms); raw.bind(10, row.firstCompensated?.position)
            raw.bind(11, row.firstClosed?.ms); raw.bind(12, row.firstClosed?.position)
            raw.bind(13, row.firstFollowedUp?.ms); raw.bind(14, row.firstFollowedUp?.position)
            try raw.execute()
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO \(transitions(g)) (complaint_id, position, kind, ms, value) VALUES (?,?,?,?,?)")
        for t in added {
            let raw = RawStatement(insert, db)
            raw.bind(1, t.complaintID); raw.bind(2, t.position); raw.bind(3, t.kind.rawValue); raw.bind(4, t.ms); raw.bind(5, Int64(t.value))
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

    static func makeCache(empty: Bool) -> AnyObject {
        let cache = FoldCache<RewardsStreamState>()
        cache.complete = empty
        return cache
    }

    static func apply(_ db: Database, generation g: Int64, events: [ProjectionEvent], cache: AnyObject) throws {
        let cache = cache as! FoldCache<RewardsStreamState>
        cache.trim()
        var touched: Set<String> = []
        var added: [RewardCandidate] = []
        let select = try db.cachedStatement(sql: """
            SELECT received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited
            FROM \(streams(g)) WHERE complaint_id = ?
            """)
        for event in events {
            try cache.state(event.complaintID) {
                select.setUncheckedArguments([event.complaintID])
                return try Row.fetchOne(select).map { r in
                    RewardsStreamState(receivedMs: r[0], firstAcknowledgedBy: r[1], latestAssignee: r[2], cycleRated: r[3],
                                       lastCloseMs: r[4], lastCloseCredited: r[5])
                }
            }
            if let candidate = RewardsFold.apply(&cache.states[event.complaintID]!, event) { added.append(candidate) }
            touched.insert(event.complaintID)
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO \(streams(g)) (complaint_id, received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited)
            VALUES (?,?,?,?,?,?,?)
            """)
        for id in touched {
            guard case let s?? = cache.states[id] else { continue }
            let raw = RawStatement(upsert, db)
            raw.bind(1, id); raw.bind(2, s.receivedMs); raw.bind(3, s.firstAcknowledgedBy); raw.bind(4, s.latestAssignee)
            raw.bind(5, s.cycleRated ? 1 : 0); raw.bind(6, s.lastCloseMs); raw.bind(7, s.lastCloseCredited)
            try raw.execute()
        }
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

    static func decodeCandidate(_ r: Row) -> RewardCandidate? {
        let id: Data = r[1]
        guard let eventID = EventID(bytes: [UInt8](id)), let rule = RewardRule(rawValue: r[3]) else { return nil }
        return RewardCandidate(position: r[0], eventID: eventID, complaintID: r[2], rule: rule, staff: r[4], occurredMs: r[5], value: r[6])
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
