public import RedressDomain
public import RedressProjections
public import RedressStore

/// The application layer: what the command line and the service do, usable as a library.
///
/// Every write — `record`, the command line's loose fields, each line of an import and each event the
/// service posts — goes through one decide-and-append inside one store transaction: the complaint's
/// state is folded, `Decider` decides the event against it, a refusal by an event already stored is
/// the idempotency rule's to decide, and what was decided is appended. So the lifecycle rules hold
/// however many writers there are, and a refusal (``IntakeRejection``) names its cause the same way
/// whichever path it came by. `Ledger.open(_:options:)` is the composition root that picks the store.
public final class Ledger: Sendable {
    /// The event store the ledger writes through (a backend chosen by `Ledger.open(_:options:)`, or any
    /// `EventStore` given to ``init(store:projections:issuedStatements:accessTokens:importStateCacheLimit:)``).
    public let store: any EventStore
    /// The read models (projections) kept beside the events.
    public let projections: (any ProjectionStore)?
    /// The reward statements issued on this ledger (`nil`: issuing is refused).
    public let issuedStatements: (any IssuedStatementStore)?
    /// The HTTP service's access tokens (`nil`: `redress serve` and `tokens` are refused).
    public let accessTokens: (any AccessTokenStore)?
    /// Complaint states kept in memory while importing (two generations of half this each);
    /// an evicted state is read back from the transaction when its complaint comes up again.
    /// Any value gives the same ledger.
    public let importStateCacheLimit: Int

    /// A ledger on any store, with the read models kept beside it (`nil`: reports are refused)
    /// the record of issued statements (`nil`: issuing and diffs are refused) and the service's access
    /// tokens (`nil`: the service is refused).
    public init(
        store: any EventStore, projections: (any ProjectionStore)?,
        issuedStatements: (any IssuedStatementStore)? = nil, accessTokens: (any AccessTokenStore)? = nil,
        importStateCacheLimit: Int = 120_000
    ) {
        self.store = store
        self.projections = projections
        self.issuedStatements = issuedStatements
        self.accessTokens = accessTokens
        self.importStateCacheLimit = importStateCacheLimit
    }

    /// Closes the underlying store.
    public func close() throws {
        try store.close()
    }

    /// Records one event after checking it against the complaint's current state.
    ///
    /// Re-recording an event already stored with the same content is a no-op; its id with
    /// other content is an error (`StoreError/duplicateEventID(_:existingPosition:)`), as on import.
    @discardableResult
    public func record(_ command: RecordCommand) async throws -> AppendOutcome {
        try await store.write { tx in try Self.record(command, in: tx) }
    }

    /// Decides and appends `command` inside `tx`; a refusal is thrown as the command line reports it
    /// (``IntakeRejection/recordError``).
    static func record(_ command: RecordCommand, in tx: any EventStoreTransaction) throws -> AppendOutcome {
        var state = try Self.fold(try tx.readStream(command.event.complaintID))
        switch try decideAndAppend(command, state: &state, restore: nil, prepared: nil, in: tx) {
        case .success(let outcome): return outcome
        case .failure(let refusal): throw refusal.recordError
        }
    }

    /// Decides `command` on the complaint's `state` and appends what was decided, evolving `state`
    /// with it: the one decide-then-append every write path of the library goes through (`record`, the
    /// CLI's loose fields, import, and the service's `post`).
    ///
    /// A violation by an event already stored is the idempotency rule's to decide (a repeat breaks the
    /// rules the second time round, ``EventStoreTransaction/repeated(_:restore:)``): the same content is
    /// `.alreadyStored`. Otherwise the violation is the refusal. The store's own refusals (an id stored
    /// with other content, a stream moved under `expected_version`, a restore's storage fields) are
    /// refusals too; nothing of a refused event is written. Only a database failure is thrown.
    /// `Decider.violation` is used rather than `Decider.decide` and its array: on success the command's
    /// one event is appended as it is (one allocation and copy of the event fewer per line of an import).
    static func decideAndAppend(
        _ command: RecordCommand, state: inout ComplaintState, restore: RestoreFields?, prepared: CanonicalParts?,
        in tx: any EventStoreTransaction
    ) throws -> Result<AppendOutcome, IntakeRejection> {
        let event = command.event
        do {
            if let violation = Decider.violation(of: command, in: state) {
                if let repeated = try tx.repeated(event, restore: restore) { return .success(repeated) }
                return .failure(IntakeRejection(event, violation))
            }
            let outcome = try tx.append(event, expectedVersion: state.version, restore: restore, prepared: prepared)
            if case .appended = outcome { Decider.evolve(&state, event) }
            return .success(outcome)
        } catch let error as StoreError {
            guard let refusal = IntakeRejection(event, error) else { throw error }
            return .failure(refusal)
        }
    }

    /// Folds stored events into the lifecycle state.
    static func fold(_ stored: [StoredEvent]) throws -> ComplaintState {
        Decider.fold(try stored.map { try $0.decodeEvent() })
    }
}
