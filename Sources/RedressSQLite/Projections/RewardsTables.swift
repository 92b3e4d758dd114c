import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// The rewards projection's tables: one fold state per complaint and the credit candidates.
enum RewardsTables: SQLiteProjection {
    static let name = ProjectionName.rewards
    static func streams(_ g: Int64) -> String { "rewards_streams_g\(g)" }
    static func candidates(_ g: Int64) -> String { "rewards_candidates_g\(g)" }

    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(
            sql: """
                CREATE TABLE \(streams(g)) (
                    complaint_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, first_ack_by TEXT, \
                latest_assignee TEXT,
                    cycle_rated INTEGER NOT NULL, last_close_ms INTEGER, last_close_credited TEXT
                ) WITHOUT ROWID;
                CREATE TABLE \(candidates(g)) (
                    position INTEGER PRIMARY KEY, event_id BLOB NOT NULL, complaint_id TEXT NOT NULL, \
                rule TEXT NOT NULL,
                    staff TEXT NOT NULL, occurred_ms INTEGER NOT NULL, value INTEGER NOT NULL
                );
                CREATE INDEX \(candidates(g))_occurred ON \(candidates(g))(occurred_ms);
                """)
    }

    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(streams(g)); DROP TABLE IF EXISTS \(candidates(g))")
    }

    static func apply(
        _ db: Database, generation g: Int64, events: [ProjectionEvent], cache: FoldCache<RewardsStreamState>
    ) throws {
        let select = try db.cachedStatement(sql: "SELECT \(stateColumns) FROM \(streams(g)) WHERE complaint_id = ?")
        let (rows, added) = try cache.fold(
            events,
            load: { id in
                select.setUncheckedArguments([id])
                return try Row.fetchOne(select).map(decodeState)
            }, apply: RewardsFold.apply)
        try write(db, g, rows)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO \(candidates(g)) (position, event_id, complaint_id, rule, staff, occurred_ms, value) \
                VALUES (?,?,?,?,?,?,?)
                """)
        for c in added {
            let raw = RawStatement(insert, db)
            raw.bind(1, c.position)
            raw.bind(2, blob: c.eventID.bytes)
            raw.bind(3, c.complaintID)
            raw.bind(4, c.rule.rawValue)
            raw.bind(5, c.staff)
            raw.bind(6, c.occurredMs)
            raw.bind(7, c.value)
            try raw.execute()
        }
    }

    static let stateColumns =
        "received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited"

    static func decodeState(_ r: Row) -> RewardsStreamState {
        RewardsStreamState(
            receivedMs: r[0], firstAcknowledgedBy: r[1], latestAssignee: r[2], cycleRated: r[3],
            lastCloseMs: r[4], lastCloseCredited: r[5])
    }

    /// One complaint's fold state as the tables hold it (`nil`: no row).
    static func loadState(_ db: Database, _ g: Int64, _ id: String) throws -> RewardsStreamState? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(stateColumns) FROM \(streams(g)) WHERE complaint_id = ?"),
            arguments: [id]
        ).map(decodeState)
    }

    static func write(_ db: Database, _ g: Int64, _ rows: [(String, RewardsStreamState)]) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO \(streams(g)) (complaint_id, received_ms, first_ack_by, latest_assignee, \
                cycle_rated, last_close_ms, last_close_credited)
                VALUES (?,?,?,?,?,?,?)
                """)
        for (id, s) in rows {
            let raw = RawStatement(upsert, db)
            raw.bind(1, id)
            raw.bind(2, s.receivedMs)
            raw.bind(3, s.firstAcknowledgedBy)
            raw.bind(4, s.latestAssignee)
            raw.bind(5, s.cycleRated ? 1 : 0)
            raw.bind(6, s.lastCloseMs)
            raw.bind(7, s.lastCloseCredited)
            try raw.execute()
        }
    }

    static func decodeCandidate(_ r: RawStatement) -> RewardCandidate? {
        guard let eventID = EventID(bytes: r.bytes(1)), let rule = RewardRule(rawValue: r.string(3) ?? ""),
            let complaintID = r.string(2), let staff = r.string(4)
        else { return nil }
        return RewardCandidate(
            position: r.int64(0), eventID: eventID, complaintID: complaintID, rule: rule, staff: staff,
            occurredMs: r.int64(5), value: r.int64(6))
    }
}
