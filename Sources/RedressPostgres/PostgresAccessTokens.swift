#if PostgreSQL
import PostgresNIO
public import RedressStore

/// The service's access tokens in the ledger's database: `access_tokens` (salted hashes only),
/// outside the event log.
public final class PostgresAccessTokens: AccessTokenStore, @unchecked Sendable {
    let store: PostgresEventStore

    /// The store's clock (its `recorded_at` clock), so token times and event times agree.
    public var clockMilliseconds: Int64 { store.nowMilliseconds }

    init(store: PostgresEventStore) { self.store = store }

    /// Inserts the record in one transaction holding the ledger's write lock.
    ///
    /// - Throws: ``PostgresStoreError/refused(_:)`` when connected as the application role, which may only
    ///   read tokens; the server's error when a token with this id exists (the table's primary key).
    public func insertToken(_ record: AccessTokenRecord) async throws {
        try await store.writeSession { s in
            try Self.asOwner(s, "create") {
                _ = try s.query(
                    """
                    INSERT INTO access_tokens (id, role, staff, channel, salt, secret_hash, created_ms, revoked_ms)
                    VALUES (\(record.id), \(record.role), \(record.staff), \(record.channel),
                        \(ByteBuffer(bytes: record.salt)), \(ByteBuffer(bytes: record.secretHash)), \(record.createdMs),
                        \(record.revokedMs))
                    """)
            }
        }
    }

    /// The record with this id, revoked or not, from one read-only snapshot.
    public func token(id: String) async throws -> AccessTokenRecord? {
        try await store.readSession { s in
            try s.query(
                """
                SELECT id, role, staff, channel, salt, secret_hash, created_ms, revoked_ms
                FROM access_tokens WHERE id = \(id)
                """
            ).first.map(Self.record)
        }
    }

    /// Every record, oldest first (ties by id), from one read-only snapshot.
    public func allTokens() async throws -> [AccessTokenRecord] {
        try await store.readSession { s in
            try s.query(
                """
                SELECT id, role, staff, channel, salt, secret_hash, created_ms, revoked_ms
                FROM access_tokens ORDER BY created_ms, id
                """
            ).map(Self.record)
        }
    }

    /// Sets `revoked_ms` in one transaction holding the write lock; `false`, and nothing changed, when no
    /// token in force has this id (the first revocation time stands).
    ///
    /// - Throws: ``PostgresStoreError/refused(_:)`` when connected as the application role.
    public func revokeToken(id: String, atMilliseconds milliseconds: Int64) async throws -> Bool {
        try await store.writeSession { s in
            try Self.asOwner(s, "revoke") {
                try !s.query(
                    """
                    UPDATE access_tokens SET revoked_ms = \(milliseconds)
                    WHERE id = \(id) AND revoked_ms IS NULL RETURNING id
                    """
                ).isEmpty
            }
        }
    }

    /// Tokens are written only by the tables' owner: the application role may read them (the service
    /// checks them) but not make, change or revoke one, so a leaked application password cannot mint
    /// an admin token or revive a revoked one. A refusal says which role to use.
    static func asOwner<T>(_ s: PostgresSession, _ verb: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error where PostgresSession.sqlState(error) == "42501" {
            throw PostgresStoreError.refused(
                "\(s.location.user) may not \(verb) access tokens in \(s.location): the application role only reads "
                    + "them; run redress tokens as the owner of the ledger's tables (the role that ran "
                    + "admin init-postgres)")
        }
    }

    /// A record from a row selected with the table's columns in declaration order.
    static func record(_ row: PostgresRow) throws -> AccessTokenRecord {
        let (id, role, staff, channel, salt, hash, created, revoked) = try row.decode(
            (String, String, String?, String?, ByteBuffer, ByteBuffer, Int64, Int64?).self)
        return AccessTokenRecord(
            id: id, role: role, staff: staff, channel: channel, salt: Array(salt.readableBytesView),
            secretHash: Array(hash.readableBytesView), createdMs: created, revokedMs: revoked)
    }
}
#endif
