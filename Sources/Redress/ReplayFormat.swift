import RedressDomain
import RedressStore

extension Replay {
    /// The auditor's text timeline: one row per event, columns aligned for Korean text.
    public func text() -> String {
        let v = VisibleText.render
        var out = "Complaint \(v(complaintID)) — \(steps.count) event(s) as of position \(asOfPosition); "
        out += chainVerifies ? "hash chain verifies\n" : "HASH CHAIN BROKEN\n"
        if case let .received(received)? = steps.first?.event?.data {
            out += "customer \(v(received.customer)) · \(received.channel.rawValue) · \(received.category.rawValue) · \(received.effectiveSeverity.rawValue)\n"
        }
        let header = [("v", 3), ("pos", 8), ("occurred_at", 29), ("type", 12), ("by", 14), ("details", 36),
                      ("status", 9), ("owner", 14), ("hash", 4)]
        out += header.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ") + "  so far\n"
        for step in steps {
            let s = step.stored
            let cells: [(String, Int)] = [
                ("\(s.version)", 3), ("\(s.position)", 8), (s.occurredAt.text, 29), (s.type.rawValue, 12),
                (v(s.actor ?? "(customer)"), 14), (v(step.event.map { Self.details($0.data) } ?? "UNREADABLE: \(step.problem ?? "")"), 36),
                ("\(step.state.status.rawValue)#\(step.state.cycle)", 9), (v(step.state.owner ?? "—"), 14),
                (step.hashVerifies ? "ok" : "BAD", 4),
            ]
            let durations = step.durations.reached.map { "\($0.metric.rawValue) \(DurationText.format(milliseconds: $0.milliseconds))" }
            out += cells.map { TextWidth.fit($0.0, $0.1) }.joined(separator: " ") + "  " + durations.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func details(_ data: EventData) -> String {
        switch data {
        case let .received(r): return [r.summary, r.remedySought.map { "wants: \($0)" }].compactMap { $0 }.joined(separator: " · ")
        case let .acknowledged(note): return note ?? ""
        case let .assigned(to): return "→ \(to)"
        case let .compensated(c): return "\(c.kind.rawValue) \(c.amount.text) \(c.currency)" + (c.note.map { " · \($0)" } ?? "")
        case let .followedUp(satisfaction, comment):
            return (satisfaction.map { "rated \($0)/5" } ?? "no rating") + (comment.map { " · \($0)" } ?? "")
        case let .closed(resolution, rootCause): return resolution.rawValue + (rootCause.map { " · \($0)" } ?? "")
        case let .reopened(reason): return reason ?? ""
        }
    }

    /// The timeline as one JSON object (keys in a fixed order).
    public func json() -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 4096)
        w.raw("{")
        w.key("complaint_id", first: true); w.string(complaintID)
        w.key("as_of_position"); w.integer(asOfPosition)
        w.key("chain_verifies"); w.raw(chainVerifies ? "true" : "false")
        w.key("events"); w.raw("[")
        for (i, step) in steps.enumerated() {
            if i > 0 { w.raw(",") }
            let s = step.stored
            w.raw("{")
            w.key("position", first: true); w.integer(s.position)
            w.key("version"); w.integer(s.version)
            w.key("event_id"); w.string(s.eventID.description)
            w.key("type"); w.string(s.type.rawValue)
            w.key("occurred_at"); w.string(s.occurredAt.text)
            w.key("recorded_at"); w.string(s.recordedAt.utcMillisecondText)
            w.key("actor"); if let actor = s.actor { w.string(actor) } else { w.raw("null") }
            // A row whose data no longer decodes is shown as the raw text it holds, never spliced in.
            w.key("data"); if step.problem == nil { w.raw(s.dataJSON) } else { w.string(s.dataJSON) }
            w.key("hash"); w.string(s.hashHex)
            w.key("hash_verifies"); w.raw(step.hashVerifies ? "true" : "false")
            if let problem = step.problem { w.key("problem"); w.string(problem) }
            let state = step.state
            w.key("state"); w.raw("{")
            w.key("status", first: true); w.string(state.status.rawValue)
            w.key("cycle"); w.integer(state.cycle)
            w.key("acknowledged_in_cycle"); w.raw(state.acknowledgedInCycle ? "true" : "false")
            w.key("owner"); if let owner = state.owner { w.string(owner) } else { w.raw("null") }
            w.key("reopens"); w.integer(state.reopens)
            w.key("satisfaction"); if let rating = state.latestSatisfaction { w.integer(rating) } else { w.raw("null") }
            w.raw("}")
            w.key("durations_seconds"); w.raw("{")
            for (k, reached) in step.durations.reached.enumerated() {
                if k > 0 { w.raw(",") }
                w.string(reached.metric.rawValue); w.raw(":"); w.raw(SecondsText.json(milliseconds: reached.milliseconds))
            }
            w.raw("}}")
        }
        w.raw("]}")
        return w.text
    }
}
