import Foundation
import RedressDomain
public import RedressProjections
import RedressStore

extension Ledger {
    /// The open complaints' SLA deadlines (SPEC 7.3) as of `asOfPosition` (default: the head), most
    /// urgent first.
    ///
    /// The owners are read as `complaints` reads them (the read models keep none): each listed
    /// complaint's stream for a short list, else every owner in one `EventStore.owners(asOf:)`
    /// (see `ownerReadCost`).
    ///
    /// - Parameters:
    ///   - policy: the SLA targets, the clock and its calendar (SPEC 4, 7).
    ///   - asOfPosition: only events at or before it (default: the head).
    ///   - at: `due`'s clock (epoch ms); `nil` takes the report's clock when `asOfPosition` is given,
    ///     else the current time (a list read in the morning counts the night that passed).
    ///   - withinMs: keep only the targets with at most this much SLA clock time left.
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
        var ids: [String] = []
        var seen = Set<String>()
        for item in report.items where seen.insert(item.complaintID).inserted { ids.append(item.complaintID) }
        let owner = try await owners(of: ids, asOf: snapshot.asOfPosition)
        for i in report.items.indices { report.items[i].owner = owner[report.items[i].complaintID] }
        return report
    }

    static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
