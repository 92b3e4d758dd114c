import Foundation
import GRDB
import RedressDomain
import RedressProjections
import RedressStore

/// The ledger's SQLite schema, as versioned migrations (GRDB's `DatabaseMigrator`).
///
/// `events` is append-only: triggers make the database itself refuse UPDATE and
/// DELETE, whoever asks. `position` is the `INTEGER PRIMARY KEY`, gap-free and
/// commit-ordered because SQLite has one writer at a time. Event ids are 16-byte
/// blobs; `occurred_ms` and `recorded_ms` repeat the instants as integers for SQL
/// and projections (verify checks them against the hashed text).
enum Schema {
    /// Triggers that make the database refuse changes to what must never change: (name, table, refused).
    static let appendOnlyTriggers = [
        ("events_refuse_update", "events", "UPDATE"), ("events_refuse_delete", "events", "DELETE"),
        ("statements_refuse_update", "reward_statements", "UPDATE"),
        ("statements_refuse_delete", "reward_statements", "DELETE"),
        ("heads_refuse_update", "ledger_heads", "UPDATE"), ("heads_refuse_delete", "ledger_heads", "DELETE"),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        position     INTEGER PRIMARY KEY,
                        event_id     BLOB    NOT NULL,
                        complaint_id TEXT    NOT NULL,
                        version      INTEGER NOT NULL CHECK (version >= 1),
                        type         TEXT    NOT NULL,
                        occurred_at  TEXT    NOT NULL,
                        occurred_ms  INTEGER NOT NULL,
                        recorded_ms  INTEGER NOT NULL,
                        actor        TEXT,
                        data         TEXT    NOT NULL,
                        hash         BLOB    NOT NULL
                    );
                    CREATE UNIQUE INDEX events_event_id ON events(event_id);
                    CREATE UNIQUE INDEX events_stream ON events(complaint_id, version);
                    CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
                    CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
                    """)
        }
        migrator.registerMigration("v2-projections") { db in
            try db.execute(
                sql: """
                    CREATE TABLE projections (
                        name                TEXT PRIMARY KEY,
                        generation          INTEGER NOT NULL,
                        position            INTEGER NOT NULL,
                        building_generation INTEGER,
                        building_position   INTEGER
                    );
                    CREATE TABLE reward_statements (
                        id               INTEGER PRIMARY KEY,
                        month            TEXT    NOT NULL,
                        as_of_position   INTEGER NOT NULL,
                        policy_sha256    TEXT    NOT NULL,
                        statement_sha256 TEXT    NOT NULL,
                        policy           TEXT    NOT NULL,
                        issued_ms        INTEGER NOT NULL
                    );
                    CREATE INDEX reward_statements_month ON reward_statements(month, id);
                    CREATE TRIGGER statements_refuse_update BEFORE UPDATE ON reward_statements
                    BEGIN SELECT RAISE(ABORT, 'issued statements are append-only: UPDATE refused'); END;
                    CREATE TRIGGER statements_refuse_delete BEFORE DELETE ON reward_statements
                    BEGIN SELECT RAISE(ABORT, 'issued statements are append-only: DELETE refused'); END;
                    """)
            // Each projection's own tables come from its own migration, below.
        }
        migrator.registerMigration("v3-heads") { db in
            // The ledger-wide chain: one row per write transaction, the root over positions 1…position
            // (RFC 6962 over the event hashes), the compact range to extend it, and the signed checkpoint.
            try db.execute(
                sql: """
                    CREATE TABLE ledger_heads (
                        position    INTEGER PRIMARY KEY,
                        root        BLOB    NOT NULL,
                        compact     BLOB    NOT NULL,
                        checkpoint  TEXT,
                        recorded_ms INTEGER NOT NULL
                    );
                    CREATE TRIGGER heads_refuse_update BEFORE UPDATE ON ledger_heads
                    BEGIN SELECT RAISE(ABORT, 'ledger heads are append-only: UPDATE refused'); END;
                    CREATE TRIGGER heads_refuse_delete BEFORE DELETE ON ledger_heads
                    BEGIN SELECT RAISE(ABORT, 'ledger heads are append-only: DELETE refused'); END;
                    ALTER TABLE reward_statements ADD COLUMN signed_head TEXT;
                    """)
            // A ledger from before heads were kept gets one unsigned head at its current end.
            var tree = LedgerTree()
            var last: Int64 = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT hash, recorded_ms FROM events ORDER BY position")
            while let row = try rows.next() {
                let hash: Data = row[0]
                tree.append(eventHash: [UInt8](hash))
                last = row[1]
            }
            if tree.size > 0 {
                try db.execute(
                    sql:
                        "INSERT INTO ledger_heads (position, root, compact, checkpoint, recorded_ms) "
                        + "VALUES (?, ?, ?, NULL, ?)",
                    arguments: [tree.size, Data(tree.root), Data(tree.compactRange), last])
            }
        }
        // One migration per projection, after the ledger's own: a projection added later gets its
        // tables on every older ledger the first time a write command opens it (its catch-up fills them).
        for name in ProjectionName.allCases {
            migrator.registerMigration(projectionMigration(name)) { db in try ProjectionCatalog.kind(name).install(db) }
        }
        // The HTTP service's access tokens: salted hashes, revocable, outside the event log.
        migrator.registerMigration(accessTokensMigration) { db in
            try db.execute(
                sql: """
                    CREATE TABLE access_tokens (
                        id          TEXT    PRIMARY KEY,
                        role        TEXT    NOT NULL,
                        staff       TEXT,
                        channel     TEXT,
                        salt        BLOB    NOT NULL,
                        secret_hash BLOB    NOT NULL,
                        created_ms  INTEGER NOT NULL,
                        revoked_ms  INTEGER
                    )
                    """)
        }
        // Reward candidates without what their event rows hold (a third of the bytes a rebuild writes).
        migrator.registerMigration("v5-compact-reward-candidates") { db in try RewardsTables.compactCandidates(db) }
        // Issued statements become a chain (StatementChain): each one's hash covers the one before. The
        // statements issued before it are linked unsigned, in the order they were issued.
        migrator.registerMigration("v6-statement-chain") { db in
            try db.execute(
                sql: """
                    ALTER TABLE reward_statements ADD COLUMN sequence INTEGER;
                    ALTER TABLE reward_statements ADD COLUMN chain_hash BLOB;
                    ALTER TABLE reward_statements ADD COLUMN chain_note TEXT;
                    DROP TRIGGER statements_refuse_update;
                    """)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head \
                    FROM reward_statements ORDER BY id
                    """)
            var last: (sequence: Int64, hash: [UInt8])?
            for r in rows {
                let linked = try StatementChain.link(
                    IssuedStatement(
                        id: r[0], month: r[1], asOfPosition: r[2], policySHA256: r[3], statementSHA256: r[4],
                        policyJSON: r[5], issuedAt: Timestamp(epochMilliseconds: r[6]), signedHead: r[7]),
                    after: last, signer: nil)
                try db.execute(
                    sql: "UPDATE reward_statements SET sequence = ?, chain_hash = ? WHERE id = ?",
                    arguments: [linked.sequence, Data(linked.chainHash), linked.id])
                last = (linked.sequence, linked.chainHash)
            }
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX reward_statements_sequence ON reward_statements(sequence);
                    CREATE TRIGGER statements_refuse_update BEFORE UPDATE ON reward_statements
                    BEGIN SELECT RAISE(ABORT, 'issued statements are append-only: UPDATE refused'); END;
                    """)
        }
        return migrator
    }

    /// The migration that adds the service's access tokens.
    static let accessTokensMigration = "v4-access-tokens"

    /// The migration that gives `name` its tables.
    static func projectionMigration(_ name: ProjectionName) -> String { "projection-\(name.rawValue)" }

    /// Migrations a ledger can lack and still be read as current: a projection's own, on a ledger
    /// that already holds the projection (created with the ledger's tables before projections had
    /// migrations of their own).
    static func satisfied(_ db: Database, pending: [String]) throws -> Bool {
        // A ledger without the token table reads as one with no tokens (the next write adds it).
        let pending = pending.filter { $0 != accessTokensMigration }
        guard try db.tableExists("projections") else { return pending.isEmpty }
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM projections"))
        return pending.allSatisfy { id in
            ProjectionName.allCases.contains { projectionMigration($0) == id && present.contains($0.rawValue) }
        }
    }

    /// `PRAGMA user_version` after the migrations this binary knows: a newer binary sets it higher.
    static var version: Int { migrator.migrations.count }
}
