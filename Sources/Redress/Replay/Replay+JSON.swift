import RedressDomain
import RedressStore

extension Replay {
    /// The timeline as one JSON object (keys in a fixed order).
    public func json() -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 4096)
        w.raw("{")
        w.key("complaint_id", first: true)
        w.string(complaintID)
        w.key("as_of_position")
        w.integer(asOfPosition)
        w.key("chain_verifies")
        w.raw(chainVerifies ? "true" : "false")
        w.key("events")
        w.raw("[")
        for (i, step) in steps.enumerated() {
            if i > 0 { w.raw(",") }
            let s = step.stored
            w.raw("{")
            w.key("position", first: true)
            w.integer(s.position)
            w.key("version")
            w.integer(s.version)
            w.key("event_id")
            w.string(s.eventID.description)
            w.key("type")
            w.string(s.type.rawValue)
            w.key("occurred_at")
            w.string(s.occurredAt.text)
            w.key("recorded_at")
            w.string(s.recordedAt.utcMillisecondText)
            w.key("actor")
            if let actor = s.actor { w.string(actor) } else { w.raw("null") }
            // A row whose data no longer decodes is shown as the raw text it holds, never spliced in.
            w.key("data")
            if step.problem == nil { w.raw(s.dataJSON) } else { w.string(s.dataJSON) }
            w.key("hash")
            w.string(s.hashHex)
            w.key("hash_verifies")
            w.raw(step.hashVerifies ? "true" : "false")
            if let problem = step.problem {
                w.key("problem")
                w.string(problem)
            }
            let state = step.state
            w.key("state")
            w.raw("{")
            w.key("status", first: true)
            w.string(state.status.rawValue)
            w.key("cycle")
            w.integer(state.cycle)
            w.key("acknowledged_in_cycle")
            w.raw(state.acknowledgedInCycle ? "true" : "false")
            w.key("owner")
            if let owner = state.owner { w.string(owner) } else { w.raw("null") }
            w.key("reopens")
            w.integer(state.reopens)
            w.key("satisfaction")
            if let rating = state.latestSatisfaction { w.integer(rating) } else { w.raw("null") }
            w.raw("}")
            w.key("durations_seconds")
            w.raw("{")
            for (k, reached) in step.durations.reached.enumerated() {
                if k > 0 { w.raw(",") }
                w.string(reached.metric.rawValue)
                w.raw(":")
                w.raw(SecondsText.json(milliseconds: reached.milliseconds))
            }
            w.raw("}}")
        }
        w.raw("]}")
        return w.text
    }
}
