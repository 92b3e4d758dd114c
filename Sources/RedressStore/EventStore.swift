import RedressDomain

/// The ledger's head: the latest position and when it was recorded.
public struct LedgerHead: Sendable, Equatable {
    /// 0 for an empty ledger.
    public var position: Int64
    public var recordedAt: Timestamp?

    public init(position: Int64, recordedAt: Timestamp?) { self.position = position; self.recordedAt = recordedAt }
}

/// Why the store refused an append. Nothing of the transaction is stored.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Optimistic concurrency: the stream was not at the expected version.
    case conflict(complaintID: String, expected: Int, actual: Int)
    /// The event id is already in the ledger with other content.
    case duplicateEventID(EventID, existingPosition: Int64)
    /// A restored event disagrees with the ledger it enters.
    case restoreMismatch(eventID: EventID, field: String, message: String)
    /// The database itself refused or failed.
    case database(String)

    public var description: String {
        switch self {
        case let .conflict(complaint, expected, actual):
            return "conflict on complaint \(complaint): expected version \(expected) but the stream is at version \(actual)"
        case let .duplicateEventID(id, position):
            return "event_id \(id) is already in the ledger at position \(position) with different content"
        case let .restoreMismatch(_, field, message):
            return "restored \(field) disagrees with the ledger: \(message)"
        case let .database(message):
            return "database error: \(message)"
        }
    }
}

/// One atomic write: everything appended through it commits together or not at all.
///
/// Reads see the transaction's own appends. Implementations serialise write
/// transactions, so that what a body reads stays true until it commits.
public protocol EventStoreTransaction: AnyObject {
    /// The ledger's head position inside this transaction.
    func headPosition() throws -> Int64
    /// The time this transaction stamps as `recorded_at`, taken once it holds the write lock
    /// and never before the last stored event's: what "now" means for a command's default time.
    var now: Timestamp { get }
    /// The stream's events in version order (empty when it does not exist).
    func readStream(_ complaintID: String) throws -> [StoredEvent]
    /// The stream's version (0 when it does not exist): cheaper than reading it.
    func streamVersion(_ complaintID: String) throws -> Int
    /// The stored event with this id, if any.
    func event(id: EventID) throws -> StoredEvent?
    /// Appends `event` at version `expectedVersion + 1` of its stream and the next position.
    ///
    /// An event whose id is already stored with the same content (and, for a restore,
    /// the same position, version, time and hash) is a no-op: ``AppendOutcome/alreadyStored(_:)``.
    ///
    /// - Throws: ``StoreError/duplicateEventID(_:existingPosition:)`` when the id is stored
    ///   with other content; ``StoreError/conflict(complaintID:expected:actual:)`` when the
    ///   stream is not at `expectedVersion`; ``StoreError/restoreMismatch(eventID:field:message:)``
    ///   when `restore` is given and its position, version, time or hash disagree.
    @discardableResult
    func append(_ event: ComplaintEvent, expectedVersion: Int, restore: RestoreFields?) throws -> AppendOutcome
}

/// A head recorded by a write transaction.
public struct RecordedHead: Sendable, Equatable {
    /// The ledger's head position after the transaction.
    public var position: Int64
    /// The ledger-wide root over positions 1…position.
    public var root: [UInt8]
    /// The signed note (a C2SP checkpoint) when the writer held a signing key.
    public var signedNote: String?

    public init(position: Int64, root: [UInt8], signedNote: String?) {
        self.position = position; self.root = root; self.signedNote = signedNote
    }
}

/// What an append did.
public enum AppendOutcome: Sendable, Equatable {
    /// Stored as a new event.
    case appended(StoredEvent)
    /// The same event was already in the ledger; nothing was written.
    case alreadyStored(StoredEvent)

    public var storedEvent: StoredEvent {
        switch self {
        case let .appended(event), let .alreadyStored(event): return event
        }
    }
}

/// The backend-neutral event store: append with expected version, read a stream,
/// read all from a position, head. SQLite and PostgreSQL implement it and pass the
/// same conformance suite.
public protocol EventStore: Sendable {
    /// Runs `body` in one serialised write transaction; commits when it returns, rolls
    /// back everything when it throws. The body runs off the cooperative thread pool.
    func write<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws -> T

    /// The events of one stream in version order, only those at or below `asOf` when given.
    func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent]

    /// Up to `limit` events after `position`, in position order.
    func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent]

    /// The ledger's head.
    func head() async throws -> LedgerHead

    /// The heads recorded at the end of every write transaction, in position order: the
    /// ledger-wide root (``LedgerTree/root``) at that position and, when the writer held a
    /// signing key, the signed checkpoint. `verify` recomputes and checks every one.
    func recordedHeads() async throws -> [RecordedHead]

    /// Releases the store's connections. Nothing may be called after it.
    func close() throws

    /// Checks of the store's own append-only guarantees (e.g. that the database still
    /// refuses UPDATE and DELETE); returns one sentence per failed check.
    func checkGuarantees() async throws -> [String]
}

extension EventStore {
    /// Appends `events` to one stream at `expectedVersion`, atomically.
    @discardableResult
    public func append(_ events: [ComplaintEvent], expectedVersion: Int) async throws -> [StoredEvent] {
        try await write { tx in
            var version = expectedVersion
            return try events.map { event in
                defer { version += 1 }
                return try tx.append(event, expectedVersion: version, restore: nil).storedEvent
            }
        }
    }
}
