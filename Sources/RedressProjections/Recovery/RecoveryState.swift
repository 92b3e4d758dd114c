import RedressDomain

/// The `recovery` fold's state in a fold cache: a complaint's row and the transitions it gained
/// that are not written yet (written with the row when it leaves the cache, in key order).
public struct RecoveryState: Sendable, Equatable {
    /// The complaint's row, with every event folded so far.
    public var row: RecoveryRow
    /// Transitions the fold added to this state that are not written yet, in position order; they are
    /// written with the row.
    public var unwritten: [Transition] = []

    /// A state of `row` with `unwritten` transitions still to write.
    public init(row: RecoveryRow, unwritten: [Transition] = []) {
        self.row = row
        self.unwritten = unwritten
    }

    /// ``RecoveryFold/apply(_:_:)`` on the state: the transition is kept, not returned.
    public static func apply(_ state: inout RecoveryState?, _ event: ProjectionEvent) -> Never? {
        if event.type == .received {
            var row: RecoveryRow?
            _ = RecoveryFold.apply(&row, event)
            state = row.map { RecoveryState(row: $0) }
        } else {
            // Mutated through the optional chain: in place (`state != nil` alone copies the state).
            state?.advance(event)
        }
        return nil
    }

    /// Folds an event after `received` into the row, keeping the transition it adds.
    mutating func advance(_ event: ProjectionEvent) {
        if let added = RecoveryFold.advance(&row, event) { unwritten.append(added) }
    }
}
