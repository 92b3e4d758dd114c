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
    /// The insert's texts and blobs, laid out here row after row and bound in place: binding each
    /// with a copy (`SQLITE_TRANSIENT`) cost a `malloc`, a copy and a `free` per value and row.
    private var rowBytes: [UInt8] = []

    init(db: Database) throws {
        self.db = db
        insertStatement = try db.cachedStatement(
            sql: """
                INSERT INTO events (position, event_id, complaint_id, version, type, occurred_at, occurred_ms, \
                recorded_ms, actor, data, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    deinit {
        // The insert's bindings point into `rowBytes`: the statement outlives these rows in the
        // connection's statement cache, so it lets go of them here.
        sqlite3_clear_bindings(insertStatement.sqliteStatement)
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
        // Every parameter is bound again below: no clearing needed.
        let raw = RawStatement(insertStatement, db, clearing: false)
        // Laid out in a local buffer (borrowed from `rowBytes`, given back below): each access to the
        // property itself is checked for exclusivity at run time.
        var bytes: [UInt8] = []
        swap(&bytes, &rowBytes)
        defer { swap(&bytes, &rowBytes) }
        bytes.removeAll(keepingCapacity: true)
        func put(_ text: String, _ bytes: inout [UInt8]) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            return start..<bytes.count
        }
        let eventID = bytes.count..<bytes.count + 16
        e.eventID.withUnsafeBytes { bytes.append(contentsOf: $0) }
        let complaintID = put(e.complaintID, &bytes)
        let type = put(e.type.rawValue, &bytes)
        let occurredStart = bytes.count
        e.occurredAt.write(into: &bytes)
        let occurredAt = occurredStart..<bytes.count
        let actor = e.actor.map { put($0, &bytes) }
        let data = put(e.dataJSON, &bytes)
        let hashStart = bytes.count
        bytes.append(contentsOf: e.hash)
        let hash = hashStart..<bytes.count
        // `bytes` is not changed again until the statement is done with it.
        return try bytes.withUnsafeBufferPointer { bytes in
            raw.bind(1, e.position)
            raw.bind(2, unmovingBlob: UnsafeBufferPointer(rebasing: bytes[eventID]))
            raw.bind(3, unmovingUTF8: UnsafeBufferPointer(rebasing: bytes[complaintID]))
            raw.bind(4, Int64(e.version))
            raw.bind(5, unmovingUTF8: UnsafeBufferPointer(rebasing: bytes[type]))
            raw.bind(6, unmovingUTF8: UnsafeBufferPointer(rebasing: bytes[occurredAt]))
            raw.bind(7, e.occurredAt.epochMilliseconds)
            raw.bind(8, e.recordedAt.epochMilliseconds)
            if let actor {
                raw.bind(9, unmovingUTF8: UnsafeBufferPointer(rebasing: bytes[actor]))
            } else {
                raw.bind(9, nil as Int64?)
            }
            raw.bind(10, unmovingUTF8: UnsafeBufferPointer(rebasing: bytes[data]))
            raw.bind(11, unmovingBlob: UnsafeBufferPointer(rebasing: bytes[hash]))
            do {
                try raw.execute()
                return true
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                return false
            }
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
