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
///   (`FileLock`), waited for at most ``Options/lockTimeout`` seconds. Readers never take
///   it: they read a WAL snapshot and never wait for a writer.
/// - Read-only access (``Access/readOnly``) opens the file with `SQLITE_OPEN_READONLY`,
///   creates nothing (no lock file, no database), never checkpoints, and works on a
///   read-only file or mount (falling back to `immutable=1` when the `-shm` cannot be
///   created and no WAL is pending).
/// - Schema: migrations this binary does not know (a ledger written by a newer Redress)
///   are refused on open, by every command.
/// - Heads: every write transaction that appends records the ledger-wide root
///   (`LedgerTree`) at its new head, signed with ``Options/signer`` when given.
/// - Process: linking this module turns SQLite's memory statistics off for the whole process
///   before SQLite initialises (``memoryStatisticsOff``).
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
    /// Whether SQLite keeps no memory statistics in this process (`SQLITE_CONFIG_MEMSTATUS` 0, set
    /// when the process loaded, before SQLite initialised; false when something initialised SQLite
    /// first). Keeping them locks a process-wide mutex around every SQLite allocation, a cost on
    /// every row written; Redress reads neither `sqlite3_memory_used` nor a soft heap limit.
    public static var memoryStatisticsOff: Bool { redress_sqlite_memory_statistics_off() != 0 }

    /// How a store opens its file.
    public enum Access: Sendable {
        /// Creates the ledger if needed, migrates it, and writes.
        case readWrite
        /// Reads only; the file must exist.
        case readOnly
    }

    /// How to open a store.
    public struct Options: Sendable {
        public var access: Access
        /// Seconds a writer waits for the writer lock before failing with the holder's name.
        public var lockTimeout: Double
        /// Signs every head written; `nil` writes unsigned heads (refused on a ledger whose heads are signed).
        public var signer: HeadSigner?
        /// Milliseconds since the epoch for `recorded_at`; the system clock by default.
        public var clock: LedgerClock?
        /// Whether each write transaction also folds its events into the projections before it
        /// commits (the default). Off, the projections lag and reports fold the tail in memory,
        /// as they do on a ledger written by an older Redress.
        public var catchUpOnWrite: Bool
        /// Complaint states a projection keeps in memory while folding in a write transaction
        /// (bounded memory on huge ledgers); any value gives the same tables.
        public var foldCacheStates: Int
        /// Complaint states a rebuild keeps in memory, per projection; any value gives the same tables.
        /// More than a write's folds keep: a rebuild has its process to itself, and a state it let go
        /// is re-read from the complaint's events when the complaint comes up again (at 500,000
        /// complaints a rebuild keeping 60,000 re-read about 20,000 states per projection; keeping
        /// 100,000 it was 6–11% faster in two comparisons, peak RSS 237 MB against 193).
        public var rebuildCacheStates: Int
        /// Complaint stream heads (version and hash) a write transaction keeps in memory; `nil`:
        /// `LedgerWriter.streamHeadLimit`. Any value gives the same ledger.
        public var streamHeadStates: Int?

        public init(
            access: Access = .readWrite, lockTimeout: Double = 30, signer: HeadSigner? = nil,
            clock: LedgerClock? = nil, catchUpOnWrite: Bool = true, foldCacheStates: Int = 60_000,
            rebuildCacheStates: Int = 100_000, streamHeadStates: Int? = nil
        ) {
            self.access = access
            self.lockTimeout = lockTimeout
            self.signer = signer
            self.clock = clock
            self.catchUpOnWrite = catchUpOnWrite
            self.foldCacheStates = foldCacheStates
            self.rebuildCacheStates = rebuildCacheStates
            self.streamHeadStates = streamHeadStates
        }
    }

    /// The database file.
    public let path: String
    /// Whether this open created the ledger's file (a write on a path where there was none).
    public let created: Bool
    /// How this store was opened.
    public let access: Access
    let queue: DatabaseQueue
    let lock: FileLock
    let clock: LedgerClock
    let signer: HeadSigner?
    let catchUpOnWrite: Bool
    let foldCacheStates: Int
    let rebuildCacheStates: Int
    let streamHeadStates: Int?

    /// Opens (creating if needed) the ledger at `path` for writing and migrates its schema.
    public convenience init(path: String, clock: LedgerClock? = nil) throws {
        try self.init(path: path, options: Options(clock: clock))
    }

    /// Opens the ledger at `path` as `options` say.
    public init(path: String, options: Options) throws {
        self.path = path
        access = options.access
        signer = options.signer
        catchUpOnWrite = options.catchUpOnWrite
        foldCacheStates = options.foldCacheStates
        rebuildCacheStates = options.rebuildCacheStates
        streamHeadStates = options.streamHeadStates
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

    /// Opens read-only; on a read-only directory or mount, where the `-shm` cannot be created,
    /// reads the file as immutable provided no write-ahead log is waiting to be checkpointed.
    private static func openReadOnly(_ path: String, _ config: Configuration) throws -> DatabaseQueue {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SQLiteStoreError.noLedger(path)
        }
        func probe(_ queue: DatabaseQueue) throws -> DatabaseQueue {
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
        do {
            return try probe(try DatabaseQueue(path: path, configuration: config))
        } catch let error as DatabaseError
            where [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR].contains(error.resultCode)
        {
            let wal = path + "-wal"
            if let size = try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int, size > 0 {
                throw SQLiteStoreError.cannotOpen(
                    """
                    cannot read the ledger \(path) read-only: its shared-memory file cannot be created here and \(wal) \
                    holds commits not yet in the main file (copy the ledger after its last writer closed it)
                    """)
            }
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let uri = "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
            return try probe(try DatabaseQueue(path: uri, configuration: config))
        }
    }

    /// Refuses a ledger written by a newer Redress; with `mustBeCurrent`, also one that needs migrating.
    /// Returns whether the ledger is current: every known migration applied, in WAL mode.
    @discardableResult
    private static func checkSchema(_ queue: DatabaseQueue, path: String, mustBeCurrent: Bool) throws -> Bool {
        let known = Schema.migrator.migrations
        let (applied, userVersion, hasEvents, wal, satisfied) = try queue.read { db in
            let applied = try db.tableExists("grdb_migrations") ? try DatabaseMigrator.appliedIdentifiers(db) : []
            return (
                applied,
                try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                try db.tableExists("events"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal",
                try Schema.satisfied(db, pending: known.filter { !applied.contains($0) })
            )
        }
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty || userVersion > known.count {
            throw SQLiteStoreError.newerSchema(
                """
                the ledger \(path) was written by a newer Redress (schema \(max(userVersion, applied.count))\
                \(unknown.isEmpty ? "" : ": " + unknown.joined(separator: ", "))); \
                this binary knows schema \(known.count) \
                (\(known.joined(separator: ", "))): use a newer redress
                """)
        }
        guard mustBeCurrent else { return applied == known && wal }
        guard hasEvents || !applied.isEmpty else {
            throw SQLiteStoreError.noLedger("\(path) (the file holds no Redress ledger)")
        }
        if applied != known && !satisfied {
            throw SQLiteStoreError.cannotOpen(
                """
                the ledger \(path) is at schema \(applied.count) and this binary reads schema \(known.count): \
                run any write command on it once (it migrates), or read it with the redress that wrote it
                """)
        }
        return true
    }

    /// Creates a new ledger whole or not at all: built beside `path` (WAL mode, every migration),
    /// closed, then linked into place, which fails if another process created it first (its ledger
    /// is kept). A crash while creating leaves no file at `path`, only a stray `.new-*` file.
    /// Returns whether this process's file is the one linked into place.
    private static func create(_ path: String, _ config: Configuration) throws -> Bool {
        let building = path + ".new-\(Platform.processID)-\(UInt32.random(in: 0...UInt32.max))"
        defer { for suffix in ["", "-wal", "-shm"] { Platform.remove(building + suffix) } }
        let queue = try DatabaseQueue(path: building, configuration: config)
        try queue.writeWithoutTransaction { db in
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw SQLiteStoreError.cannotOpen("cannot create the ledger \(path): it cannot be put in WAL mode")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try Schema.migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(Schema.version)") }
        try queue.close()
        if Platform.hardLink(building, path) == 0 { return true }
        guard Platform.alreadyExists else {
            throw SQLiteStoreError.cannotOpen("cannot create the ledger \(path): \(Platform.errorText())")
        }
        return false
    }

    /// Puts the file in WAL mode and applies pending migrations, under the writer lock (only when needed).
    private func migrate() throws {
        if try Self.checkSchema(queue, path: path, mustBeCurrent: false) { return }
        try lock.withLock {
            try Self.checkSchema(queue, path: path, mustBeCurrent: false)
            try queue.writeWithoutTransaction { db in
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw SQLiteStoreError.cannotOpen("cannot open the ledger \(path): it cannot be put in WAL mode")
                }
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try Schema.migrator.migrate(queue)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(Schema.version)") }
        }
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
        let settings = LedgerWrite.Settings(
            signer: signer, catchUpOnWrite: catchUpOnWrite, foldCacheStates: foldCacheStates,
            streamHeadStates: streamHeadStates)
        let (result, note) = try await writeDatabase { db -> (T, SignedNote?) in
            try LedgerWrite.run(
                rows: try SQLiteRows(db: db), tables: SQLiteProjectionTables(db: db), now: clock(), settings: settings,
                body)
        }
        try LedgerWrite.record(note, signer: settings.signer)
        return result
    }

    /// Runs `body` on one read snapshot, its appends kept in memory (`DryRunRows`) and dropped: no
    /// writer lock, no head, no projection, and it works on a ledger opened read-only.
    public func dryRun<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws
        -> T
    {
        let clock = self.clock
        let headLimit = streamHeadStates
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
