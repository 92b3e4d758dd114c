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
    /// How the store opens and writes: the options every backend takes (read-only sessions are
    /// `default_transaction_read_only`; the lock timeout is `lock_timeout`).
    public typealias Options = StoreOptions

    let session: PostgresSession
    let options: Options
    let clock: LedgerClock
    /// The database this store is connected to, as parsed from its URL (its description never shows the password).
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
        let options = self.options
        let (result, note) = try await writeSession { s -> (T, SignedNote?) in
            try LedgerWrite.run(
                rows: PostgresRows(session: s), tables: PostgresProjectionTables(session: s), now: clock(),
                options: options, body)
        }
        try LedgerWrite.record(note, signer: options.signer)
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

    /// Closes the store's connection; nothing may be called after it.
    public func close() throws { session.close() }

    /// The store's clock, for what it stamps outside an append (issued statements).
    var nowMilliseconds: Int64 { clock() }
}
#endif
