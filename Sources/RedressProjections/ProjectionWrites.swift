/// What a fold gives a backend to write into one generation of a projection's tables.
public enum ProjectionWrites: Sendable {
    /// Complaint states leaving a fold cache, sorted by complaint id: their rows, and their
    /// transitions not yet written, in the tables' key order.
    static func recovery(_ states: [(String, RecoveryState)]) -> ProjectionWrites {
        .recovery(rows: states.map(\.1.row), transitions: states.flatMap(\.1.unwritten))
    }

    /// Complaint rows to insert or replace, and transitions to insert (both sorted by their keys).
    case recovery(rows: [RecoveryRow], transitions: [Transition])
    /// Credit candidates to insert (in position order).
    case rewards(candidates: [RewardCandidate])
}
