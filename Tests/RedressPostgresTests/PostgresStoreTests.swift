#if PostgreSQL
import Foundation
import Redress
import RedressSQLite
import RedressPostgres
import RedressStoreConformance
import Testing

/// The PostgreSQL store on a real server (the cluster tools/test starts), each test in a database
/// of its own.
@Suite struct PostgresStoreTests {
    func store(clock: TestClock? = nil, _ location: PostgresLocation? = nil) throws -> PostgresEventStore {
        var options = PostgresEventStore.Options()
        if let clock { options.clock = { clock.milliseconds } }
        return try PostgresEventStore(location: try location ?? PostgresServer.database(), options: options)
    }

    func ledger(_ store: PostgresEventStore) -> Ledger {
        Ledger(store: store, projections: store.projections, issuedStatements: store.issuedStatements)
    }

    @Test func passesTheEventStoreConformanceSuite() async throws {
        try await EventStoreConformance.run { clock in try store(clock: clock) }
    }

    @Test func passesTheProjectionStoreConformanceSuite() async throws {
        try await ProjectionStoreConformance.run { clock in
            let store = try store(clock: clock)
            return ProjectionBackend(events: store, projections: store.projections)
        }
    }

    /// 8 connections × 1,000 appends on 40 shared streams while a reader pages through the global log
    /// in a loop: the reader sees every position once, in order, never a gap it must come back to;
    /// at the end it has read exactly the final log, positions 1…N, each stream's versions 1…n,
    /// nothing lost and nothing twice.
    ///
    /// Bounded (issue 28, item 7f): a writer that fails (e.g. one that lost the ordering lock and hit a
    /// taken position) ends the proof — the reader stops on cancellation instead of polling for writers
    /// that will never finish —, a writer gives up after 1,000 conflicts on one append, and a watchdog fails
    /// the proof with a message when no append and no page was made for ``stallLimit`` (a bound on
    /// being stuck, not on the machine's speed: on a busy 2-core machine the proof may take minutes).
    /// How long the concurrency proof may go without any writer appending or the reader reading a page.
    static let stallLimit: Duration = .seconds(120)

    @Test func concurrentWritersLeaveNoGapAReaderCouldPass() async throws {
        let location = try PostgresServer.database("concurrency")
        let setup = try store(location)
        let streams = (0..<40).map { "S-\($0)" }
        for id in streams {
            try await setup.append(
                [makeEvent(id, .received(.init(customer: "c", channel: .phone, category: .service)))],
                expectedVersion: 0)
        }
        let writers = 8
        let appendsEach = 1_000
        let done = ManagedAtomicFlag()
        let progress = ProgressCounter()
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let store = try store(location)
                    defer { try? store.close() }
                    var appended: [EventID] = []
                    var versions: [String: Int] = [:]
                    for i in 0..<appendsEach {
                        let id = streams[(w * 7 + i * 3) % streams.count]
                        let event = makeEvent(id, .acknowledged(note: "w\(w) #\(i)"), by: "agent.\(w)")
                        var conflicts = 0
                        while true {
                            try Task.checkCancellation()
                            do {
                                let stored = try await store.append([event], expectedVersion: versions[id] ?? 1)
                                versions[id] = stored[0].version
                                appended.append(stored[0].eventID)
                                progress.step()
                                break
                            } catch let StoreError.conflict(_, _, actual) {
                                versions[id] = actual  // another writer got there first: retry at its version
                                conflicts += 1
                                guard conflicts < 1_000 else {
                                    throw ProofFailure("writer \(w) met 1,000 conflicts on one append to \(id)")
                                }
                            }
                        }
                    }
                    return .writer(appended)
                }
            }
            group.addTask {
                let reader = try store(location)
                defer { try? reader.close() }
                var cursor: Int64 = 0
                var seen: [EventID] = []
                while true {
                    // A failed writer cancels the group: stop, rather than wait for writers that never finish.
                    try Task.checkCancellation()
                    let finished = done.isSet
                    let page = try await reader.readAll(after: cursor, limit: 700)
                    for (k, event) in page.enumerated() {
                        try #require(
                            event.position == cursor + 1 + Int64(k), "the reader passed a gap at \(cursor)")
                    }
                    seen += page.map(\.eventID)
                    if !page.isEmpty { progress.step() }
                    cursor = page.last?.position ?? cursor
                    if finished && page.isEmpty { break }
                }
                return .reader(seen)
            }
            group.addTask {
                var last = -1
                var since = ContinuousClock.now
                while true {
                    do { try await Task.sleep(for: .seconds(1)) } catch { return .watchdog }
                    let now = progress.value
                    if now != last {
                        (last, since) = (now, ContinuousClock.now)
                    } else if ContinuousClock.now - since > Self.stallLimit {
                        throw ProofFailure(
                            "no writer appended and the reader read nothing for \(Self.stallLimit) (after \(now) "
                                + "steps): a writer or the reader waits forever (did a writer lose the ordering lock?)")
                    }
                }
            }
            var appended: Set<EventID> = []
            var readerSaw: [EventID] = []
            var writersLeft = writers
            var readerDone = false
            while writersLeft > 0 || !readerDone, let outcome = try await group.next() {
                switch outcome {
                case .writer(let ids):
                    #expect(ids.count == appendsEach)
                    appended.formUnion(ids)
                    writersLeft -= 1
                    if writersLeft == 0 { done.set() }
                case .reader(let ids):
                    readerSaw = ids
                    readerDone = true
                case .watchdog: break
                }
            }
            group.cancelAll()  // the watchdog
            var final: [StoredEvent] = []
            var cursor: Int64 = 0
            while true {
                let page = try await setup.readAll(after: cursor, limit: 5_000)
                guard let last = page.last else { break }
                final += page
                cursor = last.position
            }
            #expect(final.count == streams.count + writers * appendsEach)
            #expect(final.map(\.position) == Array(1...Int64(final.count)), "positions 1…N")
            #expect(Set(final.map(\.eventID)).count == final.count, "nothing twice")
            #expect(appended.isSubset(of: Set(final.map(\.eventID))), "nothing acknowledged is lost")
            #expect(readerSaw == final.map(\.eventID), "the reader saw exactly the final log, in order")
            for id in streams {
                let versions = final.filter { $0.complaintID == id }.map(\.version)
                #expect(versions == Array(1...versions.count), "\(id): versions without gaps")
            }
            #expect(try await setup.projections.status().allSatisfy { $0.position == Int64(final.count) })
        }
        try setup.close()
    }

    /// The database itself refuses UPDATE, DELETE and TRUNCATE of events, heads and issued statements,
    /// whoever asks; an insider who disables the triggers and edits a row is named by verify.
    @Test func theDatabaseKeepsTheLedgerAppendOnlyAndVerifyNamesAnInsidersEdit() async throws {
        let location = try PostgresServer.database("appendonly")
        let store = try store(location)
        let ledger = ledger(store)
        try SampleData(complaints: 30, seed: 4).write(
            to: try OutputSink(path: NSTemporaryDirectory() + location.database))
        try await ledger.importNDJSON(path: NSTemporaryDirectory() + location.database)
        _ = try await ledger.issueRewards(month: "2026-01")
        #expect(try await ledger.verify().ok)
        for sql in [
            "UPDATE events SET actor = 'x' WHERE position = 5", "DELETE FROM events WHERE position = 5",
            "TRUNCATE events CASCADE", "UPDATE ledger_heads SET checkpoint = 'x'", "DELETE FROM reward_statements",
            "TRUNCATE reward_statements",
        ] {
            let out = try PostgresServer.psql(location, sql)
            #expect(out.status != 0 && out.stderr.contains("append-only"), "\(sql): \(out.stderr)")
        }
        #expect(try await store.checkGuarantees().isEmpty)
        let target = try #require(try await store.readAll(after: 6, limit: 1).first)
        let edit = try PostgresServer.psql(
            location,
            """
            ALTER TABLE events DISABLE TRIGGER USER;
            UPDATE events SET actor = 'someone.else' WHERE position = 7;
            ALTER TABLE events ENABLE TRIGGER USER;
            """)
        #expect(edit.status == 0, "\(edit.stderr)")
        let report = try await ledger.verify()
        #expect(!report.ok)
        #expect(report.failure?.contains("\(target.eventID)") == true, "\(report.failure ?? "")")
        #expect(report.failure?.contains("position 7") == true, "\(report.failure ?? "")")
        _ = try PostgresServer.psql(location, "ALTER TABLE events DISABLE TRIGGER events_refuse_truncate")
        #expect(try await store.checkGuarantees().contains { $0.contains("events_refuse_truncate") })
        try store.close()
    }

    /// Durable before reported: every store's own connection runs with synchronous_commit and fsync on
    /// (read back there), and a server without fsync is refused rather than trusted.
    @Test func everyConnectionCommitsDurably() async throws {
        let location = try PostgresServer.database("durable")
        let store = try store(location)
        let settings = try await store.durabilitySettings()
        #expect(settings.synchronousCommit == "on" && settings.fsync == "on", "\(settings)")
        try store.close()
        // A database whose default is asynchronous commit: the store still commits synchronously.
        try PostgresServer.psql(location, "ALTER DATABASE \(location.database) SET synchronous_commit = off")
        let again = try PostgresEventStore(location: location)
        #expect(try await again.durabilitySettings().synchronousCommit == "on")
        try again.close()
    }

    /// A superuser who disables the triggers and deletes an event, or truncates the log, is caught:
    /// verify fails, naming where the ledger no longer adds up.
    @Test func verifyNamesAnInsidersDeleteAndTruncate() async throws {
        for (sql, expected) in [
            ("DELETE FROM events WHERE position = 9", "position"),
            ("TRUNCATE events", "head"),
        ] {
            let location = try PostgresServer.database("insider")
            let store = try store(location)
            let ledger = ledger(store)
            let file = NSTemporaryDirectory() + location.database + ".ndjson"
            try SampleData(complaints: 20, seed: 8).write(to: try OutputSink(path: file))
            try await ledger.importNDJSON(path: file)
            try await ledger.record(
                RecordRequest(
                    type: .received, complaintID: "LAST-1",
                    data: [("customer", .string("c")), ("channel", .string("web")), ("category", .string("other"))]))
            #expect(try await ledger.verify().ok)
            let out = try PostgresServer.psql(
                location, "ALTER TABLE events DISABLE TRIGGER USER; \(sql); ALTER TABLE events ENABLE TRIGGER USER;")
            #expect(out.status == 0, "\(out.stderr)")
            let report = try await ledger.verify()
            #expect(!report.ok, "\(sql) went unnoticed")
            #expect(report.failure?.contains(expected) == true, "\(sql): \(report.failure ?? "")")
            try store.close()
        }
    }

    /// The same NDJSON imported into SQLite and into PostgreSQL (same clock) exports byte-identical,
    /// an export of one restores into the other byte-identical, and every report agrees.
    @Test func sameInputSameBytesOnBothBackends() async throws {
        let directory = NSTemporaryDirectory() + "redress-pg-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SampleData(complaints: 200, seed: 9, months: 3).write(
            to: try OutputSink(path: directory + "/in.ndjson"))
        let clock = TestClock(1_780_000_000_000)
        let sqlite = Ledger(
            store: try SQLiteEventStore(path: directory + "/l.sqlite", clock: { clock.milliseconds }))
        let pgStore = try store(clock: clock)
        let postgres = ledger(pgStore)
        try await sqlite.importNDJSON(path: directory + "/in.ndjson")
        try await postgres.importNDJSON(path: directory + "/in.ndjson")
        func export(_ ledger: Ledger, _ name: String) async throws -> Data {
            let sink = try OutputSink(path: directory + "/" + name)
            try await ledger.export(to: sink)
            try sink.flush()
            return try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        let a = try await export(sqlite, "sqlite.ndjson")
        #expect(try await export(postgres, "postgres.ndjson") == a)
        for month in ["2026-01", "2026-02", "2026-03"] {
            #expect(try await sqlite.metrics(month: month).json() == postgres.metrics(month: month).json())
            #expect(try await sqlite.rewards(month: month).json() == postgres.rewards(month: month).json())
        }
        #expect(try await sqlite.replay("C-0000007").json() == postgres.replay("C-0000007").json())
        #expect(try await sqlite.verify().anchor == postgres.verify().anchor)
        // Restore: the SQLite export into a new PostgreSQL ledger, and back out, byte for byte.
        let restored = ledger(try store())
        try await restored.importNDJSON(path: directory + "/sqlite.ndjson")
        #expect(try await export(restored, "restored.ndjson") == a)
        try await postgres.rebuildProjections()
        #expect(try await sqlite.metrics(month: "2026-02").json() == postgres.metrics(month: "2026-02").json())
    }
}

enum Outcome: Sendable {
    case writer([EventID])
    case reader([EventID])
    /// The watchdog was cancelled: the proof finished in time.
    case watchdog
}

/// Why the concurrency proof stopped instead of hanging.
struct ProofFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Appends and pages made so far, for the watchdog.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func step() { lock.withLock { count += 1 } }
}

/// A flag the reader polls to learn that every writer is done.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

func makeEvent(_ complaint: String, _ data: EventData, by actor: String? = nil) -> ComplaintEvent {
    ComplaintEvent(
        eventID: .version7(), complaintID: complaint, occurredAt: Timestamp(epochMilliseconds: 1_767_200_000_000),
        actor: actor, data: data)
}
#endif
