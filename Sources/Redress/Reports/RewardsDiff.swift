import RedressDomain
public import RedressProjections

/// What late events would change in an issued statement, per staff member.
public struct RewardsDiff: Sendable {
    /// The statement as `rewards issue` recorded it (month, as-of position, policy, digest).
    public var issued: IssuedStatement
    /// The issued statement, recomputed (its digest checked).
    public var before: RewardStatement
    /// The same month and policy at the head.
    public var after: RewardStatement

    /// One staff member's line before and after the late events.
    public struct Change: Sendable {
        /// The staff id.
        public var staff: String
        /// The member's line in the issued statement; `nil` when the member had none.
        public var before: StaffLine?
        /// The member's line at the head; `nil` when late events leave the member with none.
        public var after: StaffLine?
        /// Credits from events recorded after the issued as-of position.
        public var lateItems: [RewardItem]
    }

    /// Staff whose line differs, sorted by id.
    public var changes: [Change] {
        let ids = Set(before.staff.map(\.staff)).union(after.staff.map(\.staff)).sorted(by: StaffOrder.precedes)
        return ids.compactMap { id in
            let b = before.staff.first { $0.staff == id }
            let a = after.staff.first { $0.staff == id }
            guard b != a else { return nil }
            return Change(
                staff: id, before: b, after: a, lateItems: (a?.items ?? []).filter { $0.position > issued.asOfPosition }
            )
        }
    }
}
