import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// Reads events for the projections straight from the raw statement: the columns a fold
/// needs, `occurred_ms` instead of parsing the text, `data` only for the types that use it.
enum ProjectionScan {
    /// The columns ``event(_:)`` reads, in its order.
    static let columns = "position, event_id, complaint_id, type, occurred_ms, actor, data"

    /// Up to `limit` events in `(position, last]`, in position order, as the folds read them.
    ///
    /// - Throws: `StoredRowError` for a row that cannot be read.
    static func read(_ db: Database, after position: Int64, upTo last: Int64, limit: Int) throws -> [ProjectionEvent] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns) FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?")
        let raw = RawStatement(statement, db)
        raw.bind(1, position)
        raw.bind(2, last)
        raw.bind(3, Int64(limit))
        defer { sqlite3_reset(raw.handle) }
        var events: [ProjectionEvent] = []
        events.reserveCapacity(min(limit, 1 << 16))
        while try raw.next() { events.append(try event(raw)) }
        return events
    }

    /// One complaint's events before `position`, in stream order.
    static func stream(_ db: Database, _ complaintID: String, before position: Int64) throws -> [ProjectionEvent] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns) FROM events WHERE complaint_id = ? AND position < ? ORDER BY version")
        let raw = RawStatement(statement, db)
        raw.bind(1, complaintID)
        raw.bind(2, position)
        defer { sqlite3_reset(raw.handle) }
        var events: [ProjectionEvent] = []
        while try raw.next() { events.append(try event(raw)) }
        return events
    }

    /// Each type's stored name, matched against the column's bytes: no `String` made per row.
    private static let typeNames = EventType.allCases.map { (name: Array($0.rawValue.utf8), type: $0) }

    /// The event type whose name is exactly `stored`, or `nil`.
    static func type(_ stored: UnsafeBufferPointer<UInt8>) -> EventType? {
        typeNames.first { $0.name.count == stored.count && $0.name.elementsEqual(stored) }?.type
    }

    /// The event on the statement's current row, selected as ``columns``.
    static func event(_ raw: RawStatement) throws -> ProjectionEvent {
        let at = raw.int64(0)
        guard let eventID = EventID(bytes: raw.bytes(1)), let complaintID = raw.string(2), let type = type(raw.bytes(3))
        else { throw StoredRowError(position: at, eventID: nil, message: "unreadable stored row") }
        do {
            return try ProjectionEvent(
                position: at, eventID: eventID, complaintID: complaintID, type: type, occurredMs: raw.int64(4),
                actor: raw.string(5), data: raw.bytes(6))
        } catch {
            throw StoredRowError(position: at, eventID: eventID, message: "stored data no longer valid: \(error)")
        }
    }
}
