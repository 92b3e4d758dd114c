public import RedressDomain

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
/// - **Owners in one read** (``owners(asOf:)``), if it provides its own: the `acknowledged` and `assigned`
///   rows up to the position, in position order, handed to ``OwnersFold`` (the default folds
///   ``readAll(after:limit:)`` pages; a backend's own read moves rows, never decides an owner).
///
/// The test an implementer must pass is `EventStoreConformance.run(_:)` from the
/// `RedressStoreConformance` library product, called from the backend's own test target with a
/// factory of empty stores; the SQLite store's `SQLiteStoreTests` shows how.
public protocol EventStore: Sendable {
    /// Runs `body` in one serialised write transaction; commits when it returns, rolls
    /// back everything when it throws. The body runs off the cooperative thread pool.
    func write<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws -> T

    /// Runs `body` in a transaction that stores nothing: what `import --check` runs an import in.
    ///
    /// Reads see the ledger as one snapshot and the body's own appends on top of it, and every append
    /// is decided by the rules ``write(_:)`` keeps (expected versions, idempotency, restores and their
    /// hashes, `recorded_at`); at the end everything appended is dropped and no head is recorded.
    /// SQLite and PostgreSQL run it on a read snapshot through ``DryRunRows`` (no write lock, and it
    /// works on a store opened read-only); the default runs ``write(_:)`` and rolls it back.
    func dryRun<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws -> T

    /// The events of one stream in version order, only those at or below `asOf` when given.
    func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent]

    /// Up to `limit` events after `position`, in position order.
    func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent]

    /// SPEC 1.3's owner of every complaint as of `asOf` (default: the head), complaint id → owner, for the
    /// complaints that have one: what `complaints` and `due` list, which no read model keeps.
    ///
    /// A backend must fold, with ``OwnersFold``, every `acknowledged` and `assigned` event at or below
    /// `asOf`, in position order, from one snapshot; the owner rule is the fold's, not the backend's. The
    /// default reads every event through ``readAll(after:limit:)``; SQLite and PostgreSQL read only those
    /// two types' rows in one statement.
    func owners(asOf: Int64?) async throws -> [String: String]

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
    /// ``dryRun(_:)`` for a store that does not provide its own: its ``write(_:)``, rolled back by
    /// an error thrown after the body (it needs write access and holds the write lock meanwhile).
    public func dryRun<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T)
        async throws -> T
    {
        do {
            return try await write { tx -> T in throw DryRunRollback(result: try body(tx)) }
        } catch let rolledBack as DryRunRollback<T> {
            return rolledBack.result
        }
    }

    /// ``owners(asOf:)`` for a store that does not provide its own: ``readAll(after:limit:)`` pages of
    /// 10,000 events up to `asOf` (default: the head when it starts, so pages that a writer extends
    /// meanwhile still give one position's owners), folded by ``OwnersFold``.
    public func owners(asOf: Int64?) async throws -> [String: String] {
        var last = Int64.max
        if let asOf { last = asOf } else { last = try await head().position }
        var fold = OwnersFold()
        var after: Int64 = 0
        while after < last {
            let page = try await readAll(after: after, limit: Int(min(10_000, last - after)))
            guard let end = page.last else { break }
            for event in page where event.position <= last { try fold.add(event) }
            after = end.position
        }
        return fold.owners
    }

    /// Appends `events` to one stream at `expectedVersion`, atomically.
    ///
    /// - Returns: the events as stored, in order (an event already stored with the same content comes back
    ///   as stored earlier).
    /// - Throws: whatever ``EventStoreTransaction/append(_:expectedVersion:restore:)`` throws for any of
    ///   them; then nothing of the batch is stored.
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

/// What the default ``EventStore/dryRun(_:)`` throws to roll its write back, with the body's result.
private struct DryRunRollback<T: Sendable>: Error { let result: T }
