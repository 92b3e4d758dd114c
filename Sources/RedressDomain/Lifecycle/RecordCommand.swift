/// Record one event in a complaint's stream, optionally only at a given version.
public struct RecordCommand: Sendable, Equatable {
    /// The one event the command records.
    public var event: ComplaintEvent
    /// The stream's version before this event; a mismatch is a conflict.
    public var expectedVersion: Int?

    /// - Parameters:
    ///   - event: the event to record.
    ///   - expectedVersion: when given, the command is refused with ``LifecycleRule/expectedVersion``
    ///     unless the stream is at exactly this version.
    public init(event: ComplaintEvent, expectedVersion: Int? = nil) {
        self.event = event
        self.expectedVersion = expectedVersion
    }
}
