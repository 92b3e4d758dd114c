/// Where a complaint stands in its lifecycle.
public enum ComplaintStatus: String, Sendable, Equatable {
    /// No `received` event yet: the stream does not exist.
    case none
    /// A `received` event opened the stream and no `closed` came after it (or a `reopened` did).
    case open
    /// The latest lifecycle event was `closed`.
    case closed
}

/// Everything the lifecycle rules and an auditor need to know about one complaint,
/// folded from its events by `Decider.evolve(_:_:)`.
public struct ComplaintState: Sendable, Equatable {
    /// Events in the stream so far (0: the stream does not exist).
    public var version = 0
    /// Where the complaint stands: ``ComplaintStatus/none`` until `received`.
    public var status = ComplaintStatus.none
    /// 1 from `received`, one more for every `reopened`.
    public var cycle = 0
    /// Whether the current cycle has its `acknowledged` (a `reopened` clears it).
    public var acknowledgedInCycle = false
    /// From a `paused` until the next `resumed` or `closed` (SPEC 1.3).
    public var paused = false
    /// The `occurred_at` of the stream's latest event: no later event may be earlier.
    public var latestOccurredAt: Timestamp?

    /// When the complaint was received; `nil` until then.
    public var receivedAt: Timestamp?
    /// The first `acknowledged` in any cycle; a reopen does not reset it.
    public var firstAcknowledgedAt: Timestamp?
    /// The actor of the first `acknowledged`: the owner while nobody is assigned.
    public var firstAcknowledgedBy: String?
    /// The `to` of the latest `assigned`.
    public var latestAssignee: String?
    /// The first `compensated`, in any cycle.
    public var firstCompensatedAt: Timestamp?
    /// The first `closed`, in any cycle.
    public var firstClosedAt: Timestamp?
    /// The latest `closed`, kept after a reopen.
    public var latestClosedAt: Timestamp?
    /// The first `followed-up`, in any cycle.
    public var firstFollowedUpAt: Timestamp?
    /// The latest non-null satisfaction rating.
    public var latestSatisfaction: Int?
    /// How many `reopened` events the stream has.
    public var reopens = 0

    /// The state of a stream that does not exist: version 0, status ``ComplaintStatus/none``.
    public init() {}

    /// Acknowledged at least once, in any cycle.
    public var everAcknowledged: Bool { firstAcknowledgedAt != nil }

    /// The owner (SPEC 1.3): see ``Ownership``.
    public var owner: String? {
        Ownership.owner(latestAssignee: latestAssignee, firstAcknowledgedBy: firstAcknowledgedBy)
    }
}
