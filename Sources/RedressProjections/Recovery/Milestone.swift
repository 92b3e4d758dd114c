/// A milestone and the ledger position at which it was reached.
public struct Milestone: Sendable, Equatable {
    /// The event's `occurred_at`, in epoch milliseconds.
    public var ms: Int64
    /// The ledger position of the event that reached it: an as-of position before it has not reached it.
    public var position: Int64
    /// A milestone reached at `ms` by the event at `position`.
    public init(ms: Int64, position: Int64) {
        self.ms = ms
        self.position = position
    }
}
