import GRDB

/// The ledger's SQLite schema, as versioned migrations (GRDB's `DatabaseMigrator`).
///
/// `events` is append-only: triggers make the database itself refuse UPDATE and
/// DELETE, whoever asks. `position` is the `INTEGER PRIMARY KEY`, gap-free and
/// commit-ordered because SQLite has one writer at a time. Event ids are 16-byte
/// blobs; `occurred_ms` and `recorded_ms` repeat the instants as integers for SQL
/// and projections (verify checks them against the hashed text).
enum Schema {
    static let triggerNames = ["events_refuse_update", "events_refuse_delete"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events") { db in
            try db.execute(sql: """
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
        return migrator
    }
}
