/// One complaint event as the domain sees it: what happened, to which complaint,
/// when, by whom. Storage adds version, position, `recorded_at` and the hash.
public struct ComplaintEvent: Sendable, Equatable {
    /// The event's idempotency key, given by its writer: appending the same id again with the same content
    /// is a no-op, with other content a refusal.
    public var eventID: EventID
    /// The stream (complaint) it belongs to: 1–64 characters, ``FieldRules/isValidComplaintID(_:)``.
    public var complaintID: String
    /// When it happened, as its writer says: never the time it was stored. Within a stream it never goes
    /// backwards (``LifecycleRule/timeNeverGoesBackwards``).
    public var occurredAt: Timestamp
    /// The staff member who did it; `nil` only where the customer may start the event.
    public var actor: String?
    /// What happened; its case decides ``type``.
    public var data: EventData

    /// Takes the fields as given: the codec (``InterchangeLine``) and the record commands check the field
    /// rules before they build an event, the ``Decider`` the lifecycle rules.
    public init(eventID: EventID, complaintID: String, occurredAt: Timestamp, actor: String?, data: EventData) {
        self.eventID = eventID
        self.complaintID = complaintID
        self.occurredAt = occurredAt
        self.actor = actor
        self.data = data
    }

    /// The type ``data`` is of; an event cannot carry data of another type.
    public var type: EventType { data.type }

    /// Whether two events carry the same content, which makes a repeated append a no-op.
    /// Times compare by their stored text: the same instant with another offset is other content.
    public func hasSameContent(as other: ComplaintEvent) -> Bool {
        eventID == other.eventID && complaintID == other.complaintID && occurredAt == other.occurredAt
            && actor == other.actor && data == other.data
    }
}
