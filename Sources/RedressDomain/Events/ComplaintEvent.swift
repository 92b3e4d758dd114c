/// One complaint event as the domain sees it: what happened, to which complaint,
/// when, by whom. Storage adds version, position, `recorded_at` and the hash.
public struct ComplaintEvent: Sendable, Equatable {
    public var eventID: EventID
    public var complaintID: String
    public var occurredAt: Timestamp
    /// The staff member who did it; `nil` only where the customer may start the event.
    public var actor: String?
    public var data: EventData

    public init(eventID: EventID, complaintID: String, occurredAt: Timestamp, actor: String?, data: EventData) {
        self.eventID = eventID
        self.complaintID = complaintID
        self.occurredAt = occurredAt
        self.actor = actor
        self.data = data
    }

    public var type: EventType { data.type }

    /// Whether two events carry the same content, which makes a repeated append a no-op.
    /// Times compare by their stored text: the same instant with another offset is other content.
    public func hasSameContent(as other: ComplaintEvent) -> Bool {
        eventID == other.eventID && complaintID == other.complaintID && occurredAt == other.occurredAt
            && actor == other.actor && data == other.data
    }
}
