/// A milestone and the ledger position at which it was reached.
public struct Milestone: Sendable, Equatable {
    public var ms: Int64
    public var position: Int64
    public init(ms: Int64, position: Int64) {
        self.ms = ms
        self.position = position
    }
}
