public import RedressDomain

/// A stored row that cannot be read back as a valid event: tampering or corruption.
public struct StoredRowError: Error, CustomStringConvertible {
    /// The row's ledger position.
    public let position: Int64
    /// The row's event id, when it could be read.
    public let eventID: EventID?
    /// What is wrong with the row, in words a person can act on.
    public let message: String

    /// An error for the row at `position`, naming its event id when it could be read.
    public init(position: Int64, eventID: EventID?, message: String) {
        self.position = position
        self.eventID = eventID
        self.message = message
    }

    /// `event ID at position N: message`, with `?` for an id that could not be read.
    public var description: String {
        "event \(eventID.map { "\($0)" } ?? "?") at position \(position): \(message)"
    }
}
