import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressStore

/// The SQLite rows of one `BEGIN IMMEDIATE` write transaction; `LedgerWriter` keeps the rules.
///
/// The insert and the stream-head probe bind through GRDB's raw statement handle: they are the
/// import's hot path.
final class SQLiteRows: LedgerRows {
    private let db: Database
    private let insertStatement: Statement
    /// The insert's `occurred_at` text, written here row after row (no string per row).
    private var occurredText: [UInt8] = []

    init(db: Database) throws {
        self.db = db
        insertStatement = try db.cachedStatement(
            sql: """
                INSERT INTO events (position, event_id, complaint_id, version, type, occurred_at, occurred_ms, \
                recorded_ms, actor, data, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    func lastEvent() throws -> (position: Int64, recordedMs: Int64)? {
        try Row.fetchOne(db, sql: "SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1")
            .map { ($0[0], $0[1]) }
    }

    func streamHead(_ complaintID: String) throws -> (version: Int, hash: [UInt8])? {
        let statement = try db.cachedStatement(
            sql: "SELECT version, hash FROM events WHERE complaint_id = ? ORDER BY version DESC LIMIT 1")
        let raw = RawStatement(statement, db, clearing: false)
        raw.bind(1, complaintID)
        defer { sqlite3_reset(raw.handle) }
        guard try raw.next() else { return nil }
        return (Int(raw.int64(0)), Array(raw.bytes(1)))
    }

    func readStream(_ complaintID: String) throws -> [StoredEvent] {
        try EventRows.fetch(
            db, sql: "SELECT \(EventRows.columns) FROM events WHERE complaint_id = ? ORDER BY version",
            arguments: [complaintID])
    }

    func event(id: EventID) throws -> StoredEvent? {
        try EventRows.fetch(
            db, sql: "SELECT \(EventRows.columns) FROM events WHERE event_id = ?", arguments: [Data(id.bytes)]
        ).first
    }

    func insert(_ e: StoredEvent) throws -> Bool {
        // Every parameter is bound again: clearing the bindings would free each text's buffer for
        // the next row to allocate again.
        let raw = RawStatement(insertStatement, db, clearing: false)
        raw.bind(1, e.position)
        raw.bind(2, eventID: e.eventID)
        raw.bind(3, e.complaintID)
        raw.bind(4, Int64(e.version))
        raw.bind(5, e.type.rawValue)
        occurredText.removeAll(keepingCapacity: true)
        e.occurredAt.write(into: &occurredText)
        raw.bind(6, utf8: occurredText)
        raw.bind(7, e.occurredAt.epochMilliseconds)
        raw.bind(8, e.recordedAt.epochMilliseconds)
        raw.bind(9, e.actor)
        raw.bind(10, e.dataJSON)
        raw.bind(11, blob: e.hash)
        do {
            try raw.execute()
            return true
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            return false
        }
    }

    func lastHead() throws -> (position: Int64, compact: [UInt8])? {
        try Row.fetchOne(db, sql: "SELECT position, compact FROM ledger_heads ORDER BY position DESC LIMIT 1")
            .map { row in
                let compact: Data = row[1]
                return (row[0], [UInt8](compact))
            }
    }

    func eventHashes(after position: Int64, _ body: ([UInt8]) -> Void) throws {
        let hashes = try Data.fetchCursor(
            db, sql: "SELECT hash FROM events WHERE position > ? ORDER BY position", arguments: [position])
        while let hash = try hashes.next() { body([UInt8](hash)) }
    }

    func lastSignedCheckpoint() throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT checkpoint FROM ledger_heads WHERE checkpoint IS NOT NULL ORDER BY position DESC LIMIT 1")
    }

    func recordedRoot(at position: Int64) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT root FROM ledger_heads WHERE position = ?", arguments: [position])
            .map { [UInt8]($0) }
    }

    func insertHead(position: Int64, root: [UInt8], compact: [UInt8], checkpoint: String?, recordedMs: Int64) throws {
        try db.execute(
            sql: "INSERT INTO ledger_heads (position, root, compact, checkpoint, recorded_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [position, Data(root), Data(compact), checkpoint, recordedMs])
    }
}
