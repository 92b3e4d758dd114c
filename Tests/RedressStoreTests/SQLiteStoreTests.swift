import Foundation
import GRDB
import GRDBSQLite
import Redress
import RedressDomain
import RedressSQLite
import RedressStore
import RedressStoreConformance
import Testing

@Suite struct SQLiteStoreTests {
    /// GRDB's WAL set-up would lower it to NORMAL: read it back on the store's own connection,
    /// on a new file and on reopening one whose WAL was checkpointed away.
    @Test func everyConnectionRunsWithSynchronousFull() async throws {
        let path = temporaryDirectory() + "/ledger.sqlite"
        let store = try SQLiteEventStore(path: path)
        #expect(try store.synchronousLevel() == 2)
        #expect(try store.journalMode() == "wal")
        try await Ledger(store: store).record(
            RecordCommand(event: makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil)))
        #expect(try store.synchronousLevel() == 2)
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the last writer's close checkpoints the WAL")
        let reopened = try SQLiteEventStore(path: path)
        #expect(try reopened.synchronousLevel() == 2)
        #expect(try reopened.journalMode() == "wal")
        try reopened.close()
    }

    /// SQLite's memory statistics lock a process-wide mutex around every allocation: the module turns
    /// them off before SQLite initialises. Were they on, the store's writes would be counted.
    @Test func sqliteKeepsNoMemoryStatistics() async throws {
        #expect(SQLiteEventStore.memoryStatisticsOff)
        let path = temporaryDirectory() + "/ledger.sqlite"
        let store = try SQLiteEventStore(path: path)
        try await Ledger(store: store).record(
            RecordCommand(event: makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil)))
        #expect(sqlite3_memory_used() == 0)
        #expect(sqlite3_memory_highwater(0) == 0)
        try store.close()
    }

    @Test func passesTheEventStoreConformanceSuite() async throws {
        let directory = temporaryDirectory()
        var count = 0
        try await EventStoreConformance.run { clock in
            count += 1
            return try SQLiteEventStore(path: "\(directory)/conformance-\(count).sqlite", clock: { clock.milliseconds })
        }
    }

    @Test func passesTheProjectionStoreConformanceSuite() async throws {
        let directory = temporaryDirectory()
        var count = 0
        try await ProjectionStoreConformance.run { clock in
            count += 1
            let store = try SQLiteEventStore(
                path: "\(directory)/projections-\(count).sqlite", clock: { clock.milliseconds })
            return ProjectionBackend(events: store, projections: store.projections)
        }
    }

    @Test func twoWritersOnOneFileConflictAndExactlyOneWins() async throws {
        let path = temporaryDirectory() + "/ledger.sqlite"
        let first = Ledger(store: try SQLiteEventStore(path: path))
        // Its own connection on the same file (FaultTests runs four real processes).
        let second = Ledger(store: try SQLiteEventStore(path: path))
        try await first.record(
            RecordCommand(event: makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil)))
        try await first.record(
            RecordCommand(event: makeEvent("C-1", .acknowledged(note: nil), at: "2026-03-01T10:01:00+09:00")))
        for round in 0..<10 {
            let version = 2 + round
            let at = "2026-03-01T11:\(round < 10 ? "0" : "")\(round):00+09:00"
            async let a = outcome {
                try await first.record(
                    RecordCommand(event: makeEvent("C-1", .assigned(to: "lee"), at: at), expectedVersion: version))
            }
            async let b = outcome {
                try await second.record(
                    RecordCommand(event: makeEvent("C-1", .assigned(to: "park"), at: at), expectedVersion: version))
            }
            let results = await [a, b]
            let wins = results.filter { if case .success = $0 { return true } else { return false } }
            let conflicts = results.filter {
                if case .failure(let e) = $0, case LedgerError.conflict = e { return true } else { return false }
            }
            #expect(wins.count == 1 && conflicts.count == 1, "round \(round): \(results)")
        }
        let stream = try await first.store.readStream("C-1", asOf: nil)
        #expect(stream.map(\.version) == Array(1...12))
        #expect(stream.map(\.position) == Array(1...12))
    }

    @Test func theDatabaseItselfRefusesUpdateAndDelete() async throws {
        let path = temporaryDirectory() + "/ledger.sqlite"
        let store = try SQLiteEventStore(path: path)
        try await store.append(
            [makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        try store.close()
        let insider = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) {
            try await insider.write { try $0.execute(sql: "UPDATE events SET actor = 'mallory'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await insider.write { try $0.execute(sql: "DELETE FROM events") }
        }
        let count = try await insider.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") }
        #expect(count == 1)
    }

    @Test func storesIDsAsSixteenByteBlobsAndUsesWAL() async throws {
        let path = temporaryDirectory() + "/ledger.sqlite"
        let store = try SQLiteEventStore(path: path)
        try await store.append(
            [makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        try store.close()
        let db = try DatabaseQueue(path: path)
        let (length, mode) = try await db.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT length(event_id) FROM events")!,
                try String.fetchOne(db, sql: "PRAGMA journal_mode")!
            )
        }
        #expect(length == 16)
        #expect(mode == "wal")
    }
}

func outcome<T>(_ body: () async throws -> T) async -> Result<T, Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
