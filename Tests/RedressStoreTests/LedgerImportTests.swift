import Foundation
import Redress
import RedressDomain
import RedressSQLite
import RedressStore
import Testing

@Suite struct LedgerImportTests {
    let directory = temporaryDirectory()

    func ledger(_ name: String = "ledger") throws -> Ledger {
        Ledger(store: try SQLiteEventStore(path: "\(directory)/\(name).sqlite"))
    }

    func lines() -> [String] {
        [
            interchange(makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil)),
            interchange(makeEvent("C-1", .acknowledged(note: "확인했습니다"), at: "2026-03-01T10:05:00+09:00")),
            interchange(makeEvent("C-2", received, at: "2026-03-01T10:06:00+09:00", by: nil)),
            interchange(
                makeEvent("C-1", .closed(resolution: .resolved, rootCause: nil), at: "2026-03-01T11:00:00+09:00")),
        ]
    }

    @Test func aBadLineRejectsTheWholeFileAndStoresNothing() async throws {
        let ledger = try ledger()
        let good = lines()
        writeFile("\(directory)/first.ndjson", Array(good.prefix(2)))
        try await ledger.importNDJSON(path: "\(directory)/first.ndjson")
        let before = try await ledger.exportText()

        var bad = Array(good.suffix(2))
        bad.insert(interchange(makeEvent("C-9", .acknowledged(note: nil), at: "2026-03-01T10:00:00Z")), at: 1)
        writeFile("\(directory)/bad.ndjson", bad)
        await #expect(throws: LedgerError.self) { try await ledger.importNDJSON(path: "\(directory)/bad.ndjson") }
        do { try await ledger.importNDJSON(path: "\(directory)/bad.ndjson") } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("line 2: complaint C-9"))
            #expect(message.contains("needs-received"))
        }
        #expect(try await ledger.exportText() == before)
        #expect(try await ledger.store.head().position == 2)
    }

    @Test func malformedLinesNameTheirLineNumber() async throws {
        let ledger = try ledger()
        writeFile("\(directory)/bad.ndjson", [lines()[0], #"{"event_id":"x"#])
        do {
            try await ledger.importNDJSON(path: "\(directory)/bad.ndjson")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".hasPrefix("line 2: invalid JSON at column"))
        }
        #expect(try await ledger.store.head().position == 0)
    }

    @Test func skipInvalidLandsTheValidLinesAndReportsTheRest() async throws {
        let ledger = try ledger()
        var input = lines()
        input.insert(#"{"nope":1}"#, at: 1)
        input.append(
            interchange(
                makeEvent(
                    "C-2", .compensated(.init(kind: .refund, amount: Money("10")!, currency: "KRW")),
                    at: "2026-03-01T12:00:00Z")))
        writeFile("\(directory)/mixed.ndjson", input)
        let report = try await ledger.importNDJSON(
            path: "\(directory)/mixed.ndjson",
            mode: .skipInvalid(rejects: try OutputSink(path: "\(directory)/rejects.ndjson")))
        #expect(report.appended == 4)
        #expect(report.rejected == 2)
        let rejects = readFile("\(directory)/rejects.ndjson").split(separator: "\n")
        try #require(rejects.count == 2)
        #expect(rejects[0] == #"{"line":2,"error":"nope: unknown field","input":"{\"nope\":1}"}"#)
        #expect(rejects[1].contains(#""line":6"#) && rejects[1].contains("needs-acknowledgement"))
    }

    @Test func progressCountsTheWholeImportAcrossSkipInvalidBatches() async throws {
        let ledger = try ledger()
        let input = "\(directory)/big.ndjson"
        let events = try SampleData(complaints: 4_500, seed: 8).write(to: try OutputSink(path: input))
        #expect(events > 20_000)  // more than two batches of 10,000 lines
        final class Seen: @unchecked Sendable { var lines: [Int] = [] }
        let seen = Seen()
        let report = try await ledger.importNDJSON(
            path: input, mode: .skipInvalid(rejects: try OutputSink(path: "\(directory)/rejects.ndjson")),
            progress: { seen.lines.append($0.lines) })
        #expect(report.lines == events && report.appended == events)
        #expect(seen.lines == [10_000, 20_000])
    }

    @Test func reImportIsIdempotentAndADifferentDuplicateIsRejected() async throws {
        let ledger = try ledger()
        let input = lines()
        writeFile("\(directory)/in.ndjson", input)
        let first = try await ledger.importNDJSON(path: "\(directory)/in.ndjson")
        let again = try await ledger.importNDJSON(path: "\(directory)/in.ndjson")
        #expect(first.appended == 4)
        #expect(again.appended == 0 && again.alreadyStored == 4)
        #expect(try await ledger.store.head().position == 4)

        // Same event id, other content (a different note).
        let changed = input[1].replacingOccurrences(of: "확인했습니다", with: "changed")
        writeFile("\(directory)/dup.ndjson", [changed])
        do {
            try await ledger.importNDJSON(path: "\(directory)/dup.ndjson")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("line 1:"))
            #expect("\(error)".contains("already in the ledger at position 2 with different content"))
        }
        #expect(try await ledger.store.head().position == 4)
    }

    @Test func expectedVersionInALineIsHonoured() async throws {
        let ledger = try ledger()
        let ok = interchange(makeEvent("C-1", received, at: "2026-03-01T10:00:00+09:00", by: nil), expectedVersion: 0)
        let stale = interchange(
            makeEvent("C-1", .acknowledged(note: nil), at: "2026-03-01T10:05:00+09:00"), expectedVersion: 0)
        writeFile("\(directory)/in.ndjson", [ok, stale])
        do {
            try await ledger.importNDJSON(path: "\(directory)/in.ndjson")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".hasPrefix("line 2: conflict on complaint C-1"))
        }
    }

    @Test func exportRestoresByteIdenticalAndVerifies() async throws {
        let source = try ledger("source")
        let generated = "\(directory)/generated.ndjson"
        let events = try SampleData(complaints: 3_000, seed: 42).write(to: try OutputSink(path: generated))
        let imported = try await source.importNDJSON(path: generated)
        #expect(imported.appended == events)
        // A live-recorded event after the import must survive the round trip too.
        let live = try await source.record(
            RecordRequest(
                type: .received, complaintID: "LIVE-1",
                data: [("customer", .string("고객")), ("channel", .string("web")), ("category", .string("product"))]))
        #expect(live.storedEvent.position == Int64(events) + 1)
        let exported = "\(directory)/export.ndjson"
        try await source.export(to: try OutputSink(path: exported))

        let target = try ledger("target")
        let restored = try await target.importNDJSON(path: exported)
        #expect(restored.appended == restored.lines)
        let again = "\(directory)/again.ndjson"
        try await target.export(to: try OutputSink(path: again))
        let a = try Data(contentsOf: URL(fileURLWithPath: exported))
        let b = try Data(contentsOf: URL(fileURLWithPath: again))
        #expect(a.count > 1_000_000)
        #expect(a == b)
        let verified = try await target.verify()
        #expect(verified.ok, "\(verified.failure ?? "")")
        #expect(verified.anchor == (try await source.verify()).anchor)

        // Restoring the same export again changes nothing.
        let repeatRestore = try await target.importNDJSON(path: exported)
        #expect(repeatRestore.appended == 0 && repeatRestore.alreadyStored == repeatRestore.lines)
    }

    @Test func aRestoreWithAnAlteredLineIsRefused() async throws {
        let source = try ledger("source")
        writeFile("\(directory)/in.ndjson", lines())
        try await source.importNDJSON(path: "\(directory)/in.ndjson")
        var exported = try await source.exportText().split(separator: "\n").map(String.init)
        exported[1] = exported[1].replacingOccurrences(of: "확인했습니다", with: "확인 안 했습니다")
        writeFile("\(directory)/altered.ndjson", exported)
        let target = try ledger("target")
        do {
            try await target.importNDJSON(path: "\(directory)/altered.ndjson")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".hasPrefix("line 2: complaint C-1"))
            #expect("\(error)".contains("restored hash disagrees"))
        }
        #expect(try await target.store.head().position == 0)
    }

    /// Restored lines whose hash is consistent but whose version or time disagree with the ledger.
    @Test func aRestoreChecksVersionAndTimeBeforeTheHash() async throws {
        let source = try ledger("source")
        try SampleData(complaints: 5, seed: 8).write(to: try OutputSink(path: "\(directory)/in.ndjson"))
        try await source.importNDJSON(path: "\(directory)/in.ndjson")
        let events = try await source.store.readAll(after: 0, limit: 1_000)
        // The first event of another complaint, restored right after the ledger's first.
        var other = try #require(events.first { $0.complaintID != events[0].complaintID })
        other.position = 2
        func restoring(_ second: StoredEvent) async throws -> String {
            var altered = second
            altered.hash = HashChain.hash(of: altered, previous: HashChain.genesis)
            writeFile("\(directory)/restore.ndjson", [HashChain.exportLine(events[0]), HashChain.exportLine(altered)])
            let target = try ledger("target-\(UUID().uuidString)")
            defer { try? target.close() }
            do {
                try await target.importNDJSON(path: "\(directory)/restore.ndjson")
                return "accepted"
            } catch {
                #expect(try await target.store.head().position == 0)
                return "\(error)"
            }
        }
        #expect(try await restoring(other) == "accepted")
        var wrongVersion = other
        wrongVersion.version = 2
        let version = try await restoring(wrongVersion)
        #expect(
            version.hasPrefix("line 2: ") && version.contains("restored version disagrees with the ledger: 2 given"),
            "\(version)")
        var backwards = other
        backwards.recordedAt = Timestamp(epochMilliseconds: events[0].recordedAt.epochMilliseconds - 1)
        let time = try await restoring(backwards)
        #expect(
            time.hasPrefix("line 2: ") && time.contains("restored recorded_at disagrees")
                && time.contains("is earlier than the previous event's recorded_at"), "\(time)")
    }

    @Test func exportFiltersByComplaintAndPosition() async throws {
        let ledger = try ledger()
        writeFile("\(directory)/in.ndjson", lines())
        try await ledger.importNDJSON(path: "\(directory)/in.ndjson")
        let path = "\(directory)/c1.ndjson"
        #expect(try await ledger.export(to: try OutputSink(path: path), complaintID: "C-1") == 3)
        #expect(try await ledger.export(to: try OutputSink(path: path), afterPosition: 2) == 2)
        #expect(try await ledger.export(to: try OutputSink(path: path), complaintID: "C-1", afterPosition: 2) == 1)
    }

    @Test func replayShowsStateDurationsAndHashesAsOfAPosition() async throws {
        let ledger = try ledger()
        writeFile("\(directory)/in.ndjson", lines())
        try await ledger.importNDJSON(path: "\(directory)/in.ndjson")
        let full = try await ledger.replay("C-1")
        #expect(full.steps.count == 3)
        #expect(full.chainVerifies)
        #expect(full.steps[1].state.owner == "kim")
        #expect(full.steps[1].durations.acknowledge == 300_000)
        #expect(full.steps[2].durations.close == 3_600_000)
        #expect(full.steps[2].durations.finalClose == 3_600_000)
        let partial = try await ledger.replay("C-1", asOfPosition: 3)
        #expect(partial.steps.count == 2)
        #expect(partial.steps.last?.state.status == .open)
        let text = full.text()
        #expect(text.contains("acknowledge 5m 00s"))
        #expect(text.contains("close 1h 00m"))
        // Korean text is padded by display width: on every event's row the status column starts at the same
        // column (what an event says, Korean included, is on the indented line under its row).
        let rows = text.split(separator: "\n").dropFirst(3).map(String.init).filter { !$0.hasPrefix("    ") }
        let statusColumns = rows.map { row -> Int in
            let match = row.range(of: "open#") ?? row.range(of: "closed#")!
            return TextWidth.of(String(row[..<match.lowerBound]))
        }
        #expect(rows.count == 3)
        #expect(Set(statusColumns).count == 1, "\(statusColumns)")
    }
}
