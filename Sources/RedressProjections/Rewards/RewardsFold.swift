public import RedressDomain
import RedressStore

/// The reward rules of SPEC 3, by their names in statements.
public enum RewardRule: String, Sendable, CaseIterable {
    case closedResolved = "closed_resolved"
    case acknowledgedWithinSLA = "acknowledged_within_sla"
    case satisfaction
    case reopenedClawback = "reopened_clawback"

    /// The rule's number in a read model that stores it compactly (SQLite's candidate rows): one byte
    /// where the name takes up to 23. Stored, so a rule keeps its number for good.
    public var code: Int64 {
        switch self {
        case .closedResolved: 1
        case .acknowledgedWithinSLA: 2
        case .satisfaction: 3
        case .reopenedClawback: 4
        }
    }

    /// The rule stored as `code`, if any.
    public init?(code: Int64) {
        guard let rule = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = rule
    }
}

/// An event that earns a credit under some policy: who would be credited, and the
/// policy-independent fact the points depend on. Candidates never change once written:
/// everything they depend on comes earlier in the complaint's stream.
public struct RewardCandidate: Sendable, Equatable {
    /// The crediting event's ledger position.
    public var position: Int64
    /// The crediting event.
    public var eventID: EventID
    /// The complaint it belongs to.
    public var complaintID: String
    /// The rule the event may earn a credit under; the policy decides the points, and whether any.
    public var rule: RewardRule
    /// Who would be credited: the owner at the event; for `acknowledged_within_sla` the first
    /// acknowledger, for `reopened_clawback` the one the close before credited.
    public var staff: String
    /// When the crediting event occurred (it decides the month).
    public var occurredMs: Int64
    /// `acknowledged_within_sla`: milliseconds from received; `satisfaction`: the rating;
    /// `reopened_clawback`: milliseconds since the close before the reopen; otherwise 0.
    public var value: Int64

    /// Takes the fields as given; checks nothing.
    public init(
        position: Int64, eventID: EventID, complaintID: String, rule: RewardRule, staff: String, occurredMs: Int64,
        value: Int64
    ) {
        self.position = position
        self.eventID = eventID
        self.complaintID = complaintID
        self.rule = rule
        self.staff = staff
        self.occurredMs = occurredMs
        self.value = value
    }
}

/// What the `rewards` fold remembers per complaint.
public struct RewardsStreamState: Sendable, Equatable {
    /// When the complaint was received (epoch ms).
    public var receivedMs: Int64
    /// The actor of the first `acknowledged`, in any cycle.
    public var firstAcknowledgedBy: String?
    /// The `to` of the latest `assigned`.
    public var latestAssignee: String?
    /// A rated follow-up has already been credited in the current cycle.
    public var cycleRated = false
    /// The latest close: when, and whom its `closed_resolved` credit went to (nil: it earned none).
    public var lastCloseMs: Int64?
    /// The staff member credited `closed_resolved` for the latest close; `nil` when it earned none.
    public var lastCloseCredited: String?

    /// Takes the fields as given; checks nothing.
    public init(
        receivedMs: Int64, firstAcknowledgedBy: String? = nil, latestAssignee: String? = nil, cycleRated: Bool = false,
        lastCloseMs: Int64? = nil, lastCloseCredited: String? = nil
    ) {
        self.receivedMs = receivedMs
        self.firstAcknowledgedBy = firstAcknowledgedBy
        self.latestAssignee = latestAssignee
        self.cycleRated = cycleRated
        self.lastCloseMs = lastCloseMs
        self.lastCloseCredited = lastCloseCredited
    }

    /// SPEC 1.3: see `Ownership`.
    public var owner: String? {
        Ownership.owner(latestAssignee: latestAssignee, firstAcknowledgedBy: firstAcknowledgedBy)
    }
}

/// The `rewards` fold: pure, one event at a time.
public enum RewardsFold {
    /// The state after `events` (one complaint's, in stream order).
    public static func state(after events: [ProjectionEvent]) -> RewardsStreamState? {
        var state: RewardsStreamState?
        for event in events { _ = apply(&state, event) }
        return state
    }

    /// Folds `event` into the complaint's state; returns the credit candidate it makes, if any.
    public static func apply(_ state: inout RewardsStreamState?, _ event: ProjectionEvent) -> RewardCandidate? {
        if event.type == .received {
            state = RewardsStreamState(receivedMs: event.occurredMs)
            return nil
        }
        // Mutated through the optional chain: in place, never copied out and back.
        return state?.advance(event) ?? nil
    }
}

extension RewardsStreamState {
    /// Folds an event after `received` into the state; returns the credit candidate it makes, if any.
    mutating func advance(_ event: ProjectionEvent) -> RewardCandidate? {
        let ms = event.occurredMs
        func candidate(_ rule: RewardRule, _ staff: String?, _ value: Int64 = 0) -> RewardCandidate? {
            guard let staff else { return nil }
            return RewardCandidate(
                position: event.position, eventID: event.eventID, complaintID: event.complaintID,
                rule: rule, staff: staff, occurredMs: ms, value: value)
        }
        switch event.type {
        case .received, .compensated, .paused, .resumed:
            return nil
        case .acknowledged:
            guard firstAcknowledgedBy == nil else { return nil }
            firstAcknowledgedBy = event.actor
            return candidate(.acknowledgedWithinSLA, event.actor, ms - receivedMs)
        case .assigned:
            latestAssignee = event.assignedTo
            return nil
        case .followedUp:
            guard let satisfaction = event.satisfaction, !cycleRated else { return nil }
            cycleRated = true
            return candidate(.satisfaction, owner, Int64(satisfaction))
        case .closed:
            let resolved = event.resolution?.countsAsResolved == true
            lastCloseMs = ms
            lastCloseCredited = resolved ? owner : nil
            return resolved ? candidate(.closedResolved, owner) : nil
        case .reopened:
            cycleRated = false
            guard let closeMs = lastCloseMs, let credited = lastCloseCredited else { return nil }
            return candidate(.reopenedClawback, credited, ms - closeMs)
        }
    }
}
