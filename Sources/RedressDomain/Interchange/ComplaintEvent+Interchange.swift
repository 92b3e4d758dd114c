extension ComplaintEvent {
    /// Writes this event as an interchange NDJSON object (no LF), keys in the order
    /// `event_id, complaint_id, type, occurred_at, actor, data, expected_version`.
    public func writeInterchange(to w: inout CanonicalJSONWriter, expectedVersion: Int? = nil) {
        w.raw("{")
        w.key("event_id", first: true)
        w.string(eventID.description)
        w.key("complaint_id")
        w.string(complaintID)
        w.key("type")
        w.string(type.rawValue)
        w.key("occurred_at")
        w.string(occurredAt.text)
        if let actor {
            w.key("actor")
            w.string(actor)
        }
        w.key("data")
        data.writeCanonical(to: &w)
        if let expectedVersion {
            w.key("expected_version")
            w.integer(expectedVersion)
        }
        w.raw("}")
    }
}
