import RedressDomain

/// What an append did.
public enum AppendOutcome: Sendable, Equatable {
    /// Stored as a new event.
    case appended(StoredEvent)
    /// The same event was already in the ledger; nothing was written.
    case alreadyStored(StoredEvent)

    /// The event as the ledger holds it, whichever case: for ``alreadyStored(_:)`` the copy stored
    /// earlier (its position, version, `recorded_at` and hash), never the one just offered.
    public var storedEvent: StoredEvent {
        switch self {
        case .appended(let event), .alreadyStored(let event): return event
        }
    }
}
