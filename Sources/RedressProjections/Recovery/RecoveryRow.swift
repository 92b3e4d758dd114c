public import RedressDomain

/// The `recovery` projection's row per complaint: when it was received and when each
/// first milestone was reached, with its position (so any as-of position can be answered).
public struct RecoveryRow: Sendable, Equatable {
    /// The complaint (its stream); the row's key.
    public var complaintID: String
    /// Its `received` event.
    public var received: Milestone
    /// From its `received` event.
    public var channel: Channel
    /// From its `received` event.
    public var category: Category
    /// Its effective severity, from its `received` event (`medium` when none was given).
    public var severity: Severity
    /// The first `acknowledged` event in position order; `nil` until there is one.
    public var firstAcknowledged: Milestone?
    /// The first `compensated` event in position order; `nil` until there is one.
    public var firstCompensated: Milestone?
    /// The first `closed` event in position order, even if the complaint was reopened since; `nil` until there is one.
    public var firstClosed: Milestone?
    /// The first `followed-up` event in position order (rated or not); `nil` until there is one.
    public var firstFollowedUp: Milestone?

    /// A row of the given fields, unchecked; the milestones not given are not reached.
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
