/// The event log as the folds read it.
public protocol ProjectionEventSource {
    /// Up to `limit` events in `(after, upTo]`, in position order.
    func events(after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent]
    /// `complaintID`'s events before `position`, in stream order: how a fold re-derives a state it
    /// does not hold.
    func stream(_ complaintID: String, before position: Int64) throws -> [ProjectionEvent]
}
