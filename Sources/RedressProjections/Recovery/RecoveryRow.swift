public import RedressDomain

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
