import RedressDomain
import RedressStore

/// What a recovery report reads, as of a position.
public struct RecoverySnapshot: Sendable {
    public var asOfPosition: Int64
    /// `recorded_at` of the event at `asOfPosition`: the report's clock.
    public var clockMs: Int64
    public var rows: [RecoveryRow]
    public var transitions: [String: [Transition]]

    public init(asOfPosition: Int64, clockMs: Int64, rows: [RecoveryRow], transitions: [String: [Transition]]) {
        self.asOfPosition = asOfPosition
        self.clockMs = clockMs
        self.rows = rows
        self.transitions = transitions
    }
}
