import Foundation
import GRDB
import Testing

@testable import Redress

/// The folds read only the event log: a complaint's state that a write does not hold in memory is
/// re-derived from the complaint's own earlier events, never read back from a read model. So a read
/// model row edited behind Redress's back is rewritten from the events by the next event of its
/// complaint, and the rewards projection keeps no per-complaint state table at all.
@Suite struct FoldSourceTests {
    @Test func theNextEventRewritesAnEditedRowFromTheEvents() async throws {
        let s = try Scenario()
        try await s.receive("K-1", at: "2026-03-02T09:00:00+09:00", channel: .web)
        let ack = try await s.ack("K-1", at: "2026-03-02T09:30:00+09:00", by: "kim")
        let db = try DatabaseQueue(path: s.directory + "/ledger.sqlite")
        let g = try await db.read { db in
            try Int64.fetchOne(db, sql: "SELECT generation FROM projections WHERE name = 'recovery'")!
        }
        let table = "recovery_complaints_g\(g)"
        func row() async throws -> Row? {
            try await db.read { db in
                try Row.fetchOne(db, sql: "SELECT channel, ack_pos, close_pos FROM \(table) WHERE complaint_id = 'K-1'")
            }
        }
        #expect(try await row()?["channel"] == "web")
        // An insider edits the read model: another channel, the acknowledgement gone.
        try await db.write { db in
            try db.execute(sql: "UPDATE \(table) SET channel = 'store', ack_ms = NULL, ack_pos = NULL")
        }
        // The next write of that complaint (each write folds with fresh caches) folds from the events alone.
        let close = try await s.close("K-1", at: "2026-03-03T09:00:00+09:00", by: "kim")
        let after = try #require(try await row())
        #expect(after["channel"] == "web")
        #expect(after["ack_pos"] == ack)
        #expect(after["close_pos"] == close)
        let streams = try await db.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rewards_streams%'")
        }
        #expect(streams.isEmpty, "no per-complaint rewards state is stored")
        try db.close()
    }
}
