import Foundation
import Redress
import RedressDomain
import RedressSQLite
import RedressStore

/// A fresh directory for one test's ledger files.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "redress-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A fixed, settable clock for `recorded_at`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    init(_ start: Int64 = 1_772_000_000_000) { now = start }
    var milliseconds: Int64 { lock.withLock { now } }
    func set(_ value: Int64) { lock.withLock { now = value } }
    func advance(_ ms: Int64) { lock.withLock { now += ms } }
}

func makeEvent(_ complaint: String, _ data: EventData, at: String, by actor: String? = "kim", id: EventID = .version7()) -> ComplaintEvent {
    ComplaintEvent(eventID: id, complaintID: complaint, occurredAt: try! Timestamp(parsing: at), actor: actor, data: data)
}

let received = EventData.received(.init(customer: "고객-1", channel: .phone, category: .service, summary: "배송이 늦었어요 😡"))

func writeFile(_ path: String, _ lines: [String]) {
    FileManager.default.createFile(atPath: path, contents: Data(lines.map { $0 + "\n" }.joined().utf8))
}

func readFile(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

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
