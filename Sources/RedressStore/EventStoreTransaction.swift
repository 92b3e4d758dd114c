public import RedressDomain

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
    ///
    /// Nothing else may depend on it having been called: an implementation may keep what it read
    /// (the SQLite store keeps the stream's last hash for the next append), but `append` must give
    /// the same result whether or not a probe came first.
    func streamVersion(_ complaintID: String) throws -> Int
    /// The stored event with this id, if any.
    func event(id: EventID) throws -> StoredEvent?
    /// The idempotency rule for `event` (SPEC 1.4): whether it is a repeat of an event this ledger
    /// already holds. The rules refuse a repeat the second time round, so a caller asks this before
    /// it reports a refusal; ``append(_:expectedVersion:restore:)`` asks it itself.
    ///
    /// - Returns: `nil` when no stored event has `event`'s id; ``AppendOutcome/alreadyStored(_:)`` when
    ///   the stored event has the same content (and, for a restore, the same position, version, time
    ///   and hash).
    /// - Throws: ``StoreError/duplicateEventID(_:existingPosition:)`` when the id is stored with other
    ///   content; ``StoreError/restoreMismatch(eventID:field:message:)`` when a restore's storage fields
    ///   disagree with the stored event's.
    func repeated(_ event: ComplaintEvent, restore: RestoreFields?) throws -> AppendOutcome?
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
    /// ``append(_:expectedVersion:restore:)`` with `event`'s ``CanonicalParts`` prepared ahead (an
    /// import's decoder thread prepares them): the same outcome, less work inside the transaction.
    @discardableResult
    func append(_ event: ComplaintEvent, expectedVersion: Int, restore: RestoreFields?, prepared: CanonicalParts?)
        throws -> AppendOutcome
}

extension EventStoreTransaction {
    /// Ignores `prepared` and appends as ``append(_:expectedVersion:restore:)`` does: what a transaction that
    /// prepares nothing ahead gives, with the same outcome and errors.
    @discardableResult
    public func append(
        _ event: ComplaintEvent, expectedVersion: Int, restore: RestoreFields?, prepared: CanonicalParts?
    ) throws -> AppendOutcome {
        try append(event, expectedVersion: expectedVersion, restore: restore)
    }
}
