import Foundation
import Redress
import RedressDomain
import RedressStore
import Testing

/// Issue 32, item 1: record, import and the service's post refuse through one decide-and-append, and
/// the refusal keeps its cause, which each path renders its own way.
@Suite struct OneDecisionTests {
    @Test func everyWritePathRefusesTheSameEventForTheSameRuleAndStoresNothing() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.open(dir + "/ledger.sqlite")
        defer { try? ledger.close() }
        let orphan = makeEvent("K-NONE", .acknowledged(note: nil), at: "2026-03-02T10:00:00+09:00")
        let line = interchange(orphan)

        // The service's path: a failure whose cause is the rule's violation, naming the event.
        let posted = try Array(line.utf8).withUnsafeBufferPointer { try Ledger.decodePosted($0).get() }
        let results = try await ledger.postEach([PostedEvent(posted)])
        guard case .failure(let refusal) = try #require(results.first) else {
            Issue.record("an acknowledgement of a complaint never received was stored")
            return
        }
        #expect(refusal.kind == .rule(.streamExists))
        guard case .violation(let violation, let event) = refusal.cause else {
            Issue.record("the refusal lost its cause: \(String(describing: refusal.cause))")
            return
        }
        #expect(violation.rule == .streamExists)
        #expect(event.eventID == orphan.eventID && event.complaintID == "K-NONE" && event.type == .acknowledged)

        // record: the same cause, rendered as the command line's rejection of the same sentence.
        await #expect(
            throws: LedgerError.rejected(
                complaintID: "K-NONE", eventID: orphan.eventID, type: .acknowledged, reason: violation.description)
        ) {
            try await ledger.record(RecordCommand(event: orphan, expectedVersion: nil))
        }

        // import: the same sentence, placed at its line.
        let file = dir + "/in.ndjson"
        writeFile(file, [line])
        await #expect(throws: LedgerError.rejectedLine(line: 1, reason: refusal.message)) {
            try await ledger.importNDJSON(path: file)
        }
        #expect(try await ledger.head().position == 0)
    }

    @Test func aRepeatIsTheIdempotencyRulesToDecideOnEveryPath() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.open(dir + "/ledger.sqlite")
        defer { try? ledger.close() }
        let first = makeEvent("K-1", received, at: "2026-03-02T10:00:00+09:00")
        try await ledger.record(RecordCommand(event: first, expectedVersion: nil))
        // Received again breaks received-only-first; the same content is a repeat on every path.
        let again = try await ledger.record(RecordCommand(event: first, expectedVersion: nil))
        guard case .alreadyStored = again else {
            Issue.record("record stored a repeat: \(again)")
            return
        }
        let posted = try Array(interchange(first).utf8).withUnsafeBufferPointer {
            try Ledger.decodePosted($0).get()
        }
        let receipt = try #require(try await ledger.postEach([PostedEvent(posted)]).first).get()
        #expect(!receipt.created && receipt.event.position == 1)
        // Other content under the same id is the store's refusal, kept as the cause.
        var changed = first
        changed.actor = "lee"
        let refused = try Array(interchange(changed).utf8).withUnsafeBufferPointer {
            try Ledger.decodePosted($0).get()
        }
        guard case .failure(let refusal) = try #require(try await ledger.postEach([PostedEvent(refused)]).first)
        else {
            Issue.record("a different event under a stored id was accepted")
            return
        }
        #expect(refusal.kind == .duplicateEventID)
        guard case .store(.duplicateEventID(let id, let position), _) = refusal.cause else {
            Issue.record("the refusal lost its cause: \(String(describing: refusal.cause))")
            return
        }
        #expect(id == first.eventID && position == 1)
        await #expect(throws: StoreError.duplicateEventID(first.eventID, existingPosition: 1)) {
            try await ledger.record(RecordCommand(event: changed, expectedVersion: nil))
        }
        #expect(try await ledger.head().position == 1)
    }
}
