/// Where a complaint stands in its lifecycle.
public enum ComplaintStatus: String, Sendable, Equatable {
    /// No `received` event yet: the stream does not exist.
    case none
    case open
    case closed
}

/// Everything the lifecycle rules and an auditor need to know about one complaint,
/// folded from its events by ``Decider/evolve(_:_:)``.
public struct ComplaintState: Sendable, Equatable {
    /// Events in the stream so far (0: the stream does not exist).
    public var version = 0
    public var status = ComplaintStatus.none
    /// 1 from `received`, one more for every `reopened`.
    public var cycle = 0
    public var acknowledgedInCycle = false
    public var latestOccurredAt: Timestamp?

    public var receivedAt: Timestamp?
    public var firstAcknowledgedAt: Timestamp?
    public var firstAcknowledgedBy: String?
    public var latestAssignee: String?
    public var firstCompensatedAt: Timestamp?
    public var firstClosedAt: Timestamp?
    public var latestClosedAt: Timestamp?
    public var firstFollowedUpAt: Timestamp?
    /// The latest non-null satisfaction rating.
    public var latestSatisfaction: Int?
    public var reopens = 0

    public init() {}

    /// Acknowledged at least once, in any cycle.
    public var everAcknowledged: Bool { firstAcknowledgedAt != nil }

    /// The owner (SPEC 1.3): see ``Ownership``.
    public var owner: String? { Ownership.owner(latestAssignee: latestAssignee, firstAcknowledgedBy: firstAcknowledgedBy) }
}

/// A lifecycle rule of SPEC 1.3, by a stable name that error messages and tests use.
public enum LifecycleRule: String, Sendable, Equatable {
    case receivedFirst = "received-only-first"
    case streamExists = "needs-received"
    case mustBeOpen = "must-be-open"
    case acknowledgeOncePerCycle = "acknowledge-once-per-cycle"
    case needsAcknowledgement = "needs-acknowledgement"
    case reopenNeedsClosed = "reopen-needs-closed"
    case timeNeverGoesBackwards = "time-never-goes-backwards"
    case expectedVersion = "expected-version"
}

/// A rejected command: the rule it broke and a sentence saying how.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let rule: LifecycleRule
    public let message: String

    public init(_ rule: LifecycleRule, _ message: String) { self.rule = rule; self.message = message }

    /// Whether this is an optimistic-concurrency conflict rather than a lifecycle rule.
    public var isConflict: Bool { rule == .expectedVersion }

    public var description: String { "\(message) [rule \(rule.rawValue)]" }
}

/// Record one event in a complaint's stream, optionally only at a given version.
public struct RecordCommand: Sendable, Equatable {
    public var event: ComplaintEvent
    /// The stream's version before this event; a mismatch is a conflict.
    public var expectedVersion: Int?

    public init(event: ComplaintEvent, expectedVersion: Int? = nil) {
        self.event = event; self.expectedVersion = expectedVersion
    }
}

/// The pure lifecycle core: no I/O, no clock. The rules of SPEC 1.3 live here and only here.
public enum Decider {
    /// Decides whether `command` may happen in `state`; returns the events it produces.
    public static func decide(_ command: RecordCommand, _ state: ComplaintState) -> Result<[ComplaintEvent], RuleViolation> {
        if let violation = violation(of: command, in: state) { return .failure(violation) }
        return .success([command.event])
    }

    /// The first rule `command` breaks in `state`, or `nil` when it may happen.
    public static func violation(of command: RecordCommand, in state: ComplaintState) -> RuleViolation? {
        let event = command.event
        if let expected = command.expectedVersion, expected != state.version {
            return RuleViolation(.expectedVersion, "expected version \(expected) but the stream is at version \(state.version)")
        }
        let type = event.type
        if type == .received {
            guard state.status == .none else {
                return RuleViolation(.receivedFirst, "received may only be the first event of a stream; this complaint already has \(state.version) event(s)")
            }
            return nil
        }
        guard state.status != .none else {
            return RuleViolation(.streamExists, "\(type.rawValue) needs an existing complaint, but there is no received event for it")
        }
        if let latest = state.latestOccurredAt, event.occurredAt < latest {
            return RuleViolation(.timeNeverGoesBackwards, "occurred_at \(event.occurredAt) is earlier than the stream's latest event at \(latest)")
        }
        switch type {
        case .received:
            return nil
        case .acknowledged:
            if state.status != .open { return mustBeOpen(type) }
            if state.acknowledgedInCycle {
                return RuleViolation(.acknowledgeOncePerCycle, "acknowledged twice in cycle \(state.cycle): it was already acknowledged")
            }
        case .assigned:
            if state.status != .open { return mustBeOpen(type) }
        case .compensated, .closed:
            if state.status != .open { return mustBeOpen(type) }
            if !state.everAcknowledged { return needsAcknowledgement(type) }
        case .followedUp:
            if !state.everAcknowledged { return needsAcknowledgement(type) }
        case .reopened:
            if state.status != .closed {
                return RuleViolation(.reopenNeedsClosed, "reopened needs a closed complaint, but it is open")
            }
        }
        return nil
    }

    private static func mustBeOpen(_ type: EventType) -> RuleViolation {
        RuleViolation(.mustBeOpen, "\(type.rawValue) needs an open complaint, but it is closed")
    }

    private static func needsAcknowledgement(_ type: EventType) -> RuleViolation {
        RuleViolation(.needsAcknowledgement, "\(type.rawValue) needs the complaint to have been acknowledged at least once")
    }

    /// Folds one event into the state. Assumes the event was accepted by ``decide(_:_:)``.
    public static func evolve(_ state: ComplaintState, _ event: ComplaintEvent) -> ComplaintState {
        var s = state
        evolve(&s, event)
        return s
    }

    /// In-place form of ``evolve(_:_:)``, for folding long streams.
    public static func evolve(_ s: inout ComplaintState, _ event: ComplaintEvent) {
        s.version += 1
        s.latestOccurredAt = event.occurredAt
        let at = event.occurredAt
        switch event.data {
        case .received:
            s.status = .open
            s.cycle = 1
            s.receivedAt = at
        case .acknowledged:
            s.acknowledgedInCycle = true
            if s.firstAcknowledgedAt == nil {
                s.firstAcknowledgedAt = at
                s.firstAcknowledgedBy = event.actor
            }
        case let .assigned(to):
            s.latestAssignee = to
        case .compensated:
            if s.firstCompensatedAt == nil { s.firstCompensatedAt = at }
        case let .followedUp(satisfaction, _):
            if s.firstFollowedUpAt == nil { s.firstFollowedUpAt = at }
            if let satisfaction { s.latestSatisfaction = satisfaction }
        case .closed:
            s.status = .closed
            if s.firstClosedAt == nil { s.firstClosedAt = at }
            s.latestClosedAt = at
        case .reopened:
            s.status = .open
            s.cycle += 1
            s.reopens += 1
            s.acknowledgedInCycle = false
        }
    }

    /// The state after all of `events`, in order.
    public static func fold(_ events: some Sequence<ComplaintEvent>) -> ComplaintState {
        var state = ComplaintState()
        for event in events { evolve(&state, event) }
        return state
    }
}
