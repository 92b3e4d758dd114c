import RedressDomain
import RedressStore

extension Replay {
    /// The auditor's text timeline: one row per event, columns aligned for Korean text.
    public func text() -> String {
        let v = VisibleText.render
        var out = "Complaint \(v(complaintID)) — \(steps.count) event(s) as of position \(asOfPosition); "
        out += chainVerifies ? "hash chain verifies\n" : "HASH CHAIN BROKEN\n"
        if case .received(let received)? = steps.first?.event?.data {
            out +=
                "customer \(v(received.customer)) · \(received.channel.rawValue) · "
                + "\(received.category.rawValue) · \(received.effectiveSeverity.rawValue)\n"
        }
        let header = [
            ("v", 3), ("pos", 8), ("occurred_at", 29), ("type", 12), ("by", 14), ("details", 36),
            ("status", 9), ("owner", 14), ("hash", 4),
        ]
        out += header.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ") + "  so far\n"
        for step in steps {
            let s = step.stored
            let cells: [(String, Int)] = [
                ("\(s.version)", 3), ("\(s.position)", 8), (s.occurredAt.text, 29), (s.type.rawValue, 12),
                (v(s.actor ?? "(customer)"), 14),
                (v(step.event.map { Self.details($0.data) } ?? "UNREADABLE: \(step.problem ?? "")"), 36),
                ("\(step.state.status.rawValue)#\(step.state.cycle)", 9), (v(step.state.owner ?? "—"), 14),
                (step.hashVerifies ? "ok" : "BAD", 4),
            ]
            let durations = step.durations.reached.map {
                "\($0.metric.rawValue) \(DurationText.format(milliseconds: $0.milliseconds))"
            }
            out +=
                cells.map { TextWidth.fit($0.0, $0.1) }.joined(separator: " ") + "  "
                + durations.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func details(_ data: EventData) -> String {
        switch data {
        case .received(let r):
            return [r.summary, r.remedySought.map { "wants: \($0)" }].compactMap { $0 }.joined(separator: " · ")
        case .acknowledged(let note): return note ?? ""
        case .assigned(let to): return "→ \(to)"
        case .compensated(let c):
            return "\(c.kind.rawValue) \(c.amount.text) \(c.currency)" + (c.note.map { " · \($0)" } ?? "")
        case .followedUp(let satisfaction, let comment):
            return (satisfaction.map { "rated \($0)/5" } ?? "no rating") + (comment.map { " · \($0)" } ?? "")
        case .closed(let resolution, let rootCause): return resolution.rawValue + (rootCause.map { " · \($0)" } ?? "")
        case .reopened(let reason): return reason ?? ""
        case .paused(let reason, let note): return reason.rawValue + (note.map { " · \($0)" } ?? "")
        case .resumed(let note): return note ?? ""
        }
    }
}
