import Foundation
import RedressDomain
public import RedressProjections
import RedressStore

extension Ledger {
    /// The complaints as of `asOfPosition` (default: the head) that pass `filter`, oldest first, each with
    /// its state, age, owner and next SLA target (see `ComplaintsReport`).
    ///
    /// - Parameters:
    ///   - policy: the SLA targets, the clock and its calendar (SPEC 4, 7), and the month's time zone.
    ///   - asOfPosition: only events at or before it (default: the head).
    ///   - at: the report's clock (epoch ms); `nil` takes the as-of position's clock when `asOfPosition` is
    ///     given, else the current time (as `due`).
    ///   - filter: `month` narrows the read of the recovery read model to that month's complaints; every
    ///     other filter but the owner is applied to its rows; the owner filter last, once owners are known.
    ///
    /// Everything but the owner comes from the recovery read model in one read. The read models keep no
    /// owners (SPEC 1.3's owner is the latest `assigned`, which no projection records), so they are folded
    /// from the events as of the position, whichever way costs less: each listed complaint's own stream
    /// (one indexed read per complaint, about 0.1 ms each on SQLite), or, for a long list, every owner at
    /// once with `EventStore.owners(asOf:)` (one read of the `acknowledged` and `assigned` rows, whose
    /// cost grows with the ledger, not with the list: about 0.3–0.4 s at 517,000 events). See
    /// `ownerReadCost`. At 100,000 complaints the whole list takes about 0.9 s (1.5 s when the owners
    /// came from a pass over every event).
    public func complaints(
        policy: Policy = Policy(), asOfPosition: Int64? = nil, at: Int64? = nil,
        filter: ComplaintsFilter = ComplaintsFilter()
    ) async throws -> ComplaintsReport {
        let month = try filter.month.map { try self.month($0, policy) }
        let snapshot = try await mapProjectionErrors {
            try await requireProjections().recovery(
                receivedFrom: month?.startMs ?? Int64.min, to: month?.endMs ?? Int64.max, asOf: asOfPosition)
        }
        let clockMs = at ?? (asOfPosition != nil ? snapshot.clockMs : Self.nowMilliseconds())
        var report = ComplaintsReport.compute(
            policy: policy, asOfPosition: snapshot.asOfPosition, clockMs: clockMs, rows: snapshot.rows,
            transitions: snapshot.transitions, filter: filter, month: month)
        report.setOwners(try await owners(of: report.items.map(\.complaintID), asOf: snapshot.asOfPosition))
        return report
    }

    /// How an owner read is chosen. Measured on SQLite (release build, 100,000 generated complaints,
    /// 517,000 events): a listed complaint's stream read and fold ≈ 110–120 µs, one
    /// ``EventStore/owners(asOf:)`` ≈ 0.3–0.4 s (inferred from the list's drop below, not timed alone; it
    /// decodes only the `acknowledged` and `assigned` rows, but
    /// scans the log up to the position to find them; the whole list went from 1.52 s to 0.91 s, median
    /// of 5, and `due` from 1.50 s to 0.80 s), so a list of n complaints reads streams while n × 256 is
    /// less than the events up to the position (at that size, up to about 2,000 complaints).
    static let ownerReadCost = 256

    /// The two ways of reading owners (see ``complaints(policy:asOfPosition:at:filter:)``): each listed
    /// complaint's stream, or every owner in one ``EventStore/owners(asOf:)``.
    enum OwnerRead { case streams, allOwners }

    /// SPEC 1.3's owner of each of `ids` as of `asOf` (a complaint without one is absent), read `via` the
    /// given way (default: the cheaper for this list, by ``ownerReadCost``).
    func owners(of ids: [String], asOf: Int64, via read: OwnerRead? = nil) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let way = read ?? (Int64(ids.count) * Int64(Self.ownerReadCost) < asOf ? .streams : .allOwners)
        var owners: [String: String] = [:]
        switch way {
        case .streams:
            for id in ids {
                var fold = OwnersFold()
                for event in try await store.readStream(id, asOf: asOf) { try fold.add(event) }
                owners[id] = fold.owners[id]
            }
        case .allOwners:
            let all = try await store.owners(asOf: asOf)
            owners.reserveCapacity(min(ids.count, all.count))
            for id in ids { owners[id] = all[id] }
        }
        return owners
    }
}
