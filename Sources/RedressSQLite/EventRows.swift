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
        let typeText: String = row[4]
        let occurredText: String = row[5]
        let position: Int64 = row[0]
        guard let eventID = EventID(bytes: [UInt8](idBlob)) else {
            throw StoredRowError(position: position, eventID: nil, message: "the stored event_id is not 16 bytes")
        }
        guard let type = EventType(rawValue: typeText), let occurredAt = try? Timestamp(parsing: occurredText) else {
            throw StoredRowError(
                position: position, eventID: eventID, message: "the stored type or occurred_at is unreadable")
        }
        let occurredMs: Int64 = row[6]
        guard occurredMs == occurredAt.epochMilliseconds else {
            throw StoredRowError(
                position: position, eventID: eventID,
                message: "occurred_ms \(occurredMs) disagrees with occurred_at \(occurredText)")
        }
        let hash: Data = row[10]
        return StoredEvent(
            position: row[0], version: row[3], eventID: eventID, complaintID: row[2], type: type,
            occurredAt: occurredAt, recordedAt: Timestamp(epochMilliseconds: row[7]), actor: row[8],
            dataJSON: row[9], hash: [UInt8](hash))
    }
}
