import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// Column list and row decoding for `events`.
enum EventRows {
    static let columns =
        "position, event_id, complaint_id, version, type, occurred_at, occurred_ms, recorded_ms, actor, data, hash"

    /// Every row `sql` selects (as ``columns``), decoded through `StoredEvent(columnsAt:…)`.
    ///
    /// - Throws: `StoredRowError` for a row that does not read back as a valid event.
    static func fetch(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredEvent] {
        let statement = try db.cachedStatement(sql: sql)
        statement.setUncheckedArguments(arguments)
        let cursor = try Row.fetchCursor(statement)
        var events: [StoredEvent] = []
        while let row = try cursor.next() { events.append(try decode(row)) }
        return events
    }

    /// Decodes a row, checking the derived columns against the hashed text.
    static func decode(_ row: Row) throws -> StoredEvent {
        let idBlob: Data = row[1]
        let hash: Data = row[10]
        return try StoredEvent(
            columnsAt: row[0], eventID: [UInt8](idBlob), complaintID: row[2], version: row[3], type: row[4],
            occurredAt: row[5], occurredMs: row[6], recordedMs: row[7], actor: row[8], data: row[9], hash: [UInt8](hash)
        )
    }
}
