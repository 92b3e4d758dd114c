/// Record one event in a complaint's stream, optionally only at a given version.
public struct RecordCommand: Sendable, Equatable {
    public var event: ComplaintEvent
    /// The stream's version before this event; a mismatch is a conflict.
    public var expectedVersion: Int?

    public init(event: ComplaintEvent, expectedVersion: Int? = nil) {
        self.event = event
        self.expectedVersion = expectedVersion
    }
}
