/// A change that can be undone later, kept as a list: closes, reopens and ratings.
public struct Transition: Sendable, Equatable {
    /// What happened; the raw value is the one-letter code the read model stores.
    public enum Kind: String, Sendable {
        case closed = "C"
        case reopened = "R"
        case rating = "S"
        /// SPEC 7.2: the SLA clock stops (`paused`) and runs again (`resumed`; a close also ends a pause).
        case paused = "P"
        case resumed = "U"
    }
    /// The complaint it belongs to.
    public var complaintID: String
    /// The ledger position of the event that made it: readers as of an earlier position ignore it.
    public var position: Int64
    /// What happened.
    public var kind: Kind
    /// The event's `occurred_at`, in epoch milliseconds.
    public var ms: Int64
    /// The rating for ``Kind/rating``, the reason's `PauseReason.code` for ``Kind/paused``; 0 otherwise.
    public var value: Int

    /// A transition of the given fields, unchecked (`value` is 0 unless `kind` is a rating or a pause).
    public init(complaintID: String, position: Int64, kind: Kind, ms: Int64, value: Int = 0) {
        self.complaintID = complaintID
        self.position = position
        self.kind = kind
        self.ms = ms
        self.value = value
    }
}
