import Foundation
import Testing

@testable import Redress
@testable import RedressSQLite

/// The import and the projections keep bounded caches of complaint states. Whatever the bound,
/// the results must be the same: these tests shrink the caches so that states are evicted and
/// read back all the time. The limits are each ledger's own configuration: nothing process-wide changes.
@Suite struct EvictionTests {
    func makeLedger(_ name: String, directory: String, cacheLimit: Int? = nil) throws -> Ledger {
        let path = "\(directory)/\(name).sqlite"
        guard let cacheLimit else { return Ledger(store: try SQLiteEventStore(path: path)) }
        return Ledger(
            store: try SQLiteEventStore(
                path: path,
                options: .init(
                    foldCacheStates: cacheLimit, rebuildCacheStates: cacheLimit, streamHeadStates: cacheLimit)),
            importStateCacheLimit: cacheLimit)
    }

    @Test func tinyCachesGiveTheSameLedgerAndReports() async throws {
        let directory = NSTemporaryDirectory() + "redress-evict-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let input = directory + "/in.ndjson"
        try SampleData(complaints: 1_500, seed: 91, months: 2).write(to: try OutputSink(path: input))

        let normal = try makeLedger("normal", directory: directory)
        try await normal.importNDJSON(path: input)
        try await normal.rebuildProjections()
        var expected = ""
        for month in ["2026-01", "2026-02"] {
            expected += try await normal.metrics(month: month).json() + (try await normal.rewards(month: month).json())
        }

        let small = try makeLedger("small", directory: directory, cacheLimit: 20)
        let report = try await small.importNDJSON(path: input)
        #expect(report.rejected == 0 && report.appended == report.lines)
        #expect(try await small.verify().ok)
        // Same events, same chains: only recorded_at differs between the two ledgers.
        let normalEvents = try await normal.store.readAll(after: 0, limit: 100_000)
        let smallEvents = try await small.store.readAll(after: 0, limit: 100_000)
        #expect(normalEvents.map(\.eventID) == smallEvents.map(\.eventID))
        #expect(normalEvents.map(\.version) == smallEvents.map(\.version))

        // Incremental catch-up (in several batches) and a rebuild, both with a tiny fold cache.
        var incremental = ""
        for month in ["2026-01", "2026-02"] {
            incremental += try await small.metrics(month: month).json() + (try await small.rewards(month: month).json())
        }
        try await small.rebuildProjections()
        var rebuilt = ""
        for month in ["2026-01", "2026-02"] {
            rebuilt += try await small.metrics(month: month).json() + (try await small.rewards(month: month).json())
        }
        // The clock (recorded_at) differs between the two ledgers; compare everything else.
        func withoutClock(_ text: String) -> String {
            text.replacingOccurrences(
                of: #""sla_breached":\d+,"sla_pending":\d+"#, with: "", options: .regularExpression)
        }
        #expect(incremental == rebuilt)
        #expect(withoutClock(rebuilt) == withoutClock(expected))
    }
}
