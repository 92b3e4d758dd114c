import Foundation
import GRDB
import Redress
import RedressDomain
import RedressSQLite
import RedressStore
import RedressStoreConformance
import Testing

/// A fresh directory for one test's ledger files.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "redress-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func makeEvent(_ complaint: String, _ data: EventData, at: String, by actor: String? = "kim", id: EventID = .version7())
    -> ComplaintEvent
{
    ComplaintEvent(
        eventID: id, complaintID: complaint, occurredAt: try! Timestamp(parsing: at), actor: actor, data: data)
}

let received = EventData.received(
    .init(customer: "고객-1", channel: .phone, category: .service, summary: "배송이 늦었어요 😡"))

func writeFile(_ path: String, _ lines: [String]) {
    #expect(
        FileManager.default.createFile(atPath: path, contents: Data(lines.map { $0 + "\n" }.joined().utf8)),
        "cannot write \(path)")
}

/// The file's text; a missing or unreadable file fails the test (and reads as "").
func readFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
        Issue.record("cannot read \(path): \(error)", sourceLocation: sourceLocation)
        return ""
    }
}

/// An interchange line for `event`.
func interchange(_ event: ComplaintEvent, expectedVersion: Int? = nil) -> String {
    var w = CanonicalJSONWriter()
    event.writeInterchange(to: &w, expectedVersion: expectedVersion)
    return w.text
}

extension Ledger {
    /// The whole ledger exported as text.
    func exportText() async throws -> String {
        let path = NSTemporaryDirectory() + "export-" + UUID().uuidString + ".ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await export(to: try OutputSink(path: path))
        return readFile(path)
    }
}

/// Rewrites the events table as `events` with every per-stream chain recomputed, and every
/// head's root and compact range to match, as an insider who knows the formats would (the
/// triggers are dropped and put back). With `renumber`, positions become 1…n in order and
/// versions are renumbered per stream; without, they stay as given. Signatures cannot be
/// recomputed: they stay, or are removed with `dropSignatures`.
func insiderRewrite(_ path: String, _ events: [StoredEvent], renumber: Bool, dropSignatures: Bool = false) throws {
    var previous: [String: [UInt8]] = [:]
    var versions: [String: Int] = [:]
    var rechained: [StoredEvent] = []
    for (k, var e) in events.enumerated() {
        if renumber {
            e.position = Int64(k + 1)
            e.version = (versions[e.complaintID] ?? 0) + 1
            versions[e.complaintID] = e.version
        }
        e.hash = HashChain.hash(of: e, previous: previous[e.complaintID] ?? HashChain.genesis)
        previous[e.complaintID] = e.hash
        rechained.append(e)
    }
    let insider = try DatabaseQueue(path: path)
    try insider.write { db in
        try db.execute(
            sql: """
                DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete;
                DROP TRIGGER heads_refuse_update; DROP TRIGGER heads_refuse_delete;
                DELETE FROM events;
                """)
        for e in rechained {
            try db.execute(
                sql: """
                    INSERT INTO events (position, event_id, complaint_id, version, type, occurred_at, occurred_ms, \
                    recorded_ms, actor, data, hash)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?)
                    """,
                arguments: [
                    e.position, Data(e.eventID.bytes), e.complaintID, e.version, e.type.rawValue, e.occurredAt.text,
                    e.occurredAt.epochMilliseconds, e.recordedAt.epochMilliseconds, e.actor, e.dataJSON, Data(e.hash),
                ])
        }
        try db.execute(sql: "DELETE FROM ledger_heads WHERE position > ?", arguments: [rechained.last?.position ?? 0])
        let positions = try Int64.fetchAll(db, sql: "SELECT position FROM ledger_heads ORDER BY position")
        var tree = LedgerTree()
        for e in rechained {
            tree.append(eventHash: e.hash)
            if positions.contains(e.position) {
                try db.execute(
                    sql: "UPDATE ledger_heads SET root = ?, compact = ? WHERE position = ?",
                    arguments: [Data(tree.root), Data(tree.compactRange), e.position])
            }
        }
        if dropSignatures { try db.execute(sql: "UPDATE ledger_heads SET checkpoint = NULL") }
        try db.execute(
            sql: """
                CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events BEGIN \
                SELECT RAISE(ABORT, 'append-only'); END;
                CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events BEGIN \
                SELECT RAISE(ABORT, 'append-only'); END;
                CREATE TRIGGER heads_refuse_update BEFORE UPDATE ON ledger_heads BEGIN \
                SELECT RAISE(ABORT, 'append-only'); END;
                CREATE TRIGGER heads_refuse_delete BEFORE DELETE ON ledger_heads BEGIN \
                SELECT RAISE(ABORT, 'append-only'); END;
                """)
    }
    try insider.close()
}
