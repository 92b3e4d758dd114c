import Testing

@testable import RedressDomain

@Suite struct DeciderTests {
    let t0 = "2026-03-01T10:00:00+09:00"
    func at(_ minutes: Int) -> String {
        let t = try! Timestamp(parsing: "2026-03-01T10:00:00+09:00")
        return Timestamp(epochMilliseconds: t.epochMilliseconds + Int64(minutes) * 60_000, offsetMinutes: 540).text
    }
    var received: ComplaintEvent { event(receivedData, at: t0, by: nil) }
    func ack(_ m: Int, by: String = "kim") -> ComplaintEvent { event(.acknowledged(note: nil), at: at(m), by: by) }
    func close(_ m: Int, _ r: Resolution = .resolved) -> ComplaintEvent {
        event(.closed(resolution: r, rootCause: nil), at: at(m))
    }
    func reopen(_ m: Int) -> ComplaintEvent { event(.reopened(reason: nil), at: at(m), by: nil) }
    func assign(_ m: Int, to: String) -> ComplaintEvent { event(.assigned(to: to), at: at(m)) }
    func compensate(_ m: Int) -> ComplaintEvent {
        event(.compensated(.init(kind: .refund, amount: Money("10")!, currency: "KRW")), at: at(m))
    }
    func followUp(_ m: Int, _ s: Int? = 5) -> ComplaintEvent {
        event(.followedUp(satisfaction: s, comment: nil), at: at(m))
    }

    @Test func receivedOnlyFirst() throws {
        #expect(try violation(after: [], received) == nil)
        #expect(try violation(after: [received], event(receivedData, at: at(1), by: nil)) == .receivedFirst)
    }

    @Test func everyOtherTypeNeedsTheStream() throws {
        for e in [ack(1), assign(1, to: "lee"), compensate(1), followUp(1), close(1), reopen(1)] {
            #expect(try violation(after: [], e) == .streamExists, "\(e.type)")
        }
    }

    @Test func acknowledgedOncePerCycleAndOnlyWhileOpen() throws {
        #expect(try violation(after: [received], ack(1)) == nil)
        #expect(try violation(after: [received, ack(1)], ack(2)) == .acknowledgeOncePerCycle)
        #expect(try violation(after: [received, ack(1), close(2)], ack(3)) == .mustBeOpen)
        #expect(try violation(after: [received, ack(1), close(2), reopen(3)], ack(4)) == nil)
        #expect(
            try violation(after: [received, ack(1), close(2), reopen(3), ack(4)], ack(5)) == .acknowledgeOncePerCycle)
    }

    @Test func assignedNeedsOpen() throws {
        #expect(try violation(after: [received], assign(1, to: "lee")) == nil)  // before acknowledgement is fine
        #expect(try violation(after: [received, ack(1), close(2)], assign(3, to: "lee")) == .mustBeOpen)
    }

    @Test func compensatedNeedsOpenAndAcknowledged() throws {
        #expect(try violation(after: [received], compensate(1)) == .needsAcknowledgement)
        #expect(try violation(after: [received, ack(1)], compensate(2)) == nil)
        #expect(try violation(after: [received, ack(1), close(2)], compensate(3)) == .mustBeOpen)
        // After a reopen it is open again and was acknowledged once: allowed without a new acknowledgement.
        #expect(try violation(after: [received, ack(1), close(2), reopen(3)], compensate(4)) == nil)
    }

    @Test func followedUpNeedsAcknowledgementOpenOrClosed() throws {
        #expect(try violation(after: [received], followUp(1)) == .needsAcknowledgement)
        #expect(try violation(after: [received, ack(1)], followUp(2)) == nil)
        #expect(try violation(after: [received, ack(1), close(2)], followUp(3)) == nil)
    }

    @Test func closedNeedsOpenAndAcknowledged() throws {
        #expect(try violation(after: [received], close(1)) == .needsAcknowledgement)
        #expect(try violation(after: [received, ack(1)], close(2)) == nil)
        #expect(try violation(after: [received, ack(1), close(2)], close(3)) == .mustBeOpen)
    }

    @Test func reopenedNeedsClosed() throws {
        #expect(try violation(after: [received], reopen(1)) == .reopenNeedsClosed)
        #expect(try violation(after: [received, ack(1)], reopen(2)) == .reopenNeedsClosed)
        #expect(try violation(after: [received, ack(1), close(2)], reopen(3)) == nil)
        #expect(try violation(after: [received, ack(1), close(2), reopen(3)], reopen(4)) == .reopenNeedsClosed)
    }

    @Test func timeNeverGoesBackwardsButMayStandStillOrRunAhead() throws {
        #expect(try violation(after: [received, ack(10)], assign(9, to: "lee")) == .timeNeverGoesBackwards)
        #expect(try violation(after: [received, ack(10)], assign(10, to: "lee")) == nil)
        // The same instant written with another offset is not earlier.
        let sameInstantUTC = event(.assigned(to: "lee"), at: "2026-03-01T01:10:00Z")
        #expect(try violation(after: [received, ack(10)], sameInstantUTC) == nil)
        let farFuture = event(.acknowledged(note: nil), at: "2099-01-01T00:00:00Z")
        #expect(try violation(after: [received], farFuture) == nil)
    }

    @Test func expectedVersionIsAConflict() throws {
        #expect(try violation(after: [received], ack(1), expectedVersion: 1) == nil)
        #expect(try violation(after: [received], ack(1), expectedVersion: 0) == .expectedVersion)
        #expect(try violation(after: [], received, expectedVersion: 0) == nil)
        let state = try accept([received])
        guard case .failure(let v) = Decider.decide(RecordCommand(event: ack(1), expectedVersion: 3), state) else {
            Issue.record("accepted")
            return
        }
        #expect(v.isConflict)
        #expect(v.message.contains("expected version 3 but the stream is at version 1"))
    }

    @Test func ownerIsLatestAssigneeElseFirstAcknowledger() throws {
        var s = try accept([received])
        #expect(s.owner == nil)
        s = try accept([received, ack(1, by: "kim")])
        #expect(s.owner == "kim")
        s = try accept([received, ack(1, by: "kim"), close(2), reopen(3), ack(4, by: "park")])
        #expect(s.owner == "kim")  // the first acknowledgement's actor, not the latest
        s = try accept([received, assign(1, to: "lee"), ack(2, by: "kim")])
        #expect(s.owner == "lee")
        s = try accept([received, ack(1, by: "kim"), assign(2, to: "lee"), assign(3, to: "choi")])
        #expect(s.owner == "choi")
    }

    /// `Ledger.decideAndAppend` (record and import) calls `violation(of:in:)` and appends the command's
    /// own event: that is `decide` only while `decide` fails exactly on a violation and otherwise decides
    /// that one event. Every event type, in states where it is allowed and where it is not.
    @Test func decideIsTheViolationCheckOrTheCommandsOwnEvent() throws {
        let lifecycle = [
            received, ack(5), assign(6, to: "lee"), compensate(30), close(60), followUp(90), reopen(100), ack(110),
            close(200), followUp(300, 3),
        ]
        var state = ComplaintState()
        var (allowed, refused) = (0, 0)
        for index in lifecycle.indices {
            // Each event from here on (and a second `received`) against the state so far.
            for candidate in lifecycle[index...] + [received] {
                for expected in [nil, state.version, state.version + 1] {
                    let command = RecordCommand(event: candidate, expectedVersion: expected)
                    switch Decider.decide(command, state) {
                    case .success(let events):
                        allowed += 1
                        #expect(events == [candidate])
                        #expect(Decider.violation(of: command, in: state) == nil)
                    case .failure(let violation):
                        refused += 1
                        #expect(Decider.violation(of: command, in: state) == violation)
                    }
                }
            }
            state = try accept(Array(lifecycle[...index]))
        }
        #expect(allowed >= lifecycle.count * 2 && refused > allowed)
    }

    @Test func stateTracksMilestonesAndCycles() throws {
        let s = try accept([
            received, ack(5), compensate(30), close(60), followUp(90, nil), reopen(100), ack(110), close(200),
            followUp(300, 3),
        ])
        #expect(s.version == 9)
        #expect(s.cycle == 2)
        #expect(s.status == .closed)
        #expect(s.reopens == 1)
        #expect(s.firstClosedAt == (try Timestamp(parsing: at(60))))
        #expect(s.latestClosedAt == (try Timestamp(parsing: at(200))))
        #expect(s.firstFollowedUpAt == (try Timestamp(parsing: at(90))))
        #expect(s.latestSatisfaction == 3)
    }
}
