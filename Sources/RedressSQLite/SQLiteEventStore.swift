import CSQLiteTuning
import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
public import RedressStore

/// The embedded default event store: one SQLite file in WAL mode, through GRDB.swift.
///
/// - Durability: every connection runs with `synchronous=FULL`, set after the connection
///   opens and read back (``synchronousLevel()``); in WAL mode a commit's frames are
///   fsynced before the commit returns, so nothing is reported stored before it is durable.
/// - Locking: writes run in `BEGIN IMMEDIATE` transactions under the writer lock file
///   (`FileLock`), waited for at most `Options.lockTimeout` seconds. Readers never take
///   it: they read a WAL snapshot and never wait for a writer.
/// - Read-only access (`Access.readOnly`) opens the file with `SQLITE_OPEN_READONLY`,
///   creates nothing (no lock file, no database), never checkpoints, and works on a
///   read-only file or mount (falling back to `immutable=1` when the `-shm` cannot be
///   created and no WAL is pending).
/// - Schema: migrations this binary does not know (a ledger written by a newer Redress)
///   are refused on open, by every command.
/// - Heads: every write transaction that appends records the ledger-wide root
///   (`LedgerTree`) at its new head, signed with `Options.signer` when given.
/// - Process: linking this module turns SQLite's memory statistics off for the whole process
///   before SQLite initialises (``memoryStatisticsOff``).
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
    /// Whether SQLite keeps no memory statistics in this process (`SQLITE_CONFIG_MEMSTATUS` 0, set
    /// when the process loaded, before SQLite initialised; false when something initialised SQLite
    /// first). Keeping them locks a process-wide mutex around every SQLite allocation, a cost on
    /// every row written; Redress reads neither `sqlite3_memory_used` nor a soft heap limit.
    public static var memoryStatisticsOff: Bool { redress_sqlite_memory_statistics_off() != 0 }

    /// How a store opens its file (`StoreOptions.Access`).
    public typealias Access = StoreOptions.Access

    /// How to open a store: the options every backend takes.
    public typealias Options = StoreOptions

    /// The database file.
    public let path: String
    /// Whether this open created the ledger's file (a write on a path where there was none).
    public let created: Bool
    /// How this store was opened.
    public let access: Access
    let queue: DatabaseQueue
    let lock: FileLock
    let clock: LedgerClock
    /// The options it was opened with.
    let options: StoreOptions
    var signer: HeadSigner? { options.signer }
    var foldCacheStates: Int { options.foldCacheStates }
    var rebuildCacheStates: Int { options.rebuildCacheStates }

    /// Opens (creating if needed) the ledger at `path` for writing and migrates its schema.
    public convenience init(path: String, clock: LedgerClock? = nil) throws {
        try self.init(path: path, options: Options(clock: clock))
    }

    /// Opens the ledger at `path` as `options` say.
    public init(path: String, options: Options) throws {
        self.path = path
        access = options.access
        self.options = options
        clock = options.clock ?? SystemClock.now
        lock = FileLock(path: path + ".lock", timeout: options.lockTimeout)
        var createdHere = false
        var config = Configuration()
        config.busyMode = .timeout(max(options.lockTimeout, 1))
        config.label = "redress"
        do {
            switch options.access {
            case .readOnly:
                created = false
                config.readonly = true
                config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
                queue = try Self.openReadOnly(path, config)
                try Self.checkSchema(queue, path: path, mustBeCurrent: true)
            case .readWrite:
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    throw SQLiteStoreError.cannotOpen("cannot open the ledger \(path): it is a directory")
                }
                // Not GRDB's `journalMode = .wal`: its set-up writes without our lock and sets
                // synchronous=NORMAL. WAL is set once, under the lock, by `migrate()`.
                config.prepareDatabase { db in
                    try db.execute(
                        sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON")
                }
                if !FileManager.default.fileExists(atPath: path) { createdHere = try Self.create(path, config) }
                created = createdHere
                queue = try DatabaseQueue(path: path, configuration: config)
                try migrate()
                guard try synchronousLevel() >= 2 else {
                    throw SQLiteStoreError.cannotOpen(
                        "cannot open the ledger \(path): PRAGMA synchronous did not stay FULL")
                }
            }
        } catch let error as DatabaseError {
            throw SQLiteStoreError.cannotOpen("cannot open the ledger \(path): \(error.message ?? "\(error)")")
        }
    }

    /// `PRAGMA synchronous` as read back on this store's own connection (2 = FULL).
    public func synchronousLevel() throws -> Int {
        try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// `PRAGMA journal_mode` on this store's connection (`wal` for every ledger).
    public func journalMode() throws -> String {
        try queue.inDatabase { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Closes the connection. A read-only connection never checkpoints. A writer's close
    /// checkpoints the WAL only when it is the last connection to the file (SQLite takes an
    /// exclusive lock on the database for that), so no other connection can be writing; the
    /// writer lock is still taken when it can be had quickly, and the close goes ahead without it.
    public func close() throws {
        if access == .readOnly {
            try queue.close()
            return
        }
        do {
            try lock.withLock(timeout: min(lock.timeout, 2)) { try queue.close() }
        } catch SQLiteStoreError.locked {
            try queue.close()
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction under the writer lock; before it
    /// commits, records (and signs) the new head and brings the projections up to it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws
        -> T
    {
        let clock = self.clock
        let options = self.options
        let (result, note) = try await writeDatabase { db -> (T, SignedNote?) in
            try LedgerWrite.run(
                rows: try SQLiteRows(db: db), tables: SQLiteProjectionTables(db: db), now: clock(), options: options,
                body)
        }
        try LedgerWrite.record(note, signer: options.signer)
        return result
    }

    /// Runs `body` on one read snapshot, its appends kept in memory (`DryRunRows`) and dropped: no
    /// writer lock, no head, no projection, and it works on a ledger opened read-only.
    public func dryRun<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws
        -> T
    {
        let clock = self.clock
        let headLimit = options.streamHeadStates
        return try await queue.read { db in
            try body(
                try LedgerWriter(
                    rows: DryRunRows(try SQLiteRows(db: db)), now: clock(), signer: nil, streamHeadLimit: headLimit))
        }
    }

    /// Runs `body` on the raw database in one `BEGIN IMMEDIATE` transaction under the writer lock.
    func writeDatabase<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard access == .readWrite else { throw StoreError.database("the ledger \(path) was opened read-only") }
        let lock = self.lock
        do {
            return try await queue.writeWithoutTransaction { db in
                try lock.withLock {
                    var result: T?
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        return .commit
                    }
                    return result!
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            // Not GRDB's "SQLite error 13: database or disk is full - while executing …".
            throw StoreError.database(
                "the disk holding the ledger \(path) is full: this write was refused whole and nothing of it was "
                    + "stored; free some space there and run it again")
        }
    }

    /// The read models kept in this ledger file.
    public var projections: SQLiteProjectionStore { SQLiteProjectionStore(store: self) }

    /// The statements issued on this ledger.
    public var issuedStatements: SQLiteIssuedStatements { SQLiteIssuedStatements(store: self) }

    /// The HTTP service's access tokens kept in this ledger file.
    public var accessTokens: SQLiteAccessTokens { SQLiteAccessTokens(store: self) }

    /// The clock used for `recorded_at` and issue times.
    var nowMilliseconds: Int64 { clock() }
}
