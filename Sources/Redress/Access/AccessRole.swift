/// What a service token may do (SPEC-adjacent: the service's own contract, `Schemas/openapi.yaml`).
public enum AccessRole: String, Sendable, CaseIterable, Hashable {
    /// A channel's intake: posts only what a customer or a channel originates — `received`, `resumed`,
    /// `reopened`, without an actor — for its channel only when the token names one.
    case intake
    /// A staff member: posts events of any type whose `actor` is the token's own staff id.
    case staff
    /// Reads complaints, the feed, metrics, rewards and diffs; runs verify.
    case auditor
    /// Reads metrics and rewards, issues statements, reads diffs.
    case payroll
    /// Everything.
    case admin

    /// Whether the role may post events at all (which ones: ``postableTypes`` and the actor rules of
    /// ``AccessToken/refusal(toPost:channel:)``).
    public var mayPostEvents: Bool { !postableTypes.isEmpty }
    /// Whether the role may read complaints, their events, the global feed and verify.
    public var mayAudit: Bool { self == .auditor || self == .admin }
    /// Whether the role may read the month's metrics and the due list (every role but intake).
    public var mayReadMetrics: Bool { self != .intake }
    /// Whether the role may read reward statements, their diffs and the month-end page, which carries the
    /// statement: payroll, auditor and admin.
    public var mayReadRewards: Bool { self == .payroll || self == .auditor || self == .admin }
    /// Whether the role may issue a month's statement.
    public var mayIssueRewards: Bool { self == .payroll || self == .admin }
}
