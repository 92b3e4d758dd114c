import Foundation
import GRDB
import Redress
import RedressDomain
import RedressSQLite
import RedressStore
import Testing

/// An insider with the sqlite3 shell: drops the triggers, changes or deletes rows.
/// `verify` must fail and name the first bad event by id and position.
@Suite struct TamperTests {
    let directory = temporaryDirectory()

    /// A ledger of 40 generated complaints, closed; returns its path and the event at position 50.
    func makeLedger() async throws -> (path: String, target: StoredEvent) {
        let path = "\(directory)/ledger.sqlite"
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        try SampleData(complaints: 40, seed: 3).write(to: try OutputSink(path: "\(directory)/in.ndjson"))
        try await ledger.importNDJSON(path: "\(directory)/in.ndjson")
        #expect(try await ledger.verify().ok)
        let target = try #require(try await ledger.store.readAll(after: 49, limit: 1).first)
        try ledger.close()
        return (path, target)
    }

    func tamper(_ path: String, _ sql: String) throws {
        let insider = try DatabaseQueue(path: path)
        try insider.write { db in
            try db.execute(sql: "DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete")
            try db.execute(sql: sql)
        }
        try insider.close()
    }

    func restoreTriggers(_ path: String) throws {
        let insider = try DatabaseQueue(path: path)
        try insider.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
                    CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
                    """)
        }
        try insider.close()
    }

    /// Deletes every recorded head (the unsigned ledger-wide chain) and puts the triggers back.
    func dropHeads(_ path: String) throws {
        let insider = try DatabaseQueue(path: path)
        try insider.write { db in
            try db.execute(
                sql: """
                    DROP TRIGGER heads_refuse_delete; DELETE FROM ledger_heads;
                    CREATE TRIGGER heads_refuse_delete BEFORE DELETE ON ledger_heads
                    BEGIN SELECT RAISE(ABORT, 'ledger heads are append-only: DELETE refused'); END;
                    """)
        }
        try insider.close()
    }

    func verifyFailure(_ path: String, anchor: String? = nil) async throws -> String {
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        defer { try? ledger.close() }
        let report = try await ledger.verify(anchor: anchor)
        return report.failure ?? "verified"
    }

    @Test func aChangedPayloadIsNamed() async throws {
        let (path, target) = try await makeLedger()
        try tamper(path, "UPDATE events SET data = replace(data, '}', ',\"note\":\"x\"}') WHERE position = 50")
        let failure = try await verifyFailure(path)
        #expect(failure.hasPrefix("event \(target.eventID) at position 50"), "\(failure)")
        #expect(failure.contains("does not verify"))
    }

    @Test func aChangedOccurredAtIsNamed() async throws {
        let (path, target) = try await makeLedger()
        // Move the time and keep the integer column consistent, as a careful insider would.
        let moved = Timestamp(
            epochMilliseconds: target.occurredAt.epochMilliseconds + 60_000,
            offsetMinutes: target.occurredAt.offsetMinutes)
        try tamper(
            path,
            "UPDATE events SET occurred_at = '\(moved.text)', occurred_ms = \(moved.epochMilliseconds) "
                + "WHERE position = 50"
        )
        try restoreTriggers(path)
        let failure = try await verifyFailure(path)
        #expect(failure.hasPrefix("event \(target.eventID) at position 50"), "\(failure)")
    }

    @Test func aChangedTimeColumnAloneIsNamed() async throws {
        let (path, target) = try await makeLedger()
        try tamper(path, "UPDATE events SET occurred_ms = occurred_ms - 3600000 WHERE position = 50")
        try restoreTriggers(path)
        let failure = try await verifyFailure(path)
        #expect(failure.hasPrefix("event \(target.eventID) at position 50"), "\(failure)")
        #expect(failure.contains("occurred_ms"))
    }

    @Test func aDeletedRowIsFound() async throws {
        let (path, _) = try await makeLedger()
        let next = try #require(
            try await Ledger(store: try SQLiteEventStore(path: path)).store.readAll(after: 50, limit: 1).first)
        try tamper(path, "DELETE FROM events WHERE position = 50")
        try restoreTriggers(path)
        let failure = try await verifyFailure(path)
        #expect(failure.hasPrefix("event \(next.eventID) at position 51"), "\(failure)")
        #expect(failure.contains("positions jump from 49 to 51"))
    }

    @Test func droppedTriggersAreReported() async throws {
        let (path, _) = try await makeLedger()
        try tamper(path, "SELECT 1")
        let failure = try await verifyFailure(path)
        #expect(failure.contains("append-only guarantee broken"))
        #expect(failure.contains("events_refuse_update"))
    }

    @Test func aCutTailIsCaughtByTheAnchor() async throws {
        let (path, _) = try await makeLedger()
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        let anchor = try await ledger.verify().anchor
        let head = try await ledger.store.head().position
        try ledger.close()
        #expect(try await verifyFailure(path, anchor: anchor) == "verified")
        try tamper(path, "DELETE FROM events WHERE position = \(head)")
        try restoreTriggers(path)
        // The head recorded at the end of the import still names the cut position.
        let cut = try await verifyFailure(path)
        #expect(cut.contains("a head was recorded at position \(head) but the ledger ends at \(head - 1)"), "\(cut)")
        // An insider who also removes the heads: without the anchor (or a signed head kept
        // outside) a cut tail looks like a shorter ledger; with it, it is caught.
        try dropHeads(path)
        #expect(try await verifyFailure(path) == "verified")
        let failure = try await verifyFailure(path, anchor: anchor)
        #expect(failure.contains("past the ledger's head"), "\(failure)")
    }

    @Test func aRecomputedChainIsCaughtByTheAnchor() async throws {
        let (path, target) = try await makeLedger()
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        let anchor = try await ledger.verify().anchor
        let stream = try await ledger.store.readStream(target.complaintID, asOf: nil)
        try ledger.close()
        // Change one event and recompute its stream's chain from there on.
        var previous = HashChain.genesis
        var statements: [String] = []
        for var e in stream {
            if e.position == target.position { e.actor = "mallory" }
            let hash = HashChain.hash(of: e, previous: previous)
            statements.append(
                "UPDATE events SET actor = \(e.actor.map { "'\($0)'" } ?? "NULL"), hash = x'\(Hex.encode(hash))' "
                    + "WHERE position = \(e.position)"
            )
            previous = hash
        }
        try tamper(path, statements.joined(separator: "; "))
        try restoreTriggers(path)
        // The ledger-wide root recorded at the import's head no longer matches.
        let rewritten = try await verifyFailure(path)
        #expect(
            rewritten.contains("the ledger-wide root at position")
                && rewritten.contains("does not match the head recorded"), "\(rewritten)")
        // An insider who also removes the heads is caught by the anchor alone.
        try dropHeads(path)
        #expect(try await verifyFailure(path) == "verified")
        let failure = try await verifyFailure(path, anchor: anchor)
        #expect(failure.contains("no longer matches the anchor"), "\(failure)")
    }

    @Test func replayShowsWhichEventNoLongerVerifies() async throws {
        let (path, target) = try await makeLedger()
        try tamper(
            path, "UPDATE events SET data = replace(data, '}', ',\"note\":\"x\"}') WHERE position = \(target.position)")
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        let replay = try await ledger.replay(target.complaintID)
        #expect(!replay.chainVerifies)
        #expect(replay.steps.first { !$0.hashVerifies }?.stored.position == target.position)
    }

    /// Each of verify's per-event checks, reached by an insider who re-chains what they changed
    /// (so the hash check passes and the check under test is the one that must speak).
    func rechainedFailure(_ change: (inout [StoredEvent]) throws -> Int) async throws -> (
        failure: String, event: StoredEvent
    ) {
        let (path, _) = try await makeLedger()
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        var events = try await ledger.store.readAll(after: 0, limit: 100_000)
        try ledger.close()
        let index = try change(&events)
        try insiderRewrite(path, events, renumber: false)
        return (try await verifyFailure(path), events[index])
    }

    @Test func aRecordedAtGoingBackwardsIsNamed() async throws {
        let (failure, event) = try await rechainedFailure { events in
            events[49].recordedAt = Timestamp(epochMilliseconds: events[48].recordedAt.epochMilliseconds - 1)
            return 49
        }
        #expect(failure.hasPrefix("event \(event.eventID) at position 50"), "\(failure)")
        #expect(
            failure.contains("recorded_at") && failure.contains("is earlier than the previous position's"), "\(failure)"
        )
    }

    @Test func aVersionGapIsNamed() async throws {
        let (failure, event) = try await rechainedFailure { events in
            let k = try #require(
                events.indices.first { i in
                    events[i].version >= 2 && i > 10
                        && !events[(i + 1)...].contains { $0.complaintID == events[i].complaintID }
                })
            events[k].version += 1
            return k
        }
        #expect(failure.hasPrefix("event \(event.eventID) at position \(event.position)"), "\(failure)")
        #expect(
            failure.contains("version \(event.version) follows version \(event.version - 2) of its stream"),
            "\(failure)")
    }

    @Test func invalidStoredDataIsNamed() async throws {
        let (failure, event) = try await rechainedFailure { events in
            let k = try #require(events.firstIndex { $0.type == .acknowledged })
            events[k].dataJSON = #"{"bogus":1}"#
            return k
        }
        #expect(failure.hasPrefix("event \(event.eventID) at position \(event.position)"), "\(failure)")
        #expect(failure.contains("stored data is no longer valid") && failure.contains("bogus"), "\(failure)")
    }

    @Test func nonCanonicalStoredDataIsNamed() async throws {
        let (failure, event) = try await rechainedFailure { events in
            let k = try #require(events.firstIndex { $0.type == .received })
            events[k].dataJSON = "{ " + events[k].dataJSON.dropFirst()
            return k
        }
        #expect(failure.hasPrefix("event \(event.eventID) at position \(event.position)"), "\(failure)")
        #expect(failure.hasSuffix("stored data is not in canonical form"), "\(failure)")
    }

    @Test func aLifecycleBreakIsNamed() async throws {
        let (failure, event) = try await rechainedFailure { events in
            let k = try #require(events.firstIndex { $0.type == .assigned })
            let first = try #require(events.first { $0.complaintID == events[k].complaintID })
            events[k].type = .received
            events[k].actor = nil
            events[k].dataJSON = first.dataJSON
            return k
        }
        #expect(failure.hasPrefix("event \(event.eventID) at position \(event.position)"), "\(failure)")
        #expect(failure.contains("breaks a lifecycle rule") && failure.contains("received-only-first"), "\(failure)")
    }

    @Test func unreadableRowsAreNamedByPosition() async throws {
        let (path, target) = try await makeLedger()
        try tamper(path, "UPDATE events SET type = 'bogus' WHERE position = 50")
        let type = try await verifyFailure(path)
        #expect(
            type == "event \(target.eventID) at position 50: the stored type or occurred_at is unreadable", "\(type)")
        try restoreTriggers(path)
        try tamper(
            path,
            "UPDATE events SET type = '\(target.type.rawValue)', event_id = x'00112233445566778899aabbccddee' "
                + "WHERE position = 50"
        )
        let id = try await verifyFailure(path)
        #expect(id == "event ? at position 50: the stored event_id is not 16 bytes", "\(id)")
    }

    @Test func aLedgerMissingAMigrationIsRefusedForReading() async throws {
        let (path, _) = try await makeLedger()
        let insider = try DatabaseQueue(path: path)
        try await insider.write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-heads'")
        }
        try insider.close()
        do {
            _ = try SQLiteEventStore(path: path, options: .init(access: .readOnly))
            Issue.record("opened")
        } catch let error as SQLiteStoreError {
            #expect("\(error)".contains("is at schema 7 and this binary reads schema 8"), "\(error)")
        }
    }

    /// A ledger whose reward candidates still carry the event id, the complaint and the rule's name
    /// (the layout before `v5-compact-reward-candidates`) is refused for reading until a writer opens it;
    /// the writer's migration rewrites the rows compactly and the statement stays byte for byte the same.
    @Test func namedRewardCandidatesAreCompactedByTheirMigration() async throws {
        let (path, _) = try await makeLedger()
        let before = try await Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
            .rewards(month: "2026-03").json()
        let insider = try DatabaseQueue(path: path)
        let rows = try await insider.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE named (
                        position INTEGER PRIMARY KEY, event_id BLOB NOT NULL, complaint_id TEXT NOT NULL,
                        rule TEXT NOT NULL, staff TEXT NOT NULL, occurred_ms INTEGER NOT NULL, value INTEGER NOT NULL);
                    INSERT INTO named
                    SELECT c.position, e.event_id, e.complaint_id,
                           CASE c.rule WHEN 1 THEN 'closed_resolved' WHEN 2 THEN 'acknowledged_within_sla'
                                       WHEN 3 THEN 'satisfaction' WHEN 4 THEN 'reopened_clawback' END,
                           c.staff, c.occurred_ms, c.value
                    FROM rewards_candidates_g1 AS c JOIN events AS e USING (position);
                    DROP TABLE rewards_candidates_g1;
                    ALTER TABLE named RENAME TO rewards_candidates_g1;
                    CREATE INDEX rewards_candidates_g1_occurred ON rewards_candidates_g1(occurred_ms);
                    DELETE FROM grdb_migrations WHERE identifier = 'v5-compact-reward-candidates'
                    """)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM rewards_candidates_g1 WHERE typeof(rule) = 'text'")
                ?? 0
        }
        try insider.close()
        #expect(rows > 0)
        #expect(throws: SQLiteStoreError.self) { try SQLiteEventStore(path: path, options: .init(access: .readOnly)) }
        // A rule name this binary does not know fails the migration and leaves the table as it was.
        let first = "(SELECT min(position) FROM rewards_candidates_g1)"
        let name = try await DatabaseQueue(path: path).write { db in
            let name = try String.fetchOne(db, sql: "SELECT rule FROM rewards_candidates_g1 WHERE position = \(first)")
            try db.execute(sql: "UPDATE rewards_candidates_g1 SET rule = 'bogus' WHERE position = \(first)")
            return name ?? ""
        }
        #expect(throws: (any Error).self) { try SQLiteEventStore(path: path) }
        try await DatabaseQueue(path: path).write { db in
            #expect(try db.columns(in: "rewards_candidates_g1").contains { $0.name == "event_id" })
            try db.execute(
                sql: "UPDATE rewards_candidates_g1 SET rule = ? WHERE position = \(first)", arguments: [name])
        }
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        #expect(try await ledger.rewards(month: "2026-03").json() == before)
        #expect(try await ledger.verify().ok)
        try ledger.close()
        let after = try DatabaseQueue(path: path)
        let (columns, indexes, compact) = try await after.read { db in
            (
                try db.columns(in: "rewards_candidates_g1").map(\.name),
                try db.indexes(on: "rewards_candidates_g1").map(\.name),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM rewards_candidates_g1 WHERE rule BETWEEN 1 AND 4")
            )
        }
        #expect(columns == ["position", "rule", "staff", "occurred_ms", "value"])
        #expect(indexes == ["rewards_candidates_g1_occurred"])
        #expect(compact == rows)
        try after.close()
    }

    /// A projection added to Redress later (here: one whose tables and migration an older ledger lacks)
    /// gets its tables from its own migration the first time a writer opens that ledger; readers see
    /// the same statement before and after, and the next write brings it to the head.
    @Test func aProjectionMissingFromAnOlderLedgerIsInstalledByItsOwnMigration() async throws {
        let (path, _) = try await makeLedger()
        let before = try await Ledger(store: try SQLiteEventStore(path: path, options: .init(access: .readOnly)))
            .rewards(month: "2026-03").json()
        let insider = try DatabaseQueue(path: path)
        try await insider.write { db in
            try db.execute(
                sql: """
                    DROP TABLE rewards_candidates_g1; \
                    DELETE FROM projections WHERE name = 'rewards';
                    DELETE FROM grdb_migrations WHERE identifier = 'projection-rewards'
                    """)
        }
        try insider.close()
        #expect(throws: SQLiteStoreError.self) { try SQLiteEventStore(path: path, options: .init(access: .readOnly)) }
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        let status = try await ledger.projectionStatus().first { $0.name == .rewards }
        #expect(status?.position == 0 && status?.generation == 1)
        #expect(try await ledger.rewards(month: "2026-03").json() == before)
        let old = try await ledger.store.head().position
        try await ledger.record(
            RecordRequest(
                type: .received, complaintID: "NEW-1",
                data: [
                    ("customer", .string("c")), ("channel", .string("phone")), ("category", .string("service")),
                ]))
        let head = try await ledger.store.head().position
        #expect(try await ledger.projectionStatus().allSatisfy { $0.position == head })
        #expect(try await ledger.rewards(month: "2026-03", asOfPosition: old).json() == before)
        try ledger.close()
    }
}
