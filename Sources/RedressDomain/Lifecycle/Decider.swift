/// The pure lifecycle core: no I/O, no clock. The rules of SPEC 1.3 live here and only here.
public enum Decider {
    /// Decides whether `command` may happen in `state`; returns the events it produces.
    public static func decide(_ command: RecordCommand, _ state: ComplaintState) -> Result<
        [ComplaintEvent], RuleViolation
    > {
        if let violation = violation(of: command, in: state) { return .failure(violation) }
        return .success([command.event])
    }

    /// The first rule `command` breaks in `state`, or `nil` when it may happen.
    public static func violation(of command: RecordCommand, in state: ComplaintState) -> RuleViolation? {
        let event = command.event
        // Checked first: a command written against a stale version is a conflict, whatever rule it would
        // break at the stream's actual version, so a client learns first that it must read again.
        if let expected = command.expectedVersion, expected != state.version {
            return RuleViolation(
                .expectedVersion, "expected version \(expected) but the stream is at version \(state.version)")
        }
        let type = event.type
        if type == .received {
            guard state.status == .none else {
                return RuleViolation(
                    .receivedFirst,
                    "received may only be the first event of a stream; "
                        + "this complaint already has \(state.version) event(s)"
                )
            }
            return nil
        }
        guard state.status != .none else {
            return RuleViolation(
                .streamExists, "\(type.rawValue) needs an existing complaint, but there is no received event for it")
        }
        // The time before the type's rules: an event dated before the stream's latest is refused as such,
        // even where its type is refused too.
        if let latest = state.latestOccurredAt, event.occurredAt < latest {
            return RuleViolation(
                .timeNeverGoesBackwards,
                "occurred_at \(event.occurredAt) is earlier than the stream's latest event at \(latest)")
        }
        switch type {
        case .received:
            return nil
        case .acknowledged:
            if state.status != .open { return mustBeOpen(type) }
            if state.acknowledgedInCycle {
                return RuleViolation(
                    .acknowledgeOncePerCycle, "acknowledged twice in cycle \(state.cycle): it was already acknowledged")
            }
        case .assigned:
            if state.status != .open { return mustBeOpen(type) }
        case .compensated, .closed:
            if state.status != .open { return mustBeOpen(type) }
            if !state.everAcknowledged { return needsAcknowledgement(type) }
        case .followedUp:
            if !state.everAcknowledged { return needsAcknowledgement(type) }
        case .paused:
            if state.status != .open { return mustBeOpen(type) }
            if !state.everAcknowledged { return needsAcknowledgement(type) }
            if state.paused {
                return RuleViolation(
                    .pauseOnceAtATime, "paused needs a running clock, but the complaint is already paused")
            }
        case .resumed:
            if !state.paused {
                return RuleViolation(.resumeNeedsPaused, "resumed needs a paused complaint, but it is not paused")
            }
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
        RuleViolation(
            .needsAcknowledgement, "\(type.rawValue) needs the complaint to have been acknowledged at least once")
    }

    /// Folds one event into the state, in place (no copy, for folding long streams). Assumes the event
    /// was accepted by ``decide(_:_:)``.
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
        case .assigned(let to):
            s.latestAssignee = to
        case .compensated:
            if s.firstCompensatedAt == nil { s.firstCompensatedAt = at }
        case .followedUp(let satisfaction, _):
            if s.firstFollowedUpAt == nil { s.firstFollowedUpAt = at }
            if let satisfaction { s.latestSatisfaction = satisfaction }
        case .paused:
            s.paused = true
        case .resumed:
            s.paused = false
        case .closed:
            s.status = .closed
            s.paused = false
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
