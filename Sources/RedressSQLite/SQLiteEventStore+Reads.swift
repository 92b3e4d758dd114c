import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
public import RedressStore

/// The store's reads: each on one read snapshot of its own, never waiting for a writer (WAL).
extension SQLiteEventStore {
    /// The stream's events at or below `asOf` (every one without it), in version order, from one read snapshot.
    public func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent] {
        try await queue.read { db in
            try EventRows.fetch(
                db,
                sql:
                    "SELECT \(EventRows.columns) FROM events WHERE complaint_id = ? AND position <= ? ORDER BY version",
                arguments: [complaintID, asOf ?? Int64.max])
        }
    }

    /// Up to `limit` events after `position`, in position order, from one read snapshot; never waits for a writer.
    public func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await queue.read { db in try Self.readAll(db, after: position, limit: limit) }
    }

    /// ``readAll(after:limit:)`` on a database already in a transaction.
    static func readAll(_ db: Database, after position: Int64, limit: Int) throws -> [StoredEvent] {
        try EventRows.fetch(
            db, sql: "SELECT \(EventRows.columns) FROM events WHERE position > ? ORDER BY position LIMIT ?",
            arguments: [position, limit])
    }

    /// The `acknowledged` and `assigned` rows up to `asOf`, in position order, in one statement on one
    /// snapshot, handed to `OwnersFold` straight from the statement's columns (no event is built).
    public func owners(asOf: Int64?) async throws -> [String: String] {
        try await queue.read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT position, complaint_id, type, actor, data FROM events
                    WHERE type IN ('acknowledged', 'assigned') AND position <= ? ORDER BY position
                    """)
            let raw = RawStatement(statement, db)
            raw.bind(1, asOf ?? Int64.max)
            defer { sqlite3_reset(raw.handle) }
            var fold = OwnersFold()
            while try raw.next() {
                let position = raw.int64(0)
                guard let complaintID = raw.string(1) else {
                    throw StoredRowError(position: position, eventID: nil, message: "unreadable stored row")
                }
                try fold.add(
                    position: position, complaintID: complaintID, typeName: raw.bytes(2), actor: raw.string(3),
                    data: raw.bytes(4))
            }
            return fold.owners
        }
    }

    /// The last event's position and `recorded_at`, from one read snapshot; position 0 for an empty ledger.
    public func head() async throws -> LedgerHead {
        try await queue.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1")
            guard let row else { return LedgerHead(position: 0, recordedAt: nil) }
            return LedgerHead(position: row[0], recordedAt: Timestamp(epochMilliseconds: row[1]))
        }
    }

    /// Every row of `ledger_heads`, in position order, as stored: `verify` recomputes and checks them.
    public func recordedHeads() async throws -> [RecordedHead] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT position, root, checkpoint FROM ledger_heads ORDER BY position").map {
                row in
                let root: Data = row[1]
                return RecordedHead(position: row[0], root: [UInt8](root), signedNote: row[2])
            }
        }
    }

    /// One sentence per append-only trigger missing from the schema (the triggers make SQLite refuse
    /// UPDATE and DELETE on the events, heads and issued statements); empty when all are there.
    public func checkGuarantees() async throws -> [String] {
        try await queue.read { db in
            var failures: [String] = []
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name, table, operation) in Schema.appendOnlyTriggers where !triggers.contains(name) {
                failures.append(
                    "the trigger \(name) that makes the database refuse \(operation) on \(table) is missing")
            }
            // Migrations are checked when the store opens: a ledger with unknown or missing ones is refused there.
            return failures
        }
    }
}
