import RedressDomain

/// The backend-neutral event store: append with expected version, read a stream,
/// read all from a position, head.
///
/// # Implementing a store
///
/// A backend must keep, whatever its database:
/// - **Atomic, serialised writes.** ``write(_:)`` commits everything its body appended or nothing;
///   write transactions run one at a time, so what a body reads stays true until it commits.
/// - **Durable before reported.** ``write(_:)`` returns only once the commit is on disk.
/// - **Positions gap-free and in commit order.** A reader paging with ``readAll(after:limit:)`` never
///   sees position n + 1 before n, and no position is ever skipped (a rolled-back transaction leaves
///   no hole).
/// - **The idempotency rule**, `StoredEvent.asRepeat(of:restore:)`: the same event id with the same
///   content is `alreadyStored`, with other content `StoreError.duplicateEventID`.
/// - **`recorded_at` from the transaction's clock**, never behind the last stored event's.
/// - **A head recorded by every write that appended** (``recordedHeads()``), signed when a signer is given.
/// - **Append-only by the database itself** where it can (triggers, privileges), reported by
///   ``checkGuarantees()``.
///
/// The test an implementer must pass is `EventStoreConformance.run(_:)` from the
/// `RedressStoreConformance` library product, called from the backend's own test target with a
/// factory of empty stores; the SQLite store's `SQLiteStoreTests` shows how.
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
