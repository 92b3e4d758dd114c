/// A change that can be undone later, kept as a list: closes, reopens and ratings.
public struct Transition: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case closed = "C"
        case reopened = "R"
        case rating = "S"
        /// SPEC 7.2: the SLA clock stops (`paused`) and runs again (`resumed`; a close also ends a pause).
        case paused = "P"
        case resumed = "U"
    }
    public var complaintID: String
    public var position: Int64
    public var kind: Kind
    public var ms: Int64
    /// The rating for ``Kind/rating``, the reason's `PauseReason.code` for ``Kind/paused``; 0 otherwise.
    public var value: Int

    public init(complaintID: String, position: Int64, kind: Kind, ms: Int64, value: Int = 0) {
        self.complaintID = complaintID
        self.position = position
        self.kind = kind
        self.ms = ms
        self.value = value
    }
}
