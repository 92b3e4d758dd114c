import Foundation
import GRDB
public import RedressStore

/// The service's access tokens in the ledger's own file: the `access_tokens` table (salted hashes
/// only). Not part of the event log: `export`, `verify` and rebuilds never read it.
public final class SQLiteAccessTokens: AccessTokenStore, @unchecked Sendable {
    let store: SQLiteEventStore

    /// The store's clock (``SQLiteEventStore``'s `recorded_at` clock), so token times and event times agree.
    public var clockMilliseconds: Int64 { store.nowMilliseconds }

    init(store: SQLiteEventStore) { self.store = store }

    static let columns = "id, role, staff, channel, salt, secret_hash, created_ms, revoked_ms"

    /// Inserts the record in one write transaction under the writer lock; a second record with the same
    /// id is refused by the table's primary key and throws.
    public func insertToken(_ record: AccessTokenRecord) async throws {
        try await store.writeDatabase { db in
            try db.execute(
                sql: "INSERT INTO access_tokens (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?)",
                arguments: [
                    record.id, record.role, record.staff, record.channel, Data(record.salt), Data(record.secretHash),
                    record.createdMs, record.revokedMs,
                ])
        }
    }

    /// The record with this id, revoked or not; `nil` also on a ledger that has no token table yet.
    public func token(id: String) async throws -> AccessTokenRecord? {
        try await store.queue.read { db in
            guard try db.tableExists("access_tokens") else { return nil }
            return try Row.fetchOne(
                db, sql: "SELECT \(Self.columns) FROM access_tokens WHERE id = ?", arguments: [id]
            ).map(Self.record)
        }
    }

    /// Every record, oldest first (ties by id); empty on a ledger that has no token table yet.
    public func allTokens() async throws -> [AccessTokenRecord] {
        try await store.queue.read { db in
            guard try db.tableExists("access_tokens") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM access_tokens ORDER BY created_ms, id")
                .map(Self.record)
        }
    }

    /// Sets `revoked_ms` in one write transaction; `false`, and nothing changed, when no token in force
    /// has this id (unknown, or revoked already: the first revocation time stands).
    public func revokeToken(id: String, atMilliseconds milliseconds: Int64) async throws -> Bool {
        try await store.writeDatabase { db in
            try db.execute(
                sql: "UPDATE access_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL",
                arguments: [milliseconds, id])
            return db.changesCount == 1
        }
    }

    /// A record from a row selected as ``columns``.
    static func record(_ row: Row) -> AccessTokenRecord {
        AccessTokenRecord(
            id: row[0], role: row[1], staff: row[2], channel: row[3], salt: [UInt8](row[4] as Data),
            secretHash: [UInt8](row[5] as Data), createdMs: row[6], revokedMs: row[7])
    }
}
