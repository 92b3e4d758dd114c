import Foundation
import Testing

@testable import RedressDomain

/// The lifecycle rules of `paused` and `resumed` (SPEC 1.3).
@Suite struct PauseRuleTests {
    let rules = DeciderTests()
    func pause(_ m: Int, _ reason: PauseReason = .awaitingCustomer) -> ComplaintEvent {
        event(.paused(reason: reason, note: nil), at: rules.at(m))
    }
    func resume(_ m: Int, by: String? = nil) -> ComplaintEvent {
        event(.resumed(note: "사진 받음"), at: rules.at(m), by: by)
    }
    @Test func pauseNeedsAnOpenAcknowledgedRunningComplaint() throws {
        let received = rules.received
        #expect(try violation(after: [], pause(1)) == .streamExists)
        #expect(try violation(after: [received], pause(1)) == .needsAcknowledgement)
        #expect(try violation(after: [received, rules.ack(1)], pause(2)) == nil)
        #expect(try violation(after: [received, rules.ack(1), pause(2)], pause(3)) == .pauseOnceAtATime)
        #expect(try violation(after: [received, rules.ack(1), rules.close(2)], pause(3)) == .mustBeOpen)
        // Reopened: open again and acknowledged once, so it may pause without a new acknowledgement.
        #expect(try violation(after: [received, rules.ack(1), rules.close(2), rules.reopen(3)], pause(4)) == nil)
    }

    @Test func resumeNeedsAPausedComplaint() throws {
        let received = rules.received
        #expect(try violation(after: [received, rules.ack(1)], resume(2)) == .resumeNeedsPaused)
        #expect(try violation(after: [received, rules.ack(1), pause(2)], resume(3)) == nil)
        #expect(try violation(after: [received, rules.ack(1), pause(2), resume(3)], resume(4)) == .resumeNeedsPaused)
        #expect(try violation(after: [received, rules.ack(1), pause(2), resume(3)], pause(4)) == nil)
    }

    @Test func closeWhilePausedEndsThePauseAndReopenStartsUnpaused() throws {
        let history = [rules.received, rules.ack(1), pause(2)]
        #expect(try violation(after: history, rules.close(3)) == nil)
        let closed = Decider.fold(history + [rules.close(3)])
        #expect(!closed.paused)
        #expect(try violation(after: history + [rules.close(3)], resume(4)) == .resumeNeedsPaused)
        let reopened = Decider.fold(history + [rules.close(3), rules.reopen(4)])
        #expect(reopened.status == .open && !reopened.paused)
        #expect(try violation(after: history + [rules.close(3), rules.reopen(4)], resume(5)) == .resumeNeedsPaused)
    }

    @Test func timeNeverGoesBackwardsForPauses() throws {
        #expect(
            try violation(after: [rules.received, rules.ack(10)], pause(5)) == .timeNeverGoesBackwards)
    }

    @Test func theCustomerMayResumeStaffMustPause() throws {
        #expect(EventType.resumed.actorIsOptional)
        #expect(!EventType.paused.actorIsOptional)
        let line = """
            {"event_id":"019b758e-5b55-7f51-ac4a-49656636b0db","complaint_id":"K-1","type":"paused",\
            "occurred_at":"2026-01-09T18:00:00+09:00","data":{"reason":"awaiting-customer"}}
            """
        #expect(throws: (any Error).self) { try InterchangeLine.decode(try JSONParser.parse(Array(line.utf8))) }
        let bad = line.replacingOccurrences(of: "\"data\"", with: "\"actor\":\"kim\",\"data\"")
            .replacingOccurrences(of: "awaiting-customer", with: "lunch")
        #expect(throws: (any Error).self) { try InterchangeLine.decode(try JSONParser.parse(Array(bad.utf8))) }
        let good = line.replacingOccurrences(of: "\"data\"", with: "\"actor\":\"kim\",\"data\"")
        let event = try InterchangeLine.decode(try JSONParser.parse(Array(good.utf8))).event
        #expect(event.data == .paused(reason: .awaitingCustomer, note: nil))
        #expect(event.data.canonicalText == #"{"reason":"awaiting-customer"}"#)
        #expect(
            EventData.paused(reason: .other, note: "택배사 확인").canonicalText
                == #"{"note":"택배사 확인","reason":"other"}"#)
    }
}
