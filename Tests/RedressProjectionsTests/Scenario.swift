import Foundation
import Redress
import RedressSQLite

/// A small ledger built by hand for one test, on a real SQLite file with a fixed clock.
final class Scenario: @unchecked Sendable {
    let directory: String
    let ledger: Ledger
    private let lock = NSLock()
    private var clockMs: Int64

    /// `now` is the ledger clock (`recorded_at`), RFC 3339.
    init(now: String = "2026-12-31T00:00:00Z") throws {
        directory = NSTemporaryDirectory() + "redress-proj-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clockMs = try Timestamp(parsing: now).epochMilliseconds
        let box = ClockBox()
        ledger = Ledger(store: try SQLiteEventStore(path: directory + "/ledger.sqlite", clock: { box.value }))
        box.value = clockMs
        self.box = box
    }

    private let box: ClockBox
    final class ClockBox: @unchecked Sendable { var value: Int64 = 0 }

    func setClock(_ now: String) throws { box.value = try Timestamp(parsing: now).epochMilliseconds }

    @discardableResult
    func record(_ complaint: String, _ data: EventData, at: String, by: String?) async throws -> Int64 {
        let event = ComplaintEvent(
            eventID: .version7(), complaintID: complaint, occurredAt: try Timestamp(parsing: at), actor: by, data: data)
        return try await ledger.record(RecordCommand(event: event)).storedEvent.position
    }

    @discardableResult
    func receive(
        _ id: String, at: String, channel: Channel = .phone, category: RedressDomain.Category = .service,
        severity: Severity? = nil
    ) async throws -> Int64 {
        try await record(
            id, .received(.init(customer: "고객-\(id)", channel: channel, category: category, severity: severity)),
            at: at, by: nil)
    }
    @discardableResult func ack(_ id: String, at: String, by: String) async throws -> Int64 {
        try await record(id, .acknowledged(note: nil), at: at, by: by)
    }
    @discardableResult func assign(_ id: String, at: String, by: String, to: String) async throws -> Int64 {
        try await record(id, .assigned(to: to), at: at, by: by)
    }
    @discardableResult func close(_ id: String, at: String, by: String, _ resolution: Resolution = .resolved)
        async throws -> Int64
    {
        try await record(id, .closed(resolution: resolution, rootCause: nil), at: at, by: by)
    }
    @discardableResult func followUp(_ id: String, at: String, by: String, rating: Int?) async throws -> Int64 {
        try await record(id, .followedUp(satisfaction: rating, comment: nil), at: at, by: by)
    }
    @discardableResult func reopen(_ id: String, at: String) async throws -> Int64 {
        try await record(id, .reopened(reason: nil), at: at, by: nil)
    }
    @discardableResult func compensate(_ id: String, at: String, by: String) async throws -> Int64 {
        try await record(
            id, .compensated(.init(kind: .refund, amount: Money("15000")!, currency: "KRW")), at: at, by: by)
    }

    func policy(_ json: String) throws -> Policy { try Policy.parse(Array(json.utf8)) }
}

extension DurationFigures {
    /// (n, p50, p90, p99, max, mean) in milliseconds, for compact assertions.
    var summary: [Int64?] { [Int64(n), p50, p90, p99, max, mean] }
}
