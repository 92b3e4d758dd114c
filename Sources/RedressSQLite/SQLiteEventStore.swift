import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressStore

/// The embedded default event store: one SQLite file in WAL mode, through GRDB.swift.
///
/// Writes run in `BEGIN IMMEDIATE` transactions under a writer lock file, with
/// `synchronous=FULL` (compensation is money: no lost commits on power loss) and a
/// busy timeout. Reads see committed data only.
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue
    let lock: FileLock
    let clock: @Sendable () -> Int64

    /// Opens (creating if needed) the ledger at `path` and migrates its schema.
    ///
    /// - Parameter clock: milliseconds since the epoch for `recorded_at`; the system clock by default.
    public init(path: String, clock: (@Sendable () -> Int64)? = nil) throws {
        self.path = path
        self.clock = clock ?? { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
        lock = try FileLock(path: path + ".lock")
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(30)
        config.label = "redress"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON")
        }
        do {
            queue = try lock.withLock { try DatabaseQueue(path: path, configuration: config) }
            try lock.withLock { try Schema.migrator.migrate(queue) }
        } catch let error as DatabaseError {
            throw SQLiteStoreError.cannotOpen("cannot open the ledger \(path): \(error.message ?? "\(error)")")
        }
    }

    /// Closes the connection under the writer lock (closing may checkpoint the WAL).
    public func close() throws {
        try lock.withLock { try queue.close() }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction under the writer lock.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws -> T {
        let clock = self.clock
        return try await writeDatabase { db in try body(try SQLiteTransaction(db: db, now: clock())) }
    }

    /// Runs `body` on the raw database in one `BEGIN IMMEDIATE` transaction under the writer lock.
    func writeDatabase<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let lock = self.lock
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
    }

    /// The read models kept in this ledger file.
    public var projections: SQLiteProjectionStore { SQLiteProjectionStore(store: self) }

    /// The clock used for `recorded_at` and issue times.
    var nowMilliseconds: Int64 { clock() }

    public func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent] {
        try await queue.read { db in
            try EventRows.fetch(db, sql: "SELECT \(EventRows.columns) FROM events WHERE complaint_id = ? AND position <= ? ORDER BY version",
                                arguments: [complaintID, asOf ?? Int64.max])
        }
    }

    public func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await queue.read { db in try Self.readAll(db, after: position, limit: limit) }
    }

    static func readAll(_ db: Database, after position: Int64, limit: Int) throws -> [StoredEvent] {
        try EventRows.fetch(db, sql: "SELECT \(EventRows.columns) FROM events WHERE position > ? ORDER BY position LIMIT ?",
                            arguments: [position, limit])
    }

    public func head() async throws -> LedgerHead {
        try await queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1")
            guard let row else { return LedgerHead(position: 0, recordedAt: nil) }
            return LedgerHead(position: row[0], recordedAt: Timestamp(epochMilliseconds: row[1]))
        }
    }

    public func checkGuarantees() async throws -> [String] {
        try await queue.read { db in
            var failures: [String] = []
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name, table, operation) in Schema.appendOnlyTriggers where !triggers.contains(name) {
                failures.append("the trigger \(name) that makes the database refuse \(operation) on \(table) is missing")
            }
            let applied = try DatabaseMigrator.appliedIdentifiers(db)
            if applied != Schema.migrator.migrations {
                failures.append("schema migrations \(applied) do not match the expected \(Schema.migrator.migrations)")
            }
            return failures
        }
    }

}

extension DatabaseMigrator {
    static func appliedIdentifiers(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
    }
}

/// Column list and row decoding for `events`.
enum EventRows {
    static let columns = "position, event_id, complaint_id, version, type, occurred_at, occurred_ms, recorded_ms, actor, data, hash"

    static func fetch(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredEvent] {
        let statement = try db.cachedStatement(sql: sql)
        statement.setUncheckedArguments(arguments)
        let cursor = try Row.fetchCursor(statement)
        var events: [StoredEvent] = []
        while let row = try cursor.next() { events.append(try decode(row)) }
        return events
    }

    /// Decodes a row, checking the derived columns against the hashed text.
    static func decode(_ row: Row) throws -> StoredEvent {
        let idBlob: Data = row[1]
        let typeText: String = row[4]
        let occurredText: String = row[5]
        let position: Int64 = row[0]
        guard let eventID = EventID(bytes: [UInt8](idBlob)) else {
            throw StoredRowError(position: position, eventID: nil, message: "the stored event_id is not 16 bytes")
        }
        guard let type = EventType(rawValue: typeText), let occurredAt = try? Timestamp(parsing: occurredText) else {
            throw StoredRowError(position: position, eventID: eventID, message: "the stored type or occurred_at is unreadable")
        }
        let occurredMs: Int64 = row[6]
        guard occurredMs == occurredAt.epochMilliseconds else {
            throw StoredRowError(position: position, eventID: eventID,
                                 message: "occurred_ms \(occurredMs) disagrees with occurred_at \(occurredText)")
        }
        let hash: Data = row[10]
        return StoredEvent(position: row[0], version: row[3], eventID: eventID, complaintID: row[2], type: type,
                           occurredAt: occurredAt, recordedAt: Timestamp(epochMilliseconds: row[7]), actor: row[8],
                           dataJSON: row[9], hash: [UInt8](hash))
    }
}
