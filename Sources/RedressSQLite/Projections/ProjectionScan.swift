import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// Reads events for the projections straight from the raw statement: the columns a fold
/// needs, `occurred_ms` instead of parsing the text, `data` only for the types that use it.
enum ProjectionScan {
    static func read(_ db: Database, after position: Int64, upTo last: Int64, limit: Int) throws -> [ProjectionEvent] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT position, event_id, complaint_id, type, occurred_ms, actor, data FROM events
                WHERE position > ? AND position <= ? ORDER BY position LIMIT ?
                """)
        let raw = RawStatement(statement, db)
        raw.bind(1, position)
        raw.bind(2, last)
        raw.bind(3, Int64(limit))
        defer { sqlite3_reset(raw.handle) }
        var events: [ProjectionEvent] = []
        events.reserveCapacity(min(limit, 1 << 16))
        while try raw.next() {
            let at = raw.int64(0)
            guard let eventID = EventID(bytes: raw.bytes(1)), let complaintID = raw.string(2),
                let type = raw.string(3).flatMap(EventType.init(rawValue:))
            else { throw StoredRowError(position: at, eventID: nil, message: "unreadable stored row") }
            do {
                events.append(
                    try ProjectionEvent(
                        position: at, eventID: eventID, complaintID: complaintID, type: type,
                        occurredMs: raw.int64(4), actor: raw.string(5), data: raw.bytes(6)))
            } catch {
                throw StoredRowError(position: at, eventID: eventID, message: "stored data no longer valid: \(error)")
            }
        }
        return events
    }
}
