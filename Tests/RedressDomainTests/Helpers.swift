import RedressDomain

/// Decodes one NDJSON line given as text.
func decodeLine(_ text: String) throws(LineError) -> InterchangeLine {
    let bytes = Array(text.utf8)
    return try decodeBytes(bytes)
}

func decodeBytes(_ bytes: [UInt8]) throws(LineError) -> InterchangeLine {
    var result: Result<InterchangeLine, LineError>!
    bytes.withUnsafeBufferPointer { buffer in
        do throws(LineError) { result = .success(try InterchangeLine.decode(buffer)) } catch {
            result = .failure(error)
        }
    }
    return try result.get()
}

/// The error a line is rejected with, as one sentence (`field: message`).
func rejection(_ text: String) -> String? {
    do {
        _ = try decodeLine(text)
        return nil
    } catch { return error.error.description }
}

/// A valid line of `type` with `data`, for tweaking.
func line(
    _ type: String, data: String, actor: String? = "kim", at: String = "2026-03-01T10:00:00+09:00",
    id: String = "01890a5d-ac96-774b-bcce-b302099a8057", complaint: String = "C-1", extra: String = ""
) -> String {
    let actorPart = actor.map { ",\"actor\":\"\($0)\"" } ?? ""
    return
        "{\"event_id\":\"\(id)\",\"complaint_id\":\"\(complaint)\",\"type\":\"\(type)\","
        + "\"occurred_at\":\"\(at)\"\(actorPart),\"data\":\(data)\(extra)}"
}

/// A domain event with a fresh id (the domain reads no clock: the id's time is the event's).
func event(_ data: EventData, at: String, by actor: String? = "kim", complaint: String = "C-1") -> ComplaintEvent {
    let occurredAt = try! Timestamp(parsing: at)
    var generator = SystemRandomNumberGenerator()
    return ComplaintEvent(
        eventID: EventID.version7(milliseconds: occurredAt.epochMilliseconds, using: &generator),
        complaintID: complaint, occurredAt: occurredAt, actor: actor, data: data)
}

let receivedData = EventData.received(.init(customer: "CUST-1", channel: .phone, category: .service))

/// Folds events through the decider, failing on the first violation.
func accept(_ events: [ComplaintEvent]) throws -> ComplaintState {
    var state = ComplaintState()
    for e in events {
        switch Decider.decide(RecordCommand(event: e), state) {
        case .failure(let violation): throw violation
        case .success(let decided): for d in decided { Decider.evolve(&state, d) }
        }
    }
    return state
}

/// The rule `next` breaks after `history`, or nil when accepted.
func violation(after history: [ComplaintEvent], _ next: ComplaintEvent, expectedVersion: Int? = nil) throws
    -> LifecycleRule?
{
    let state = try accept(history)
    if case .failure(let v) = Decider.decide(RecordCommand(event: next, expectedVersion: expectedVersion), state) {
        return v.rule
    }
    return nil
}
