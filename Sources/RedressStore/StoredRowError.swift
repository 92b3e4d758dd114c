public import RedressDomain

/// A stored row that cannot be read back as a valid event: tampering or corruption.
public struct StoredRowError: Error, CustomStringConvertible {
    public let position: Int64
    public let eventID: EventID?
    public let message: String

    public init(position: Int64, eventID: EventID?, message: String) {
        self.position = position
        self.eventID = eventID
        self.message = message
    }

    public var description: String {
        "event \(eventID.map { "\($0)" } ?? "?") at position \(position): \(message)"
    }
}
