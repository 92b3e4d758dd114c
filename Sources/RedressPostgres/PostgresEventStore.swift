#if PostgreSQL
import Foundation
import NIOCore
import PostgresNIO
import RedressDomain
import RedressProjections
public import RedressStore

/// A ledger in a PostgreSQL database that a whole complaint centre shares: the same tables, rules and
/// outputs as the SQLite file, for many writers on many machines.
///
/// **Positions without gaps, in commit order.** Every write transaction takes one transaction-scoped
/// advisory lock (`pg_advisory_xact_lock`) before it reads the head, and holds it until it commits: a
/// table lock as Python `eventsourcing`'s PostgreSQL recorder takes, without the UPDATE privilege that
/// `LOCK TABLE … EXCLUSIVE` would need (the application role has only SELECT and INSERT on events).
/// Writers queue; readers never wait.
/// A position is therefore computed only by the one transaction that can commit next, so a reader
/// paging through `readAll` can never pass a position that a slower transaction fills later, and a
/// rolled-back transaction leaves no hole (no sequence is used). The price is one writer at a time:
/// the same as SQLite, and appends are short.
public final class PostgresEventStore: EventStore, @unchecked Sendable {
    /// How the store opens and writes.
    public struct Options: Sendable {
        /// Read-only sessions (`default_transaction_read_only`): no migration, no write.
        public var readOnly: Bool
        /// Seconds a writer waits for the write lock before giving up (`lock_timeout`).
        public var lockTimeout: Double
        /// Signs every head this store's writes record.
        public var signer: HeadSigner?
        /// `recorded_at` (default: the system clock).
        public var clock: LedgerClock?
        /// Fold the projections into every write transaction (as on SQLite).
        public var catchUpOnWrite: Bool
        /// Complaint states a projection fold keeps in memory.
        public var foldCacheStates: Int

        public init(
            readOnly: Bool = false, lockTimeout: Double = 30, signer: HeadSigner? = nil, clock: LedgerClock? = nil,
            catchUpOnWrite: Bool = true, foldCacheStates: Int = 60_000
        ) {
            self.readOnly = readOnly
            self.lockTimeout = lockTimeout
            self.signer = signer
            self.clock = clock
            self.catchUpOnWrite = catchUpOnWrite
            self.foldCacheStates = foldCacheStates
        }
    }

    let session: PostgresSession
    let options: Options
    let clock: LedgerClock
    public let location: PostgresLocation

    /// Connects, checks the server keeps commits durable, and brings the schema up to date (unless read-only).
    public init(location: PostgresLocation, options: Options = .init()) throws {
        self.location = location
        self.options = options
        clock = options.clock ?? SystemClock.now
        session = try PostgresSession(location, label: location.database)
        do {
            try session.runSync { s in
                // On this connection and on every one made again after a loss.
                try s.prepare { s in try Self.setUp(s, options: options) }
                if options.readOnly {
                    try Self.checkCurrent(s)
                } else {
                    try PostgresSchema.migrate(s)
                }
            }
        } catch {
            session.close()
            if let error = error as? PostgresStoreError { throw error }
            throw PostgresStoreError.cannotConnect(
                "cannot open the ledger \(location): \(PostgresSession.explain(error))")
        }
    }

    /// What every connection of the store runs with: commits durable before they are reported (read
    /// back; a server that does not sync is refused), the lock and statement timeouts, read-only when asked.
    static func setUp(_ s: PostgresSession, options: Options) throws {
        let location = s.location
        try s.execute("SET synchronous_commit = on")
        let (commit, fsync) = try Self.durability(s)
        guard commit == "on", fsync == "on" else {
            throw PostgresStoreError.cannotConnect(
                "cannot open the ledger \(location): the server runs with synchronous_commit=\(commit), "
                    + "fsync=\(fsync); Redress needs both on (a reported event must survive a crash)")
        }
        // 0 would mean no limit to the server: the least wait it knows instead.
        try s.execute("SET lock_timeout = '\(max(1, Self.milliseconds(options.lockTimeout)))ms'")
        try s.execute("SET statement_timeout = '\(Self.milliseconds(location.statementTimeout))ms'")
        if options.readOnly { try s.execute("SET default_transaction_read_only = on") }
    }

    /// Seconds as whole milliseconds, rounded: how the session's timeouts are set.
    static func milliseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }

    /// `synchronous_commit` and `fsync` as this connection sees them.
    static func durability(_ s: PostgresSession) throws -> (synchronousCommit: String, fsync: String) {
        let commit = try s.query("SHOW synchronous_commit").first?.decode(String.self) ?? ""
        let fsync = try s.query("SHOW fsync").first?.decode(String.self) ?? ""
        return (commit, fsync)
    }

    /// `synchronous_commit` and `fsync` read back on the store's own connection (both `on` for every
    /// store that opened).
    public func durabilitySettings() async throws -> (synchronousCommit: String, fsync: String) {
        try await session.run { s in try Self.durability(s) }
    }

    /// A read-only open must find the schema this binary reads.
    static func checkCurrent(_ s: PostgresSession) throws {
        let exists = try s.query("SELECT to_regclass('redress_migrations') IS NOT NULL").first?.decode(Bool.self)
        guard exists == true else {
            throw PostgresStoreError.noLedger(
                "no ledger in \(s.location) (the database holds no Redress tables)")
        }
        let applied = Set(
            try s.query("SELECT identifier FROM redress_migrations").map { try $0.decode(String.self) })
        let known = Set(PostgresSchema.migrations.map(\.0))
        guard applied == known else {
            throw PostgresStoreError.cannotConnect(
                applied.isSubset(of: known)
                    ? "the ledger \(s.location) is at an older schema: run any write command on it once (it migrates)"
                    : "the ledger \(s.location) was written by a newer Redress: use a newer redress")
        }
    }

    /// The projections kept beside the events.
    public var projections: PostgresProjectionStore { PostgresProjectionStore(store: self) }

    /// The statements issued on this ledger.
    public var issuedStatements: PostgresIssuedStatements { PostgresIssuedStatements(store: self) }

    /// The HTTP service's access tokens kept in this database.
    public var accessTokens: PostgresAccessTokens { PostgresAccessTokens(store: self) }

    /// Runs `body` in one transaction holding the ledger's write lock; before it commits, records (and
    /// signs) the new head and folds the new events into the projections.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws
        -> T
    {
        let clock = self.clock
        let settings = LedgerWrite.Settings(
            signer: options.signer, catchUpOnWrite: options.catchUpOnWrite, foldCacheStates: options.foldCacheStates)
        let (result, note) = try await writeSession { s -> (T, SignedNote?) in
            try LedgerWrite.run(
                rows: PostgresRows(session: s), tables: PostgresProjectionTables(session: s), now: clock(),
                settings: settings, body)
        }
        try LedgerWrite.record(note, signer: settings.signer)
        return result
    }

    /// Runs `body` on one read-only snapshot, its appends kept in memory (`DryRunRows`) and dropped:
    /// no write lock, no head, no projection, and it works on a store opened read-only.
    public func dryRun<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws
        -> T
    {
        let clock = self.clock
        return try await readSession { s in
            try body(try LedgerWriter(rows: DryRunRows(PostgresRows(session: s)), now: clock(), signer: nil))
        }
    }

    /// The advisory lock every Redress writer of a database takes (transaction-scoped).
    static let writeLockKey: Int64 = 7_277_002

    /// Runs `body` in one transaction holding the ledger's write lock (a transaction-scoped advisory
    /// lock: it needs no privilege beyond the application role's, and `lock_timeout` bounds the wait).
    func writeSession<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        guard !options.readOnly else { throw StoreError.database("the ledger \(location) was opened read-only") }
        let location = self.location
        let timeout = options.lockTimeout
        return try await session.run { s in
            do {
                return try s.transaction {
                    // The wait for the lock is bounded by the lock timeout, even past the statement timeout.
                    let statement = s.location.statementTimeout
                    if timeout >= statement {
                        try s.execute("SET LOCAL statement_timeout = '\(Self.milliseconds(timeout + 1))ms'")
                    }
                    try s.execute(
                        "SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", seconds: max(timeout, statement))
                    if timeout >= statement {
                        try s.execute("SET LOCAL statement_timeout = '\(Self.milliseconds(statement))ms'")
                    }
                    return try body(s)
                }
            } catch let error where PostgresSession.sqlState(error) == "55P03" {
                throw PostgresStoreError.locked(
                    "the ledger \(location) is locked by another writer; gave up after \(timeout) s (--lock-timeout)"
                )
            } catch let error as PSQLError {
                throw StoreError.database("PostgreSQL: \(PostgresSession.explain(error))")
            }
        }
    }

    /// Runs `body` in one read-only snapshot (REPEATABLE READ): it never waits for a writer.
    func readSession<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await session.run { s in
            do {
                return try s.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try body(s) }
            } catch let error as PSQLError {
                throw StoreError.database("PostgreSQL: \(PostgresSession.explain(error))")
            }
        }
    }

    /// The stream's events at or below `asOf` (every one without it), in version order, from one
    /// read-only snapshot; never waits for a writer.
    public func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent] {
        try await readSession { s in
            try s.query(
                """
                SELECT \(unescaped: PostgresRows.columns) FROM events
                WHERE complaint_id = \(complaintID) AND position <= \(asOf ?? Int64.max) ORDER BY version
                """
            ).map(PostgresRows.event)
        }
    }

    /// Up to `limit` events after `position`, in position order, from one read-only snapshot. Positions
    /// are assigned under the write lock, so a page never passes a position a slower writer fills later.
    public func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await readSession { s in
            try s.query(
                """
                SELECT \(unescaped: PostgresRows.columns) FROM events WHERE position > \(position)
                ORDER BY position LIMIT \(Int64(limit))
                """
            ).map(PostgresRows.event)
        }
    }

    /// The `acknowledged` and `assigned` rows up to `asOf`, in position order, in one query (one round
    /// trip) on one snapshot, handed to `OwnersFold`.
    public func owners(asOf: Int64?) async throws -> [String: String] {
        try await readSession { s in
            var fold = OwnersFold()
            for row in try s.query(
                """
                SELECT position, complaint_id, type, actor, data FROM events
                WHERE type IN ('acknowledged', 'assigned') AND position <= \(asOf ?? Int64.max) ORDER BY position
                """)
            {
                let (position, complaintID, typeName, actor, data) =
                    try row.decode((Int64, String, String, String?, String).self)
                guard let type = EventType(rawValue: typeName) else { continue }
                var text = data
                try text.withUTF8 { bytes in
                    try fold.add(position: position, complaintID: complaintID, type: type, actor: actor, data: bytes)
                }
            }
            return fold.owners
        }
    }

    /// The last event's position and `recorded_at`, from one read-only snapshot; position 0 for an empty ledger.
    public func head() async throws -> LedgerHead {
        try await readSession { s in
            guard
                let row = try s.query("SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1")
                    .first
            else { return LedgerHead(position: 0, recordedAt: nil) }
            let (position, recorded) = try row.decode((Int64, Int64).self)
            return LedgerHead(position: position, recordedAt: Timestamp(epochMilliseconds: recorded))
        }
    }

    /// Every row of `ledger_heads`, in position order, as stored: `verify` recomputes and checks them.
    public func recordedHeads() async throws -> [RecordedHead] {
        try await readSession { s in
            try s.query("SELECT position, root, checkpoint FROM ledger_heads ORDER BY position").map { row in
                let (position, root, note) = try row.decode((Int64, ByteBuffer, String?).self)
                return RecordedHead(position: position, root: Array(root.readableBytesView), signedNote: note)
            }
        }
    }

    /// Closes the store's connection; nothing may be called after it.
    public func close() throws { session.close() }

    /// The triggers that refuse UPDATE, DELETE and TRUNCATE of events, heads and issued statements.
    public func checkGuarantees() async throws -> [String] {
        try await readSession { s in
            let present = Set(
                try s.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
                    .map { try $0.decode(String.self) })
            return PostgresSchema.appendOnlyTriggers.compactMap { trigger, table in
                present.contains(trigger)
                    ? nil : "the trigger \(trigger) is missing or disabled: \(table) can be changed in place"
            }
        }
    }

    /// The store's clock, for what it stamps outside an append (issued statements).
    var nowMilliseconds: Int64 { clock() }
}
#endif

#if PostgreSQL
extension PostgresEventStore {
    /// The one-time grants a DBA runs so that `appRole` — the role `redress` connects as — may only
    /// SELECT and INSERT events, heads and issued statements (never UPDATE, DELETE or TRUNCATE them),
    /// only SELECT the service's access tokens (created and revoked by the owner, `redress tokens`),
    /// keep the projections (their checkpoints and generation tables) and read the schema's state.
    /// Whatever the role held before on these tables is revoked first, so running it again converges.
    /// Run it as the owner of the tables (the role that first opened the ledger, which migrated it).
    public static func privilegeScript(appRole: String) -> String {
        let role = "\"" + appRole.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let tables = "events, ledger_heads, reward_statements, access_tokens, projections, redress_migrations"
        var lines = [
            "-- Redress: what \(appRole) may do in this database (run once as the tables' owner).",
            "REVOKE ALL ON \(tables) FROM PUBLIC;",
            "REVOKE ALL ON \(tables) FROM \(role);",
            "REVOKE ALL ON SEQUENCE reward_statements_id_seq FROM PUBLIC, \(role);",
            "GRANT USAGE, CREATE ON SCHEMA public TO \(role);",
            "GRANT SELECT, INSERT ON events, ledger_heads, reward_statements TO \(role);",
            "GRANT USAGE ON SEQUENCE reward_statements_id_seq TO \(role);",
            "GRANT SELECT ON redress_migrations TO \(role);",
            "GRANT SELECT, UPDATE ON projections TO \(role);",
            "GRANT SELECT ON access_tokens TO \(role);",
        ]
        for name in ProjectionName.allCases {
            for table in PostgresProjectionTables.tables(name, generation: 1) {
                // IF EXISTS: run again after a rebuild (which replaced generation 1), it is still whole.
                lines.append("ALTER TABLE IF EXISTS \(table) OWNER TO \(role);")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Applies ``privilegeScript(appRole:)`` on this connection (which must own the tables).
    ///
    /// The owner need not be a superuser, but it hands the projections' tables to `appRole`, which
    /// PostgreSQL allows only to a member of that role: that, and that the role exists, are checked
    /// first and named with the statement that fixes them. Whatever else the server refuses is its own
    /// message, SQLSTATE, detail and hint.
    public func applyPrivileges(appRole: String) async throws {
        let statements = Self.privilegeScript(appRole: appRole).split(separator: "\n").filter {
            !$0.hasPrefix("--")
        }
        let location = self.location
        try await session.run { s in
            do {
                let (user, superuser) =
                    try s.query(
                        "SELECT current_user::text, rolsuper FROM pg_roles WHERE rolname = current_user"
                    ).first?.decode((String, Bool).self) ?? ("?", false)
                let exists =
                    try s.query("SELECT count(*) FROM pg_roles WHERE rolname = \(appRole)::text::name")
                    .first?.decode(Int64.self) == 1
                guard exists else {
                    throw PostgresStoreError.refused(
                        "there is no role \(appRole) in \(location)'s server: have it created first "
                            + "(createuser \(appRole)), then run this again")
                }
                let member =
                    try s.query("SELECT pg_has_role(current_user, \(appRole)::text::name, 'MEMBER')").first?
                    .decode(Bool.self) ?? false
                guard superuser || member else {
                    throw PostgresStoreError.refused(
                        "\(user) cannot give \(appRole) the projections' tables: it is not a member of \(appRole) "
                            + "(PostgreSQL lets a table's owner hand it only to a role it belongs to). Have the "
                            + "server's administrator run GRANT \(appRole) TO \(user); then run this again")
                }
                try s.transaction { for statement in statements { try s.execute(String(statement)) } }
            } catch let error as PSQLError {
                throw PostgresStoreError.refused(
                    "cannot apply the grants to \(appRole) in \(location): \(PostgresSession.explain(error))")
            }
        }
    }
}
#endif
