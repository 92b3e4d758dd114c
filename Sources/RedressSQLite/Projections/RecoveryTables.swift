import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// The recovery projection's tables: one row per complaint (its milestones) and its transitions.
enum RecoveryTables: SQLiteProjection {
    static let name = ProjectionName.recovery
    /// Generation `g`'s table of one row per complaint.
    static func complaints(_ g: Int64) -> String { "recovery_complaints_g\(g)" }
    /// Generation `g`'s table of transitions (closes, reopens, ratings, pauses).
    static func transitions(_ g: Int64) -> String { "recovery_transitions_g\(g)" }
    static let rowColumns =
        "complaint_id, received_ms, received_pos, channel, category, severity, ack_ms, ack_pos, comp_ms, comp_pos, "
        + "close_ms, close_pos, follow_ms, follow_pos"

    /// Creates generation `g`'s two tables, empty.
    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(
            sql: """
                CREATE TABLE \(complaints(g)) (
                    complaint_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, received_pos INTEGER NOT NULL,
                    channel TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
                    ack_ms INTEGER, ack_pos INTEGER, comp_ms INTEGER, comp_pos INTEGER,
                    close_ms INTEGER, close_pos INTEGER, follow_ms INTEGER, follow_pos INTEGER
                ) WITHOUT ROWID;
                CREATE TABLE \(transitions(g)) (
                    complaint_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, ms INTEGER NOT NULL, \
                value INTEGER NOT NULL,
                    PRIMARY KEY (complaint_id, position)
                ) WITHOUT ROWID;
                """)
    }

    /// The `received_ms` index a month's report reads by, built once the generation is filled.
    static func createIndexes(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "CREATE INDEX \(complaints(g))_received ON \(complaints(g))(received_ms)")
    }

    /// Drops generation `g`'s tables, if there.
    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(complaints(g)); DROP TABLE IF EXISTS \(transitions(g))")
    }

    static let rowColumnNames = rowColumns.components(separatedBy: ", ")

    /// Writes a fold's rows and transitions.
    static func write(_ db: Database, _ g: Int64, rows: [RecoveryRow], transitions added: [Transition]) throws {
        try write(db, g, rows)
        try RowInserter(db: db, table: transitions(g), columns: ["complaint_id", "position", "kind", "ms", "value"])
            .insert(added) { raw, base, t in
                raw.bind(base + 1, t.complaintID)
                raw.bind(base + 2, t.position)
                raw.bind(base + 3, t.kind.rawValue)
                raw.bind(base + 4, t.ms)
                raw.bind(base + 5, Int64(t.value))
            }
    }

    /// Writes rows, inserting (most are new, and an `INSERT OR FAIL` needs no statement journal); a
    /// chunk that meets a complaint's existing row is written again replacing rows (the ones its
    /// failed insert kept included).
    static func write(_ db: Database, _ g: Int64, _ rows: [RecoveryRow]) throws {
        let insert = RowInserter(db: db, table: complaints(g), columns: rowColumnNames)
        var start = rows.startIndex
        while start < rows.endIndex {
            let chunk = rows[start..<min(start + RowInserter.rowsPerStatement, rows.endIndex)]
            do { try insert.insert(chunk, bind: bind) } catch let error as DatabaseError
                where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            {
                var replace = insert
                replace.replacing = true
                try replace.insert(chunk, bind: bind)
            }
            start = chunk.endIndex
        }
    }

    private static func bind(_ raw: RawStatement, _ base: Int32, _ row: RecoveryRow) {
        raw.bind(base + 1, row.complaintID)
        raw.bind(base + 2, row.received.ms)
        raw.bind(base + 3, row.received.position)
        raw.bind(base + 4, row.channel.rawValue)
        raw.bind(base + 5, row.category.rawValue)
        raw.bind(base + 6, row.severity.rawValue)
        raw.bind(base + 7, row.firstAcknowledged?.ms)
        raw.bind(base + 8, row.firstAcknowledged?.position)
        raw.bind(base + 9, row.firstCompensated?.ms)
        raw.bind(base + 10, row.firstCompensated?.position)
        raw.bind(base + 11, row.firstClosed?.ms)
        raw.bind(base + 12, row.firstClosed?.position)
        raw.bind(base + 13, row.firstFollowedUp?.ms)
        raw.bind(base + 14, row.firstFollowedUp?.position)
    }

    /// A row read through the raw handle (report queries read many).
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
