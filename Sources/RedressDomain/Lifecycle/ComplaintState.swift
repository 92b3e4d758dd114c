/// Where a complaint stands in its lifecycle.
public enum ComplaintStatus: String, Sendable, Equatable {
    /// No `received` event yet: the stream does not exist.
    case none
    case open
    case closed
}

/// Everything the lifecycle rules and an auditor need to know about one complaint,
/// folded from its events by `Decider.evolve(_:_:)`.
public struct ComplaintState: Sendable, Equatable {
    /// Events in the stream so far (0: the stream does not exist).
    public var version = 0
    public var status = ComplaintStatus.none
    /// 1 from `received`, one more for every `reopened`.
    public var cycle = 0
    public var acknowledgedInCycle = false
    /// From a `paused` until the next `resumed` or `closed` (SPEC 1.3).
    public var paused = false
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
    public var owner: String? {
        Ownership.owner(latestAssignee: latestAssignee, firstAcknowledgedBy: firstAcknowledgedBy)
    }
}
