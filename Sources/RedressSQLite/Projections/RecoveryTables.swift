import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// The recovery projection's tables: one row per complaint (its milestones) and its transitions.
enum RecoveryTables: SQLiteProjection {
    static let name = ProjectionName.recovery
    static func complaints(_ g: Int64) -> String { "recovery_complaints_g\(g)" }
    static func transitions(_ g: Int64) -> String { "recovery_transitions_g\(g)" }
    static let rowColumns =
        "complaint_id, received_ms, received_pos, channel, category, severity, ack_ms, ack_pos, comp_ms, comp_pos, "
        + "close_ms, close_pos, follow_ms, follow_pos"

    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(
            sql: """
                CREATE TABLE \(complaints(g)) (
                    complaint_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, received_pos INTEGER NOT NULL,
                    channel TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
                    ack_ms INTEGER, ack_pos INTEGER, comp_ms INTEGER, comp_pos INTEGER,
                    close_ms INTEGER, close_pos INTEGER, follow_ms INTEGER, follow_pos INTEGER
                ) WITHOUT ROWID;
                CREATE INDEX \(complaints(g))_received ON \(complaints(g))(received_ms);
                CREATE TABLE \(transitions(g)) (
                    complaint_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, ms INTEGER NOT NULL, \
                value INTEGER NOT NULL,
                    PRIMARY KEY (complaint_id, position)
                ) WITHOUT ROWID;
                """)
    }

    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(complaints(g)); DROP TABLE IF EXISTS \(transitions(g))")
    }

    static func apply(_ db: Database, generation g: Int64, events: [ProjectionEvent], cache: FoldCache<RecoveryRow>)
        throws
    {
        let select = try db.cachedStatement(sql: "SELECT \(rowColumns) FROM \(complaints(g)) WHERE complaint_id = ?")
        let (rows, added) = try cache.fold(
            events,
            load: { id in
                select.setUncheckedArguments([id])
                return try Row.fetchOne(select).map(decodeRow)
            }, apply: RecoveryFold.apply)
        try write(db, g, rows)
        let insert = try db.cachedStatement(
            sql: "INSERT INTO \(transitions(g)) (complaint_id, position, kind, ms, value) VALUES (?,?,?,?,?)")
        for t in added {
            let raw = RawStatement(insert, db)
            raw.bind(1, t.complaintID)
            raw.bind(2, t.position)
            raw.bind(3, t.kind.rawValue)
            raw.bind(4, t.ms)
            raw.bind(5, Int64(t.value))
            try raw.execute()
        }
    }

    static func write(_ db: Database, _ g: Int64, _ rows: [(String, RecoveryRow)]) throws {
        let upsert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO \(complaints(g)) (\(rowColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        for (_, row) in rows {
            let raw = RawStatement(upsert, db)
            raw.bind(1, row.complaintID)
            raw.bind(2, row.received.ms)
            raw.bind(3, row.received.position)
            raw.bind(4, row.channel.rawValue)
            raw.bind(5, row.category.rawValue)
            raw.bind(6, row.severity.rawValue)
            raw.bind(7, row.firstAcknowledged?.ms)
            raw.bind(8, row.firstAcknowledged?.position)
            raw.bind(9, row.firstCompensated?.ms)
            raw.bind(10, row.firstCompensated?.position)
            raw.bind(11, row.firstClosed?.ms)
            raw.bind(12, row.firstClosed?.position)
            raw.bind(13, row.firstFollowedUp?.ms)
            raw.bind(14, row.firstFollowedUp?.position)
            try raw.execute()
        }
    }

    static func decodeRow(_ r: Row) -> RecoveryRow {
        func milestone(_ ms: Int, _ pos: Int) -> Milestone? {
            guard let m: Int64 = r[ms], let p: Int64 = r[pos] else { return nil }
            return Milestone(ms: m, position: p)
        }
        return RecoveryRow(
            complaintID: r[0], received: Milestone(ms: r[1], position: r[2]),
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
        return RecoveryRow(
            complaintID: r.string(0) ?? "", received: Milestone(ms: r.int64(1), position: r.int64(2)),
            channel: Channel(rawValue: r.string(3) ?? "") ?? .other,
            category: Category(rawValue: r.string(4) ?? "") ?? .other,
            severity: Severity(rawValue: r.string(5) ?? "") ?? .medium,
            firstAcknowledged: milestone(6, 7), firstCompensated: milestone(8, 9),
            firstClosed: milestone(10, 11), firstFollowedUp: milestone(12, 13))
    }
}
