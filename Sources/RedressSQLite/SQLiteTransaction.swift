import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressStore

/// One `BEGIN IMMEDIATE` write transaction on the SQLite ledger.
///
/// Keeps the head position, the last `recorded_at` and each touched stream's
/// latest version and hash, so the append path is one cached INSERT per event.
final class SQLiteTransaction: EventStoreTransaction {
    private let db: Database
    private var head: Int64
    private var lastRecordedMs: Int64
    /// `recorded_at` for events appended here: the clock, never behind the last one stored.
    private let nowMs: Int64
    private var streamHeads: [String: (version: Int, hash: [UInt8])] = [:]
    private let insert: Statement
    /// The ledger-wide tree, loaded at the first append and extended by each one.
    private var tree: LedgerTree?
    /// The tree's size before this transaction.
    private var sizeBefore: Int64 = 0
    /// Whether anything was appended.
    private(set) var appendedAny = false
    /// Signs the new head at commit, when given.
    private let signer: HeadSigner?
    /// The newest head the signer signed before (its head file), read at the first append.
    private var knownHead: Checkpoint?
    /// The tree's root when this transaction's appends reached the known head's size.
    private var rootAtKnownHead: [UInt8]?

    init(db: Database, now: Int64, signer: HeadSigner?) throws {
        self.db = db
        self.signer = signer
        let row = try Row.fetchOne(db, sql: "SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1")
        head = row?[0] ?? 0
        lastRecordedMs = row?[1] ?? Int64.min
        nowMs = max(now, lastRecordedMs)
        insert = try db.cachedStatement(
            sql: """
                INSERT INTO events (position, event_id, complaint_id, version, type, occurred_at, occurred_ms, \
                recorded_ms, actor, data, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    func headPosition() throws -> Int64 { head }

    var now: Timestamp { Timestamp(epochMilliseconds: nowMs) }

    func readStream(_ complaintID: String) throws -> [StoredEvent] {
        let events = try EventRows.fetch(
            db, sql: "SELECT \(EventRows.columns) FROM events WHERE complaint_id = ? ORDER BY version",
            arguments: [complaintID])
        streamHeads[complaintID] = (events.last?.version ?? 0, events.last?.hash ?? HashChain.genesis)
        return events
    }

    func event(id: EventID) throws -> StoredEvent? {
        try EventRows.fetch(
            db, sql: "SELECT \(EventRows.columns) FROM events WHERE event_id = ?",
            arguments: [Data(id.bytes)]
        ).first
    }

    func streamVersion(_ complaintID: String) throws -> Int { try streamHead(complaintID).version }

    /// Stream heads kept per transaction; past this the cache starts again (bounded memory on huge imports).
    static let streamHeadLimit = 200_000

    private func streamHead(_ complaintID: String) throws -> (version: Int, hash: [UInt8]) {
        if let cached = streamHeads[complaintID] { return cached }
        if streamHeads.count >= Self.streamHeadLimit { streamHeads.removeAll(keepingCapacity: true) }
        let statement = try db.cachedStatement(
            sql: "SELECT version, hash FROM events WHERE complaint_id = ? ORDER BY version DESC LIMIT 1")
        let raw = RawStatement(statement, db)
        raw.bind(1, complaintID)
        defer { sqlite3_reset(raw.handle) }
        let head: (version: Int, hash: [UInt8])
        if try raw.next() {
            head = (Int(raw.int64(0)), Array(raw.bytes(1)))
        } else {
            head = (0, HashChain.genesis)
        }
        streamHeads[complaintID] = head
        return head
    }

    func append(_ event: ComplaintEvent, expectedVersion: Int, restore: RestoreFields?) throws -> AppendOutcome {
        if restore != nil, let existing = try self.event(id: event.eventID) {
            return try existing.asRepeat(of: event, restore: restore)
        }
        let stream = try streamHead(event.complaintID)
        guard stream.version == expectedVersion else {
            if let existing = try self.event(id: event.eventID) {
                return try existing.asRepeat(of: event, restore: restore)
            }
            throw StoreError.conflict(complaintID: event.complaintID, expected: expectedVersion, actual: stream.version)
        }
        let position = head + 1
        var recordedMs = nowMs
        if let restore {
            func mismatch(_ field: String, _ message: String) -> StoreError {
                .restoreMismatch(eventID: event.eventID, field: field, message: message)
            }
            guard restore.position == position else {
                throw mismatch(
                    "position", "\(restore.position) given, but the next position in this ledger is \(position)")
            }
            guard restore.version == expectedVersion + 1 else {
                throw mismatch(
                    "version", "\(restore.version) given, but the stream's next version is \(expectedVersion + 1)")
            }
            guard restore.recordedAt.epochMilliseconds >= lastRecordedMs else {
                throw mismatch("recorded_at", "\(restore.recordedAt) is earlier than the previous event's recorded_at")
            }
            recordedMs = restore.recordedAt.epochMilliseconds
        }
        var stored = StoredEvent(
            event, position: position, version: expectedVersion + 1,
            recordedAt: Timestamp(epochMilliseconds: recordedMs))
        stored.hash = HashChain.hash(of: stored, previous: stream.hash)
        if let restore, restore.hash != stored.hashHex {
            throw StoreError.restoreMismatch(
                eventID: event.eventID, field: "hash",
                message: "\(restore.hash) given, but the chain computes \(stored.hashHex)")
        }
        if tree == nil {
            tree = try loadTree()
            knownHead = try signer?.knownHead()
        }
        do {
            try insertRow(stored)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            if let existing = try self.event(id: event.eventID) {
                return try existing.asRepeat(of: event, restore: restore)
            }
            throw error
        }
        head = position
        lastRecordedMs = recordedMs
        streamHeads[event.complaintID] = (stored.version, stored.hash)
        tree?.append(eventHash: stored.hash)
        if let knownHead, tree?.size == knownHead.size { rootAtKnownHead = tree?.root }
        appendedAny = true
        return .appended(stored)
    }

    /// Binds through the raw statement handle: no `StatementArguments` boxing on the hot path.
    private func insertRow(_ e: StoredEvent) throws {
        let raw = RawStatement(insert, db)
        raw.bind(1, e.position)
        raw.bind(2, blob: e.eventID.bytes)
        raw.bind(3, e.complaintID)
        raw.bind(4, Int64(e.version))
        raw.bind(5, e.type.rawValue)
        raw.bind(6, e.occurredAt.text)
        raw.bind(7, e.occurredAt.epochMilliseconds)
        raw.bind(8, e.recordedAt.epochMilliseconds)
        raw.bind(9, e.actor)
        raw.bind(10, e.dataJSON)
        raw.bind(11, blob: e.hash)
        try raw.execute()
    }

    /// The tree at the head before this transaction: the last recorded head's compact range,
    /// extended with any event hashes after it (a ledger written before heads were kept).
    private func loadTree() throws -> LedgerTree {
        var tree = LedgerTree()
        if let row = try Row.fetchOne(
            db, sql: "SELECT position, compact FROM ledger_heads ORDER BY position DESC LIMIT 1")
        {
            let compact: Data = row[1]
            guard let stored = LedgerTree(size: row[0], compactRange: [UInt8](compact)) else {
                throw StoreError.database(
                    "the head recorded at position \(row[0] as Int64) is unreadable: verify the ledger")
            }
            tree = stored
        }
        if tree.size < head {
            let hashes = try Data.fetchCursor(
                db, sql: "SELECT hash FROM events WHERE position > ? ORDER BY position", arguments: [tree.size])
            while let hash = try hashes.next() { tree.append(eventHash: [UInt8](hash)) }
        }
        guard tree.size == head else {
            throw StoreError.database(
                "the heads recorded go past the ledger's head \(head): events were removed; verify the ledger")
        }
        sizeBefore = tree.size
        return tree
    }

    /// Records the new head (signed with `signer` when given) before the transaction commits;
    /// returns the signed note to keep outside the database. Nothing to do when nothing was appended.
    ///
    /// - Throws: when the ledger's heads are signed but no signer was given, when they were signed
    ///   by another key, or when the signer's last known head is not part of this ledger (a rollback
    ///   or a fork): a key never signs a head that contradicts one it signed before.
    func finish() throws -> SignedNote? {
        guard appendedAny, let tree else { return nil }
        let lastSigned = try String.fetchOne(
            db,
            sql: """
                SELECT checkpoint FROM ledger_heads WHERE checkpoint IS NOT NULL ORDER BY position DESC LIMIT 1
                """)
        var note: SignedNote?
        if let signer {
            let verifier = signer.key.verifier
            if let lastSigned {
                do { _ = try verifier.open(try SignedNote(text: lastSigned)) } catch {
                    throw StoreError.database(
                        "refusing to sign: this ledger's last signed head is \(error) (one key signs one ledger)")
                }
            }
            if let known = knownHead {
                // The ledger must extend the last head this key signed: its root at that size, from the
                // head recorded there, or from this transaction's own appends (a restore re-creates it).
                let root =
                    known.size > sizeBefore
                    ? rootAtKnownHead
                    : try Data.fetchOne(
                        db, sql: "SELECT root FROM ledger_heads WHERE position = ?", arguments: [known.size]
                    ).map { [UInt8]($0) }
                guard root == known.root else {
                    throw StoreError.database(
                        """
                        refusing to sign: the key's last signed head (\(signer.headPath), size \(known.size)) \
                        is not part of this \
                        ledger of \(tree.size) events: it was rolled back or forked (run verify)
                        """)
                }
            }
            note = try signer.key.sign(Checkpoint(origin: signer.key.origin, size: tree.size, root: tree.root))
        } else if lastSigned != nil {
            throw StoreError.database(
                "this ledger's heads are signed: give its signing key (--signing-key or REDRESS_SIGNING_KEY) to write")
        }
        try db.execute(
            sql: "INSERT INTO ledger_heads (position, root, compact, checkpoint, recorded_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [tree.size, Data(tree.root), Data(tree.compactRange), note?.text, nowMs])
        return note
    }
}
