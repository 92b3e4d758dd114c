public import RedressDomain
import RedressStore

/// The `recovery` fold: pure, one event at a time.
public enum RecoveryFold {
    /// The row after `events` (one complaint's, in stream order).
    public static func row(after events: [ProjectionEvent]) -> RecoveryRow? {
        var row: RecoveryRow?
        for event in events { _ = apply(&row, event) }
        return row
    }

    /// Folds `event` into the complaint's row; returns the transition it adds, if any.
    public static func apply(_ row: inout RecoveryRow?, _ event: ProjectionEvent) -> Transition? {
        if event.type == .received {
            row = RecoveryRow(
                complaintID: event.complaintID, received: Milestone(ms: event.occurredMs, position: event.position),
                channel: event.channel, category: event.category, severity: event.severity)
            return nil
        }
        guard row != nil else { return nil }
        return advance(&row!, event)
    }

    /// Folds an event after `received` into the complaint's row; returns the transition it adds, if any.
    public static func advance(_ row: inout RecoveryRow, _ event: ProjectionEvent) -> Transition? {
        let at = Milestone(ms: event.occurredMs, position: event.position)
        switch event.type {
        case .received, .assigned:
            return nil
        case .acknowledged:
            if row.firstAcknowledged == nil { row.firstAcknowledged = at }
            return nil
        case .compensated:
            if row.firstCompensated == nil { row.firstCompensated = at }
            return nil
        case .followedUp:
            if row.firstFollowedUp == nil { row.firstFollowedUp = at }
            return event.satisfaction.map {
                Transition(
                    complaintID: event.complaintID, position: event.position, kind: .rating, ms: at.ms, value: $0)
            }
        case .closed:
            if row.firstClosed == nil { row.firstClosed = at }
            return Transition(complaintID: event.complaintID, position: event.position, kind: .closed, ms: at.ms)
        case .reopened:
            return Transition(complaintID: event.complaintID, position: event.position, kind: .reopened, ms: at.ms)
        case .paused:
            return Transition(
                complaintID: event.complaintID, position: event.position, kind: .paused, ms: at.ms,
                value: event.pauseReason?.code ?? 0)
        case .resumed:
            return Transition(complaintID: event.complaintID, position: event.position, kind: .resumed, ms: at.ms)
        }
    }
}
