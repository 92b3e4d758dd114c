import Foundation
import RedressDomain

extension ComplaintsReport {
    /// The `complaints` object of Schemas/complaints.schema.json.
    public func json() -> String {
        let times = ZoneTimes(timezone: timezone)
        var w = CanonicalJSONWriter(reservingCapacity: 512 + items.count * 300)
        w.raw("{")
        w.key("as_of_position", first: true)
        w.integer(asOfPosition)
        w.key("clock_at")
        w.string(times.text(clockMs))
        w.key("timezone")
        w.string(timezone)
        w.key("sla_clock")
        w.string(slaClock.rawValue)
        w.key("filters")
        w.raw("{")
        w.key("open", first: true)
        w.raw(filter.open ? "true" : "false")
        w.key("paused")
        w.raw(filter.paused ? "true" : "false")
        w.key("overdue")
        w.raw(filter.overdue ? "true" : "false")
        w.key("owner")
        if let owner = filter.owner { w.string(owner) } else { w.raw("null") }
        w.key("channel")
        if let channel = filter.channel { w.string(channel.rawValue) } else { w.raw("null") }
        w.key("month")
        if let month = filter.month { w.string(month) } else { w.raw("null") }
        w.raw("}")
        w.key("items")
        w.raw("[")
        for (i, item) in items.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("complaint_id", first: true)
            w.string(item.complaintID)
            w.key("received_at")
            w.string(times.text(item.receivedMs))
            w.key("channel")
            w.string(item.channel.rawValue)
            w.key("category")
            w.string(item.category.rawValue)
            w.key("severity")
            w.string(item.severity.rawValue)
            w.key("owner")
            if let owner = item.owner { w.string(owner) } else { w.raw("null") }
            w.key("state")
            w.string(item.state.rawValue)
            w.key("pause_reason")
            if let reason = item.pauseReason { w.string(reason.rawValue) } else { w.raw("null") }
            w.key("age_seconds")
            w.raw(SecondsText.json(milliseconds: item.ageMs))
            w.key("target")
            if let target = item.target { w.string(target.rawValue) } else { w.raw("null") }
            w.key("remaining_seconds")
            if let remaining = item.remainingMs {
                w.raw(SecondsText.json(milliseconds: remaining))
            } else {
                w.raw("null")
            }
            w.key("overdue")
            w.raw(item.overdue ? "true" : "false")
            w.raw("}")
        }
        w.raw("]}")
        return w.text
    }

    /// One CSV row per complaint, the JSON item's fields in its order (an absent value is an empty cell).
    public func csv() -> String {
        let times = ZoneTimes(timezone: timezone)
        var out =
            "complaint_id,received_at,channel,category,severity,owner,state,pause_reason,age_seconds,target,"
            + "remaining_seconds,overdue\n"
        out.reserveCapacity(out.utf8.count + items.count * 140)
        for item in items {
            out += CSV.record([
                CSV.text(item.complaintID), times.text(item.receivedMs), item.channel.rawValue,
                item.category.rawValue, item.severity.rawValue, CSV.text(item.owner ?? ""), item.state.rawValue,
                item.pauseReason?.rawValue ?? "", SecondsText.json(milliseconds: item.ageMs),
                item.target?.rawValue ?? "", item.remainingMs.map { SecondsText.json(milliseconds: $0) } ?? "",
                item.overdue ? "true" : "false",
            ])
            out += "\n"
        }
        return out
    }

    /// A table for a person, at most 100 columns: one line a complaint, its next SLA target with the
    /// SLA clock time left (negative once overdue).
    public func table() -> String {
        let times = ZoneTimes(timezone: timezone)
        // complaint, received, channel, category, severity, owner, state, age, sla, left (right-aligned).
        let widths = [12, 16, 7, 8, 8, 12, 6, 7, 5, 10]
        func row(_ cells: [String]) -> String {
            let laid = zip(cells, widths).enumerated().map { i, pair in
                let (text, width) = pair
                let right = i == widths.count - 1
                // Printable ASCII that fits (nearly every cell) is padded as it is; the rest is measured.
                if text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                    let padding = String(repeating: " ", count: width - text.utf8.count)
                    return right ? padding + text : text + padding
                }
                return right && TextWidth.of(text) <= width
                    ? TextWidth.padLeft(text, width) : TextWidth.fit(text, width)
            }
            return laid.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        var out = "Complaints as of position \(asOfPosition), clock \(times.local(clockMs)) (\(timezone))\n"
        out += "SLA clock: \(slaClockText)\n"
        let words = filter.words
        if !words.isEmpty { out += "Only: " + words.joined(separator: ", ") + "\n" }
        var counts: [State: Int] = [:]
        for item in items { counts[item.state, default: 0] += 1 }
        let overdue = items.filter(\.overdue).count
        out +=
            "\(items.count) complaint\(items.count == 1 ? "" : "s"): \(counts[.open] ?? 0) open, "
            + "\(counts[.paused] ?? 0) paused, \(counts[.closed] ?? 0) closed · \(overdue) overdue\n\n"
        guard !items.isEmpty else { return out + "no complaints match\n" }
        out += row(["complaint", "received", "channel", "category", "severity", "owner", "state", "age", "sla", "left"])
        for item in items {
            let left = item.remainingMs.map { Self.left($0) } ?? ""
            out += row([
                item.complaintID, times.local(item.receivedMs), item.channel.rawValue, item.category.rawValue,
                item.severity.rawValue, item.owner ?? "—", item.state.rawValue, Self.age(item.ageMs),
                item.target.map { $0 == .acknowledge ? "ack" : "close" } ?? "", left,
            ])
        }
        out += "\n(age: time since received; sla: the next target, ack = acknowledge, close = first close;\n"
        out += " left: SLA clock time until it, paused time not counted, negative once overdue)\n"
        return out
    }

    /// SLA clock time left in hours and minutes (`-47h 00m`, negative once overdue), hours only past 10
    /// columns (`-12345h`): a working day is not 24 hours, so whole days would mislead.
    static func left(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : ""
        let text = sign + DueReport.hours(abs(ms))
        return text.count <= 10 ? text : sign + "\(abs(ms) / 3_600_000)h"
    }

    /// Plain elapsed time in at most 7 columns: `41m`, `5h 03m`, `12d 03h`, `123d`.
    static func age(_ ms: Int64) -> String {
        let minutes = ms / 60_000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 1_440 { return "\(minutes / 60)h \(two(minutes % 60))m" }
        let days = minutes / 1_440
        if days < 100 { return "\(days)d \(two(minutes / 60 % 24))h" }
        return "\(days)d"
    }
}
