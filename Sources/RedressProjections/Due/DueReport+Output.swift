import Foundation
public import RedressDomain

extension Policy {
    /// `ms` as RFC 3339 with the policy zone's offset at that instant (SPEC 7.3); an instant whose local
    /// time would fall outside the years 0001–9999 that RFC 3339 writes keeps UTC's offset instead.
    public func timestamp(_ ms: Int64) -> Timestamp { ZoneTimes(timezone: timezone).timestamp(ms) }
}

extension DueReport {
    /// SPEC 5's `due` object.
    public func json() -> String {
        let time = ZoneTimes(timezone: timezone).text
        var w = CanonicalJSONWriter(reservingCapacity: 256 + items.count * 320)
        w.raw("{")
        w.key("as_of_position", first: true)
        w.integer(asOfPosition)
        w.key("clock_at")
        w.string(time(clockMs))
        w.key("timezone")
        w.string(timezone)
        w.key("sla_clock")
        w.string(slaClock.rawValue)
        w.key("items")
        w.raw("[")
        for (i, item) in items.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("complaint_id", first: true)
            w.string(item.complaintID)
            w.key("target")
            w.string(item.target.rawValue)
            w.key("owner")
            if let owner = item.owner { w.string(owner) } else { w.raw("null") }
            w.key("channel")
            w.string(item.channel.rawValue)
            w.key("category")
            w.string(item.category.rawValue)
            w.key("severity")
            w.string(item.severity.rawValue)
            w.key("received_at")
            w.string(time(item.receivedMs))
            w.key("elapsed_seconds")
            w.raw(SecondsText.json(milliseconds: item.elapsedMs))
            w.key("remaining_seconds")
            w.raw(SecondsText.json(milliseconds: item.remainingMs))
            w.key("due_at")
            if let due = item.dueAtMs { w.string(time(due)) } else { w.raw("null") }
            w.key("paused")
            w.raw(item.paused ? "true" : "false")
            w.key("pause_reason")
            if let reason = item.pauseReason { w.string(reason.rawValue) } else { w.raw("null") }
            w.raw("}")
        }
        w.raw("]}")
        return w.text
    }

    /// One CSV row per item, the JSON's fields in its order.
    public func csv() -> String {
        let time = ZoneTimes(timezone: timezone).text
        var lines = [
            "complaint_id,target,owner,channel,category,severity,received_at,elapsed_seconds,remaining_seconds,"
                + "due_at,paused,pause_reason"
        ]
        for item in items {
            lines.append(
                CSV.record([
                    CSV.text(item.complaintID), item.target.rawValue, CSV.text(item.owner ?? ""),
                    item.channel.rawValue, item.category.rawValue, item.severity.rawValue, time(item.receivedMs),
                    SecondsText.json(milliseconds: item.elapsedMs), SecondsText.json(milliseconds: item.remainingMs),
                    item.dueAtMs.map(time) ?? "", item.paused ? "true" : "false", item.pauseReason?.rawValue ?? "",
                ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table for a person, at most 100 columns: overdue ones say so, paused ones say why.
    public func table() -> String {
        let local = ZoneTimes(timezone: timezone).local
        let columns: [(Int, Bool)] = [(12, false), (5, false), (14, false), (8, false), (16, false), (13, true)]
        func row(_ cells: [String], _ last: String) -> String {
            let laid = zip(cells, columns).map { cell, column in
                column.1 ? TextWidth.padLeft(cell, column.0) : TextWidth.fit(cell, column.0)
            }
            return (laid + [last]).joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        var out = "Due as of position \(asOfPosition), clock \(local(clockMs)) (\(timezone))\n"
        out += "SLA clock: \(slaClockText)\n"
        let overdue = items.filter { $0.remainingMs < 0 && !$0.paused }.count
        let paused = items.filter(\.paused).count
        out += "\(items.count) pending targets · \(overdue) overdue · \(paused) paused\n\n"
        guard !items.isEmpty else { return out + "nothing due\n" }
        out += row(["complaint", "sla", "owner", "severity", "received", "left"], "due")
        for item in items {
            let left = (item.remainingMs < 0 ? "overdue " : "") + Self.hours(abs(item.remainingMs))
            let due: String
            if item.paused {
                due = "paused (" + (item.pauseReason?.words ?? "paused") + ")"
            } else {
                due = item.dueAtMs.map(local) ?? ""
            }
            out += row(
                [
                    item.complaintID, item.target == .acknowledge ? "ack" : "close", item.owner ?? "—",
                    item.severity.rawValue, local(item.receivedMs), left,
                ], due)
        }
        out += "\n(left: SLA clock time until the target, paused time not counted;\n"
        out += " sla: ack = acknowledge, close = first close)\n"
        return out
    }
}

extension DueReport {
    /// SLA clock time in hours and minutes (`3h 05m`, `41m`, `460h 00m`): a day of working time is not
    /// 24 hours, so whole days would mislead.
    static func hours(_ ms: Int64) -> String {
        let minutes = ms / 60_000
        if minutes < 60 { return "\(minutes)m" }
        let m = minutes % 60
        return "\(minutes / 60)h " + (m < 10 ? "0\(m)" : "\(m)") + "m"
    }
}

extension PauseReason {
    /// In a person's words, short enough for the `due` table: `awaiting customer`, `third party`, `other`.
    public var words: String {
        switch self {
        case .awaitingCustomer: "awaiting customer"
        case .awaitingThirdParty: "third party"
        case .other: "other"
        }
    }
}
