public import RedressDomain

/// Why the store refused an append. Nothing of the transaction is stored.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Optimistic concurrency: the stream was not at the expected version.
    case conflict(complaintID: String, expected: Int, actual: Int)
    /// The event id is already in the ledger with other content.
    case duplicateEventID(EventID, existingPosition: Int64)
    /// A restored event disagrees with the ledger it enters.
    case restoreMismatch(eventID: EventID, field: String, message: String)
    /// The database itself refused or failed, or a write was refused for the ledger's integrity (a head
    /// the key may not sign): one plain line a person can act on, without a library's internal words.
    case database(String)

    /// One sentence naming the complaint or event and what disagreed.
    public var description: String {
        switch self {
        case .conflict(let complaint, let expected, let actual):
            return
                "conflict on complaint \(complaint): expected version \(expected) "
                + "but the stream is at version \(actual)"
        case .duplicateEventID(let id, let position):
            return "event_id \(id) is already in the ledger at position \(position) with different content"
        case .restoreMismatch(_, let field, let message):
            return "restored \(field) disagrees with the ledger: \(message)"
        case .database(let message):
            return message
        }
    }
}
