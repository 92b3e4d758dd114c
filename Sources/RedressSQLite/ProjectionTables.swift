import Foundation
import GRDB
import RedressDomain
import RedressProjections
import RedressStore

/// One projection's tables in SQLite, per generation, and how a batch of events is folded into them.
protocol SQLiteProjection {
    static var name: ProjectionName { get }
    static func create(_ db: Database, generation: Int64) throws
    static func drop(_ db: Database, generation: Int64) throws
    /// Folds `events` (in position order) into the generation's tables.
    static func apply(_ db: Database, generation: Int64, events: [StoredEvent]) throws
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

    static func apply(_ db: Database, generation g: Int64, events: [StoredEvent]) throws {
        var rows: [String: RecoveryRow?] = [:]
        var added: [Transition] = []
        let select = try db.cachedStatement(sql: "SELECT \(rowColumns) FROM \(complaints(g)) WHERE complaint_id = ?")
        for stored in events {
            if rows[stored.complaintID] == nil {
                select.setUncheckedArguments([stored.complaintID])
                rows[stored.complaintID] = .some(try Row.fetchOne(select).map(decodeRow))
            }
            var row = rows[stored.complaintID]!
            if let transition = RecoveryFold.apply(&row, stored, try stored.decodeEvent()) { added.append(transition) }
            rows[stored.complaintID] = .some(row)
        }
        let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(complaints(g)) (\(rowColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        for case let row? in rows.values {
            upsert.setUncheckedArguments([
                row.complaintID, row.received.ms, row.received.position, row.channel.rawValue, row.category.rawValue, row.severity.rawValue,
                row.firstAcknowledged?.ms, row.firstAcknowledged?.position, row.firstCompensated?.ms, row.firstCompensated?.position,
                row.firstClosed?.ms, row.firstClosed?.position, row.firstFollowedUp?.ms, row.firstFollowedUp?.position,
            ])
            try upsert.execute()
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO \(transitions(g)) (complaint_id, position, kind, ms, value) VALUES (?,?,?,?,?)")
        for t in added {
            insert.setUncheckedArguments([t.complaintID, t.position, t.kind.rawValue, t.ms, t.value])
            try insert.execute()
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

    static func apply(_ db: Database, generation g: Int64, events: [StoredEvent]) throws {
        var states: [String: RewardsStreamState?] = [:]
        var added: [RewardCandidate] = []
        let select = try db.cachedStatement(sql: """
            SELECT received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited
            FROM \(streams(g)) WHERE complaint_id = ?
            """)
        for stored in events {
            if states[stored.complaintID] == nil {
                select.setUncheckedArguments([stored.complaintID])
                states[stored.complaintID] = .some(try Row.fetchOne(select).map { r in
                    RewardsStreamState(receivedMs: r[0], firstAcknowledgedBy: r[1], latestAssignee: r[2], cycleRated: r[3],
                                       lastCloseMs: r[4], lastCloseCredited: r[5])
                })
            }
            var state = states[stored.complaintID]!
            if let candidate = RewardsFold.apply(&state, stored, try stored.decodeEvent()) { added.append(candidate) }
            states[stored.complaintID] = .some(state)
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO \(streams(g)) (complaint_id, received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited)
            VALUES (?,?,?,?,?,?,?)
            """)
        for (id, state) in states {
            guard let s = state else { continue }
            upsert.setUncheckedArguments([id, s.receivedMs, s.firstAcknowledgedBy, s.latestAssignee, s.cycleRated, s.lastCloseMs, s.lastCloseCredited])
            try upsert.execute()
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO \(candidates(g)) (position, event_id, complaint_id, rule, staff, occurred_ms, value) VALUES (?,?,?,?,?,?,?)
            """)
        for c in added {
            insert.setUncheckedArguments([c.position, Data(c.eventID.bytes), c.complaintID, c.rule.rawValue, c.staff, c.occurredMs, c.value])
            try insert.execute()
        }
    }

    static func decodeCandidate(_ r: Row) -> RewardCandidate? {
        let id: Data = r[1]
        guard let eventID = EventID(bytes: id), let rule = RewardRule(rawValue: r[3]) else { return nil }
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
