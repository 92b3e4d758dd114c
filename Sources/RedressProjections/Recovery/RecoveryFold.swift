import RedressDomain
import RedressStore

/// A milestone and the ledger position at which it was reached.
public struct Milestone: Sendable, Equatable {
    public var ms: Int64
    public var position: Int64
    public init(ms: Int64, position: Int64) {
        self.ms = ms
        self.position = position
    }
}

/// The `recovery` projection's row per complaint: when it was received and when each
/// first milestone was reached, with its position (so any as-of position can be answered).
public struct RecoveryRow: Sendable, Equatable {
    public var complaintID: String
    public var received: Milestone
    public var channel: Channel
    public var category: Category
    public var severity: Severity
    public var firstAcknowledged: Milestone?
    public var firstCompensated: Milestone?
    public var firstClosed: Milestone?
    public var firstFollowedUp: Milestone?

    public init(
        complaintID: String, received: Milestone, channel: Channel, category: Category, severity: Severity,
        firstAcknowledged: Milestone? = nil, firstCompensated: Milestone? = nil, firstClosed: Milestone? = nil,
        firstFollowedUp: Milestone? = nil
    ) {
        self.complaintID = complaintID
        self.received = received
        self.channel = channel
        self.category = category
        self.severity = severity
        self.firstAcknowledged = firstAcknowledged
        self.firstCompensated = firstCompensated
        self.firstClosed = firstClosed
        self.firstFollowedUp = firstFollowedUp
    }
}

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

/// The `recovery` fold's state in a fold cache: a complaint's row and the transitions it gained
/// that are not written yet (written with the row when it leaves the cache, in key order).
public struct RecoveryState: Sendable, Equatable {
    public var row: RecoveryRow
    public var unwritten: [Transition] = []

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
