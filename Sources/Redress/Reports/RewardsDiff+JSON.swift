import RedressDomain
import RedressProjections

extension RewardsDiff {
    /// The SPEC 5 diff object.
    public func json() -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 4096)
        w.raw("{")
        w.key("month", first: true)
        w.string(issued.month)
        w.key("issued_as_of_position")
        w.integer(issued.asOfPosition)
        w.key("issued_statement_sha256")
        w.string(issued.statementSHA256)
        w.key("policy_sha256")
        w.string(issued.policySHA256)
        w.key("head_position")
        w.integer(after.asOfPosition)
        w.key("satisfaction_mean")
        w.raw("{")
        w.key("issued", first: true)
        w.raw(before.satisfactionMeanText)
        w.key("head")
        w.raw(after.satisfactionMeanText)
        w.raw("}")
        w.key("staff")
        w.raw("[")
        for (i, c) in changes.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("staff", first: true)
            w.string(c.staff)
            for (name, value) in [("points", \StaffLine.points), ("amount", \StaffLine.amount)] {
                w.raw(",")
                w.string(name)
                w.raw(":{")
                w.key("issued", first: true)
                w.integer(c.before?[keyPath: value] ?? 0)
                w.key("head")
                w.integer(c.after?[keyPath: value] ?? 0)
                w.key("change")
                w.integer((c.after?[keyPath: value] ?? 0) - (c.before?[keyPath: value] ?? 0))
                w.raw("}")
            }
            w.key("eligible")
            w.raw("{")
            w.key("issued", first: true)
            w.raw(c.before?.eligible == true ? "true" : "false")
            w.key("head")
            w.raw(c.after?.eligible == true ? "true" : "false")
            w.raw("}")
            w.key("surveys")
            w.raw("{")
            w.key("issued", first: true)
            w.integer(c.before?.surveys ?? 0)
            w.key("head")
            w.integer(c.after?.surveys ?? 0)
            w.raw("}")
            w.key("satisfaction_index")
            w.raw("{")
            w.key("issued", first: true)
            w.raw(c.before?.indexText ?? "null")
            w.key("head")
            w.raw(c.after?.indexText ?? "null")
            w.raw("}")
            w.key("late_items")
            RewardItem.writeJSON(c.lateItems, to: &w)
            w.raw("}")
        }
        w.raw("]}")
        return w.text
    }
}
