import RedressDomain
import RedressStore

/// What a recovery report reads, as of a position.
public struct RecoverySnapshot: Sendable {
    /// Only events at or before this position count.
    public var asOfPosition: Int64
    /// `recorded_at` of the event at `asOfPosition`: the report's clock.
    public var clockMs: Int64
    /// One row per complaint the report covers: received in its month, at or before the position.
    public var rows: [RecoveryRow]
    /// Those complaints' transitions (closes, reopens, ratings, pauses) up to the position, in position order.
    public var transitions: [String: [Transition]]

    /// Takes the fields as given; checks nothing.
    public init(asOfPosition: Int64, clockMs: Int64, rows: [RecoveryRow], transitions: [String: [Transition]]) {
        self.asOfPosition = asOfPosition
        self.clockMs = clockMs
        self.rows = rows
        self.transitions = transitions
    }
}
