#if PostgreSQL
import NIOCore
import PostgresNIO
import RedressDomain
import RedressStore

/// The PostgreSQL rows of one write transaction; `LedgerWriter` keeps the rules.
final class PostgresRows: LedgerRows {
    private let session: PostgresSession

    init(session: PostgresSession) { self.session = session }

    static let columns =
        "position, event_id, complaint_id, version, type, occurred_at, occurred_ms, recorded_ms, actor, data, hash"

    /// A stored event from a row of ``columns``, checked as every backend checks it.
    static func event(_ row: PostgresRow) throws -> StoredEvent {
        let (position, id, complaint, version, type, occurredAt, occurredMs, recordedMs, actor, data, hash) =
            try row.decode(
                (Int64, ByteBuffer, String, Int64, String, String, Int64, Int64, String?, String, ByteBuffer).self)
        return try StoredEvent(
            columnsAt: position, eventID: Array(id.readableBytesView), complaintID: complaint,
            version: Int(version),
            type: type, occurredAt: occurredAt, occurredMs: occurredMs, recordedMs: recordedMs, actor: actor,
            data: data, hash: Array(hash.readableBytesView))
    }

    func lastEvent() throws -> (position: Int64, recordedMs: Int64)? {
        try session.query("SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1").first
            .map { try $0.decode((Int64, Int64).self) }
    }

    func streamHead(_ complaintID: String) throws -> (version: Int, hash: [UInt8])? {
        try session.query(
            "SELECT version, hash FROM events WHERE complaint_id = \(complaintID) ORDER BY version DESC LIMIT 1"
        ).first.map { row in
            let (version, hash) = try row.decode((Int64, ByteBuffer).self)
            return (Int(version), Array(hash.readableBytesView))
        }
    }

    func readStream(_ complaintID: String) throws -> [StoredEvent] {
        try session.query(
            "SELECT \(unescaped: Self.columns) FROM events WHERE complaint_id = \(complaintID) ORDER BY version"
        ).map(Self.event)
    }

    func event(id: EventID) throws -> StoredEvent? {
        try session.query(
            "SELECT \(unescaped: Self.columns) FROM events WHERE event_id = \(ByteBuffer(bytes: id.bytes))"
        ).first.map(Self.event)
    }

    func insert(_ e: StoredEvent) throws -> Bool {
        // ON CONFLICT: a unique violation would abort the whole transaction; the writer instead finds
        // the existing event by id (a repeat) or reports the conflict.
        let inserted = try session.query(
            """
            INSERT INTO events (position, event_id, complaint_id, version, type, occurred_at, occurred_ms,
                recorded_ms, actor, data, hash)
            VALUES (\(e.position), \(ByteBuffer(bytes: e.eventID.bytes)), \(e.complaintID), \(Int64(e.version)),
                \(e.type.rawValue), \(e.occurredAt.text), \(e.occurredAt.epochMilliseconds),
                \(e.recordedAt.epochMilliseconds), \(e.actor), \(e.dataJSON), \(ByteBuffer(bytes: e.hash)))
            ON CONFLICT DO NOTHING RETURNING position
            """)
        return !inserted.isEmpty
    }

    func lastHead() throws -> (position: Int64, compact: [UInt8])? {
        try session.query("SELECT position, compact FROM ledger_heads ORDER BY position DESC LIMIT 1").first
            .map { row in
                let (position, compact) = try row.decode((Int64, ByteBuffer).self)
                return (position, Array(compact.readableBytesView))
            }
    }

    func eventHashes(after position: Int64, _ body: ([UInt8]) -> Void) throws {
        for row in try session.query("SELECT hash FROM events WHERE position > \(position) ORDER BY position") {
            body(Array(try row.decode(ByteBuffer.self).readableBytesView))
        }
    }

    func lastSignedCheckpoint() throws -> String? {
        try session.query(
            "SELECT checkpoint FROM ledger_heads WHERE checkpoint IS NOT NULL ORDER BY position DESC LIMIT 1"
        ).first.map { try $0.decode(String.self) }
    }

    func recordedRoot(at position: Int64) throws -> [UInt8]? {
        try session.query("SELECT root FROM ledger_heads WHERE position = \(position)").first
            .map { Array(try $0.decode(ByteBuffer.self).readableBytesView) }
    }

    func insertHead(position: Int64, root: [UInt8], compact: [UInt8], checkpoint: String?, recordedMs: Int64) throws {
        try session.query(
            """
            INSERT INTO ledger_heads (position, root, compact, checkpoint, recorded_ms)
            VALUES (\(position), \(ByteBuffer(bytes: root)), \(ByteBuffer(bytes: compact)), \(checkpoint),
                \(recordedMs))
            """)
    }
}
#endif
