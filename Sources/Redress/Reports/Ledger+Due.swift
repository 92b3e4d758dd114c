import Foundation
import RedressDomain
import RedressProjections
import RedressStore

extension Ledger {
    /// The open complaints' SLA deadlines (SPEC 7.3) as of `asOfPosition` (default: the head), most
    /// urgent first.
    ///
    /// - Parameters:
    ///   - at: `due`'s clock (epoch ms); `nil` takes the report's clock when `asOfPosition` is given,
    ///     else the current time (a list read in the morning counts the night that passed).
    ///   - withinMs: keep only the targets with at most this much SLA clock time left.
    /// Each listed complaint's owner is read from its own events as of the position (the read models
    /// keep no owners), so the cost beyond the read of every complaint's row is one stream read per
    /// listed complaint.
    public func due(policy: Policy = Policy(), asOfPosition: Int64? = nil, at: Int64? = nil, withinMs: Int64? = nil)
        async throws -> DueReport
    {
        let snapshot = try await mapProjectionErrors {
            try await requireProjections().recovery(receivedFrom: Int64.min, to: Int64.max, asOf: asOfPosition)
        }
        let clockMs = at ?? (asOfPosition != nil ? snapshot.clockMs : Self.nowMilliseconds())
        var report = DueReport.compute(
            policy: policy, asOfPosition: snapshot.asOfPosition, clockMs: clockMs, rows: snapshot.rows,
            transitions: snapshot.transitions, withinMs: withinMs)
        var owners: [String: String?] = [:]
        for i in report.items.indices {
            let id = report.items[i].complaintID
            if owners[id] == nil {
                let events = try await store.readStream(id, asOf: snapshot.asOfPosition)
                owners[id] = .some(try Self.fold(events).owner)
            }
            report.items[i].owner = owners[id] ?? nil
        }
        return report
    }

    static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
