import Foundation
import GRDB
import Redress
import RedressSQLite
import Testing

@Suite struct RebuildTests {
    let months = ["2026-01", "2026-02", "2026-03", "2026-04"]

    /// Every month's metrics and rewards JSON, as one text.
    func outputs(_ ledger: Ledger) async throws -> String {
        var all = ""
        for month in months {
            all += try await ledger.metrics(month: month).json() + "\n"
            all += try await ledger.rewards(month: month).json() + "\n"
        }
        return all
    }

    /// The active generation's tables, dumped in key order.
    func dump(_ path: String) async throws -> String {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        return try await db.read { db in
            var text = ""
            for (name, g) in try Row.fetchAll(db, sql: "SELECT name, generation FROM projections ORDER BY name").map({
                ($0[0] as String, $0[1] as Int64)
            }) {
                let tables =
                    name == "recovery"
                    ? ["recovery_complaints_g\(g)", "recovery_transitions_g\(g)"]
                    : ["rewards_candidates_g\(g)"]
                for table in tables {
                    for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2") { text += "\(row)\n" }
                }
            }
            return text
        }
    }

    @Test func rebuildGivesExactlyWhatIncrementalCatchUpGave() async throws {
        let directory = NSTemporaryDirectory() + "redress-rebuild-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/ledger.sqlite"
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        let generated = directory + "/all.ndjson"
        try SampleData(complaints: 3_000, seed: 77, months: 4).write(to: try OutputSink(path: generated))
        let lines = try String(contentsOfFile: generated, encoding: .utf8).split(separator: "\n")
        // Import in four parts, reading reports between them: the projections catch up incrementally.
        let part = lines.count / 4 + 1
        for (i, start) in stride(from: 0, to: lines.count, by: part).enumerated() {
            let chunk = directory + "/part\(i).ndjson"
            try (lines[start..<min(start + part, lines.count)].joined(separator: "\n") + "\n").write(
                toFile: chunk, atomically: true, encoding: .utf8)
            try await ledger.importNDJSON(path: chunk)
            _ = try await ledger.metrics(month: months[i])
            _ = try await ledger.rewards(month: months[(i + 1) % 4])
        }
        let incremental = try await outputs(ledger)
        let incrementalTables = try await dump(path)
        #expect(incremental.contains("\"staff\":[{"))

        try await ledger.rebuildProjections()
        let status = try await ledger.projectionStatus()
        #expect(status.allSatisfy { $0.generation == 2 && $0.lag == 0 && $0.building == nil })
        #expect(try await outputs(ledger) == incremental)
        #expect(try await dump(path) == incrementalTables)
    }

    @Test func anInterruptedRebuildLeavesTheOldViewAndTheNextOneCleansUp() async throws {
        let directory = NSTemporaryDirectory() + "redress-rebuild-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/ledger.sqlite"
        let ledger = Ledger(store: try SQLiteEventStore(path: path))
        try SampleData(complaints: 5_000, seed: 78, months: 4).write(
            to: try OutputSink(path: directory + "/all.ndjson"))
        try await ledger.importNDJSON(path: directory + "/all.ndjson")
        let before = try await outputs(ledger)
        #expect(try await ledger.store.head().position > 20_000)  // more than one rebuild batch

        struct Interrupted: Error {}
        await #expect(throws: Interrupted.self) {
            try await ledger.rebuildProjections(.rewards) { _ in throw Interrupted() }
        }
        let stopped = try await ledger.projectionStatus().first { $0.name == .rewards }!
        #expect(stopped.generation == 1)
        #expect(stopped.building?.generation == 2)
        let building = try #require(stopped.building)
        #expect(building.position > 0 && building.position < stopped.head)
        #expect(try await outputs(ledger) == before)  // readers still see the old view

        try await ledger.rebuildProjections(.rewards)
        let done = try await ledger.projectionStatus().first { $0.name == .rewards }!
        #expect(done.generation == 3 && done.building == nil)
        #expect(try await outputs(ledger) == before)
        let db = try DatabaseQueue(path: path)
        let tables = try await db.read {
            try String.fetchAll(
                $0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rewards_%' ORDER BY name")
        }
        #expect(tables == ["rewards_candidates_g3"])
    }

    /// A ledger whose projections lag (written by an older Redress, or with catch-up off): reports
    /// fold the tail in memory on top of the tables, read-only, and give exactly what a current
    /// projection gives, at the head and at any as-of position.
    @Test func aLaggingProjectionIsFoldedInMemoryAndReportsNeverWrite() async throws {
        let directory = NSTemporaryDirectory() + "redress-lag-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SampleData(complaints: 2_000, seed: 79, months: 4).write(
            to: try OutputSink(path: directory + "/all.ndjson"))
        let lines = try String(contentsOfFile: directory + "/all.ndjson", encoding: .utf8).split(separator: "\n")
        try (lines[..<4_000].joined(separator: "\n") + "\n").write(
            toFile: directory + "/first.ndjson", atomically: true, encoding: .utf8)
        try (lines[4_000...].joined(separator: "\n") + "\n").write(
            toFile: directory + "/rest.ndjson", atomically: true, encoding: .utf8)

        let current = Ledger(store: try SQLiteEventStore(path: directory + "/current.sqlite"))
        try await current.importNDJSON(path: directory + "/all.ndjson")
        let lagging = directory + "/lagging.sqlite"
        let writer = Ledger(store: try SQLiteEventStore(path: lagging, options: .init(catchUpOnWrite: false)))
        try await writer.importNDJSON(path: directory + "/first.ndjson")
        try await #require(writer.projections).catchUp()
        try await writer.importNDJSON(path: directory + "/rest.ndjson")
        try writer.close()

        let reader = Ledger(store: try SQLiteEventStore(path: lagging, options: .init(access: .readOnly)))
        let behind = try await reader.projectionStatus()
        #expect(behind.allSatisfy { $0.position == 4_000 && $0.lag > 0 }, "\(behind)")
        #expect(try await outputs(reader) == (try await outputs(current)))
        for asOf: Int64 in [0, 1, 3_999, 4_000, 4_001, 6_543] {
            for month in months {
                #expect(
                    try await reader.metrics(month: month, asOfPosition: asOf).json()
                        == (try await current.metrics(month: month, asOfPosition: asOf).json()),
                    "\(month) as of \(asOf)")
                #expect(
                    try await reader.rewards(month: month, asOfPosition: asOf).json()
                        == (try await current.rewards(month: month, asOfPosition: asOf).json()),
                    "\(month) as of \(asOf)")
            }
        }
        #expect(try await reader.projectionStatus() == behind, "a report wrote")
        try reader.close()
        try current.close()
    }
}
