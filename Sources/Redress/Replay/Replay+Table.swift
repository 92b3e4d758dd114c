import RedressDomain
import RedressStore

extension Replay {
    /// Columns of the text timeline: every line fits in this many.
    public static let textWidth = 100

    /// The auditor's text timeline, in at most 100 columns (aligned for Korean text): one row per event
    /// with its position, time, type, actor, the state after it and its hash check, then, indented
    /// under it, what it says and the durations reached so far.
    public func text() -> String {
        let v = VisibleText.render
        let width = Self.textWidth
        func line(_ text: String) -> String { TextWidth.fit(text, width).trimmingTrailingSpaces() + "\n" }
        var out = line(
            "Complaint \(v(complaintID)) — \(steps.count) event(s) as of position \(asOfPosition); "
                + (chainVerifies ? "hash chain verifies" : "HASH CHAIN BROKEN"))
        if case .received(let received)? = steps.first?.event?.data {
            out += line(
                "customer \(v(received.customer)) · \(received.channel.rawValue) · "
                    + "\(received.category.rawValue) · \(received.effectiveSeverity.rawValue)")
        }
        // 3 + 8 + 29 + 12 + 14 + 9 + 14 + 4 columns and 7 spaces between them: 100.
        let header = [
            ("v", 3), ("pos", 8), ("occurred_at", 29), ("type", 12), ("by", 14), ("status", 9), ("owner", 14),
            ("hash", 4),
        ]
        out += header.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        let indent = "    "
        for step in steps {
            let s = step.stored
            let cells: [(String, Int)] = [
                ("\(s.version)", 3), ("\(s.position)", 8), (s.occurredAt.text, 29), (s.type.rawValue, 12),
                (v(s.actor ?? "(customer)"), 14), ("\(step.state.status.rawValue)#\(step.state.cycle)", 9),
                (v(step.state.owner ?? "—"), 14), (step.hashVerifies ? "ok" : "BAD", 4),
            ]
            out += cells.map { TextWidth.fit($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
            let details = v(step.event.map { Self.details($0.data) } ?? "UNREADABLE: \(step.problem ?? "")")
            let durations = step.durations.reached.map {
                "\($0.metric.rawValue) \(DurationText.format(milliseconds: $0.milliseconds))"
            }
            let soFar = durations.isEmpty ? "" : "so far: " + durations.joined(separator: ", ")
            let room = width - indent.count
            if !details.isEmpty, !soFar.isEmpty, TextWidth.of(details) + 3 + TextWidth.of(soFar) <= room {
                out += indent + details + " · " + soFar + "\n"
                continue
            }
            if !details.isEmpty { out += line(indent + details) }
            // The durations, broken between entries where they do not fit on one line.
            var current = ""
            for piece in soFar.isEmpty ? [] : ["so far:"] + durations {
                let next = current.isEmpty ? piece : current + (current == "so far:" ? " " : ", ") + piece
                if !current.isEmpty, TextWidth.of(next) > room {
                    out += indent + current + ",\n"
                    current = piece
                } else {
                    current = next
                }
            }
            if !current.isEmpty { out += indent + current + "\n" }
        }
        return out
    }

    /// The `data` fields a timeline row shows after the type, in a few words.
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
