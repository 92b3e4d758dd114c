import RedressDomain
import RedressStore

/// The projections this ledger keeps.
public enum ProjectionName: String, Sendable, CaseIterable {
    /// Per-complaint milestones and transitions, for recovery-time metrics.
    case recovery
    /// Credit candidates, for month-end reward statements.
    case rewards
}

/// A projection's checkpoint against the head.
public struct ProjectionStatus: Sendable, Equatable {
    public var name: ProjectionName
    /// The generation of tables readers use.
    public var generation: Int64
    /// The last position folded into the active generation.
    public var position: Int64
    public var head: Int64
    /// A rebuild in progress (or interrupted): its generation and position.
    public var building: (generation: Int64, position: Int64)?

    public init(name: ProjectionName, generation: Int64, position: Int64, head: Int64, building: (generation: Int64, position: Int64)?) {
        self.name = name; self.generation = generation; self.position = position; self.head = head; self.building = building
    }

    public var lag: Int64 { head - position }

    public static func == (a: ProjectionStatus, b: ProjectionStatus) -> Bool {
        a.name == b.name && a.generation == b.generation && a.position == b.position && a.head == b.head
            && a.building?.generation == b.building?.generation && a.building?.position == b.building?.position
    }
}

/// What a recovery report reads, as of a position.
public struct RecoverySnapshot: Sendable {
    public var asOfPosition: Int64
    /// `recorded_at` of the event at `asOfPosition`: the report's clock.
    public var clockMs: Int64
    public var rows: [RecoveryRow]
    public var transitions: [String: [Transition]]

    public init(asOfPosition: Int64, clockMs: Int64, rows: [RecoveryRow], transitions: [String: [Transition]]) {
        self.asOfPosition = asOfPosition; self.clockMs = clockMs; self.rows = rows; self.transitions = transitions
    }
}

/// Read models kept beside the events, each a pure fold over the global log with its
/// checkpoint written in the same transaction. Reads catch up first, so they are never stale.
public protocol ProjectionStore: Sendable {
    func status() async throws -> [ProjectionStatus]
    /// Folds every projection up to the head; returns the head.
    @discardableResult func catchUp() async throws -> Int64
    /// Rebuilds `name` from position 0 into new tables, then swaps them in at once.
    /// `afterBatch` is called with the position reached after each committed batch.
    func rebuild(_ name: ProjectionName, afterBatch: (@Sendable (Int64) throws -> Void)?) async throws
    /// Complaints received in `[startMs, endMs)` at or before `asOf` (default: head), with their transitions.
    func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf: Int64?) async throws -> RecoverySnapshot
    /// Candidates whose event occurred in `[startMs, endMs)` at or before `asOf` (default head), and the position used.
    func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf: Int64?) async throws -> (asOf: Int64, candidates: [RewardCandidate])
    /// When the first and the last complaint were received (`nil` for a ledger without complaints).
    func receivedRange() async throws -> (first: Int64, last: Int64)?
}

/// A request that cannot be answered as asked.
public struct ProjectionError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
