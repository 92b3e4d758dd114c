import GRDB
import GRDBSQLite
import RedressProjections

/// The window's rows, read with cached raw statements (a month's report reads tens of thousands of
/// rows; GRDB's `Row` per row cost more than the query).
extension SQLiteProjectionTables: ReportTables {
    func recordedMs(at position: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT recorded_ms FROM events WHERE position = ?", arguments: [position]) ?? 0
    }

    func recoveryRows(generation: Int64, in window: ReportWindow) throws -> [RecoveryRow] {
        var rows: [RecoveryRow] = []
        let select = RawStatement(
            try db.cachedStatement(
                sql: """
                    SELECT \(RecoveryTables.rowColumns) FROM \(RecoveryTables.complaints(generation)) \
                    WHERE received_ms >= ? AND received_ms < ? AND received_pos <= ? ORDER BY received_pos
                    """), db)
        defer { sqlite3_reset(select.handle) }
        select.bind(1, window.startMs)
        select.bind(2, window.endMs)
        select.bind(3, window.asOf)
        while try select.next() { rows.append(RecoveryTables.decodeRow(select)) }
        return rows
    }

    func recoveryTransitions(generation: Int64, in window: ReportWindow) throws -> [String: [Transition]] {
        var transitions: [String: [Transition]] = [:]
        let joined = RawStatement(
            try db.cachedStatement(
                sql: """
                    SELECT t.complaint_id, t.position, t.kind, t.ms, t.value \
                    FROM \(RecoveryTables.transitions(generation)) t \
                    JOIN \(RecoveryTables.complaints(generation)) c ON c.complaint_id = t.complaint_id
                    WHERE c.received_ms >= ? AND c.received_ms < ? AND c.received_pos <= ? AND t.position <= ?
                    ORDER BY t.complaint_id, t.position
                    """), db)
        defer { sqlite3_reset(joined.handle) }
        joined.bind(1, window.startMs)
        joined.bind(2, window.endMs)
        joined.bind(3, window.asOf)
        joined.bind(4, window.asOf)
        while try joined.next() {
            let id = joined.string(0) ?? ""
            let kind = Transition.Kind(rawValue: joined.string(2) ?? "") ?? .closed
            transitions[id, default: []].append(
                Transition(
                    complaintID: id, position: joined.int64(1), kind: kind, ms: joined.int64(3),
                    value: Int(joined.int64(4))))
        }
        return transitions
    }

    func rewardCandidates(generation: Int64, in window: ReportWindow) throws -> [RewardCandidate] {
        var candidates: [RewardCandidate] = []
        let select = RawStatement(try db.cachedStatement(sql: RewardsTables.select(generation: generation)), db)
        defer { sqlite3_reset(select.handle) }
        select.bind(1, window.startMs)
        select.bind(2, window.endMs)
        select.bind(3, window.asOf)
        while try select.next() {
            guard let candidate = RewardsTables.decodeCandidate(select) else {
                throw ProjectionError("unreadable reward candidate at position \(select.int64(0))")
            }
            candidates.append(candidate)
        }
        return candidates
    }
}
