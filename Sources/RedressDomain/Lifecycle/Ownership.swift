/// Who owns a complaint (SPEC 1.3): the one definition the decider, the replay and the rewards share.
public enum Ownership {
    /// The `to` of the latest `assigned` up to that moment or, when there is none, the `actor` of the
    /// first `acknowledged`.
    public static func owner(latestAssignee: String?, firstAcknowledgedBy: String?) -> String? {
        latestAssignee ?? firstAcknowledgedBy
    }
}
