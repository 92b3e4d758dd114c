#if PostgreSQL
import PostgresNIO
import RedressProjections

/// The ledger's PostgreSQL schema: the same tables and columns as the SQLite file, as versioned
/// migrations recorded in `redress_migrations`.
///
/// `events`, `ledger_heads` and `reward_statements` are append-only by the database itself: triggers
/// refuse UPDATE, DELETE and TRUNCATE, whoever asks (a superuser can drop them; verify then names the
/// first event that changed). `redress admin init-postgres` prints the grants that leave the
/// application role only SELECT and INSERT on them.
enum PostgresSchema {
    /// (identifier, statements), applied in order, each once.
    static var migrations: [(String, [String])] {
        var list: [(String, [String])] = [("v1-ledger", ledger)]
        for name in ProjectionName.allCases {
            list.append(("projection-\(name.rawValue)", PostgresProjectionTables.install(name)))
        }
        // The HTTP service's access tokens: salted hashes, revocable, outside the event log.
        list.append(("v2-access-tokens", [accessTokens]))
        list.append((statementChainMigration, statementChain))
        return list
    }

    /// The migration that makes issued statements a chain (``StatementChain``); the statements issued
    /// before it are linked by ``PostgresIssuedStatements/linkLegacy(_:)`` between its two halves.
    static let statementChainMigration = "v3-statement-chain"

    static let statementChain = [
        """
        ALTER TABLE reward_statements ADD COLUMN sequence bigint, ADD COLUMN chain_hash bytea,
            ADD COLUMN chain_note text
        """,
        "ALTER TABLE reward_statements DISABLE TRIGGER reward_statements_refuse_change",
        linkLegacyStatements,
        "ALTER TABLE reward_statements ENABLE TRIGGER reward_statements_refuse_change",
        "CREATE UNIQUE INDEX reward_statements_sequence ON reward_statements (sequence)",
    ]

    /// Stands in ``statementChain`` for the Swift step that links the statements already issued.
    static let linkLegacyStatements = "-- link the statements issued before the chain"

    /// (trigger, table) pairs that make the database refuse changes to what must never change.
    static let appendOnlyTriggers: [(String, String)] = ["events", "ledger_heads", "reward_statements"].flatMap {
        [("\($0)_refuse_change", $0), ("\($0)_refuse_truncate", $0)]
    }

    static let accessTokens = """
        CREATE TABLE access_tokens (
            id          text   PRIMARY KEY,
            role        text   NOT NULL,
            staff       text,
            channel     text,
            salt        bytea  NOT NULL,
            secret_hash bytea  NOT NULL,
            created_ms  bigint NOT NULL,
            revoked_ms  bigint
        )
        """

    static let ledger =
        [
            """
            CREATE TABLE events (
                position     bigint PRIMARY KEY,
                event_id     bytea  NOT NULL UNIQUE,
                complaint_id text   NOT NULL,
                version      bigint NOT NULL CHECK (version >= 1),
                type         text   NOT NULL,
                occurred_at  text   NOT NULL,
                occurred_ms  bigint NOT NULL,
                recorded_ms  bigint NOT NULL,
                actor        text,
                data         text   NOT NULL,
                hash         bytea  NOT NULL,
                UNIQUE (complaint_id, version)
            )
            """,
            """
            CREATE TABLE ledger_heads (
                position    bigint PRIMARY KEY,
                root        bytea  NOT NULL,
                compact     bytea  NOT NULL,
                checkpoint  text,
                recorded_ms bigint NOT NULL
            )
            """,
            """
            CREATE TABLE reward_statements (
                id               bigserial PRIMARY KEY,
                month            text   NOT NULL,
                as_of_position   bigint NOT NULL,
                policy_sha256    text   NOT NULL,
                statement_sha256 text   NOT NULL,
                policy           text   NOT NULL,
                issued_ms        bigint NOT NULL,
                signed_head      text
            )
            """,
            "CREATE INDEX reward_statements_month ON reward_statements (month, id)",
            """
            CREATE TABLE projections (
                name                text PRIMARY KEY,
                generation          bigint NOT NULL,
                position            bigint NOT NULL,
                building_generation bigint,
                building_position   bigint
            )
            """,
            """
            CREATE OR REPLACE FUNCTION redress_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% are append-only: % refused', TG_TABLE_NAME, TG_OP;
            END
            $$
            """,
        ]
        + ["events", "ledger_heads", "reward_statements"].flatMap { table in
            [
                """
                CREATE TRIGGER \(table)_refuse_change BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION redress_refuse_change()
                """,
                """
                CREATE TRIGGER \(table)_refuse_truncate BEFORE TRUNCATE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION redress_refuse_change()
                """,
            ]
        }

    /// Applies the migrations this binary knows and the ledger lacks, one writer at a time.
    ///
    /// - Throws: when the database holds migrations this binary does not know (a newer Redress).
    static func migrate(_ session: PostgresSession) throws {
        try session.transaction {
            try session.execute("SELECT pg_advisory_xact_lock(7277001)")
            try session.execute(
                "CREATE TABLE IF NOT EXISTS redress_migrations "
                    + "(identifier text PRIMARY KEY, applied_ms bigint NOT NULL)"
            )
            let applied = Set(
                try session.query("SELECT identifier FROM redress_migrations").map { try $0.decode(String.self) })
            let known = migrations.map(\.0)
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else {
                throw PostgresStoreError.cannotConnect(
                    "the ledger \(session.location) was written by a newer Redress (migrations "
                        + "\(unknown.sorted().joined(separator: ", "))): use a newer redress")
            }
            for (identifier, statements) in migrations where !applied.contains(identifier) {
                for statement in statements {
                    if statement == linkLegacyStatements {
                        try PostgresIssuedStatements.linkLegacy(session)
                    } else {
                        try session.execute(statement)
                    }
                }
                try session.query(
                    """
                    INSERT INTO redress_migrations (identifier, applied_ms)
                    VALUES (\(identifier), (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                    """)
            }
        }
    }
}
#endif
