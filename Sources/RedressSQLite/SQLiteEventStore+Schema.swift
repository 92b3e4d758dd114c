import Foundation
import GRDB
import GRDBSQLite
import RedressStore

/// Opening a ledger file: read-only opens, the schema check, whole-or-nothing creation and migration.
extension SQLiteEventStore {
    /// Opens read-only; on a read-only directory or mount, where the `-shm` cannot be created,
    /// reads the file as immutable provided no write-ahead log is waiting to be checkpointed.
    static func openReadOnly(_ path: String, _ config: Configuration) throws -> DatabaseQueue {
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
    static func checkSchema(_ queue: DatabaseQueue, path: String, mustBeCurrent: Bool) throws -> Bool {
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
    static func create(_ path: String, _ config: Configuration) throws -> Bool {
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
    func migrate() throws {
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
}
