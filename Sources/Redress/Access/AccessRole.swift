/// What a service token may do (SPEC-adjacent: the service's own contract, `Schemas/openapi.yaml`).
public enum AccessRole: String, Sendable, CaseIterable, Hashable {
    /// A channel's intake: posts events, for its channel only when the token names one; never a
    /// `paused`, and a `resumed` only without an actor (the customer's reply).
    case intake
    /// A staff member: posts events whose `actor` is the token's own staff id (its own pauses included).
    case staff
    /// Reads complaints, the feed, metrics, rewards and diffs; runs verify.
    case auditor
    /// Reads metrics and rewards, issues statements, reads diffs.
    case payroll
    /// Everything.
    case admin

    /// Whether the role may post events at all (which events is decided per event).
    public var mayPostEvents: Bool { self == .intake || self == .staff || self == .admin }
    /// Whether the role may read complaints, their events, the global feed and verify.
    public var mayAudit: Bool { self == .auditor || self == .admin }
    /// Whether the role may read the month's metrics and the due list (every role but intake).
    public var mayReadMetrics: Bool { self != .intake }
    /// Whether the role may read reward statements and diffs.
    public var mayReadRewards: Bool { self == .payroll || self == .auditor || self == .admin }
    /// Whether the role may issue a month's statement.
    public var mayIssueRewards: Bool { self == .payroll || self == .admin }
}
