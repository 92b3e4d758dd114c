public import RedressDomain

extension RewardStatement {
    /// The SPEC 5 JSON object.
    public func json() -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 16_384)
        w.beginMonthReport(month: month, timezone: timezone, asOfPosition: asOfPosition)
        w.key("currency")
        w.string(currency)
        w.key("policy_sha256")
        w.string(policySHA256)
        w.key("surveys")
        w.integer(surveys)
        w.key("satisfaction_mean")
        w.raw(Self.mean(ratingSum, surveys))
        w.key("staff")
        w.raw("[")
        for (i, line) in staff.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("staff", first: true)
            w.string(line.staff)
            w.key("points")
            w.integer(line.points)
            w.key("amount")
            w.integer(line.amount)
            w.key("eligible")
            w.raw(line.eligible ? "true" : "false")
            w.key("surveys")
            w.integer(line.surveys)
            w.key("satisfaction_mean")
            w.raw(Self.mean(line.ratingSum, line.surveys))
            w.key("satisfaction_index")
            w.raw(line.indexText ?? "null")
            w.key("items")
            RewardItem.writeJSON(line.items, to: &w)
            w.raw("}")
        }
        w.raw("]}")
        return w.text
    }
}

extension RewardItem {
    /// Writes `[{position, event_id, complaint_id, rule, points}, …]` (SPEC 5).
    public static func writeJSON(_ items: [RewardItem], to w: inout CanonicalJSONWriter) {
        w.raw("[")
        for (k, item) in items.enumerated() {
            if k > 0 { w.raw(",") }
            w.raw("{")
            w.key("position", first: true)
            w.integer(item.position)
            w.key("event_id")
            w.string(item.eventID)
            w.key("complaint_id")
            w.string(item.complaintID)
            w.key("rule")
            w.string(item.rule.rawValue)
            w.key("points")
            w.integer(item.points)
            w.raw("}")
        }
        w.raw("]")
    }
}
