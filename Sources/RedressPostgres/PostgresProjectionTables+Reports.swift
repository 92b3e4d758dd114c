#if PostgreSQL
import PostgresNIO
import RedressProjections

/// The window's rows of the active generation, one query each.
extension PostgresProjectionTables: ReportTables {
    func recordedMs(at position: Int64) throws -> Int64 {
        try session.query("SELECT recorded_ms FROM events WHERE position = \(position)").first?.decode(Int64.self) ?? 0
    }

    func recoveryRows(generation: Int64, in window: ReportWindow) throws -> [RecoveryRow] {
        try session.query(
            """
            SELECT \(unescaped: Self.recoveryColumns) FROM \(unescaped: "recovery_complaints_g\(generation)")
            WHERE received_ms >= \(window.startMs) AND received_ms < \(window.endMs)
                AND received_pos <= \(window.asOf)
            ORDER BY received_pos
            """
        ).map(Self.recoveryRow)
    }

    func recoveryTransitions(generation: Int64, in window: ReportWindow) throws -> [String: [Transition]] {
        var transitions: [String: [Transition]] = [:]
        for row in try session.query(
            """
            SELECT t.complaint_id, t.position, t.kind, t.ms, t.value
            FROM \(unescaped: "recovery_transitions_g\(generation)") t
            JOIN \(unescaped: "recovery_complaints_g\(generation)") c ON c.complaint_id = t.complaint_id
            WHERE c.received_ms >= \(window.startMs) AND c.received_ms < \(window.endMs)
                AND c.received_pos <= \(window.asOf) AND t.position <= \(window.asOf)
            ORDER BY t.complaint_id COLLATE "C", t.position
            """)
        {
            let (id, position, kind, ms, value) = try row.decode((String, Int64, String, Int64, Int64).self)
            transitions[id, default: []].append(
                Transition(
                    complaintID: id, position: position, kind: Transition.Kind(rawValue: kind) ?? .closed, ms: ms,
                    value: Int(value)))
        }
        return transitions
    }

    func rewardCandidates(generation: Int64, in window: ReportWindow) throws -> [RewardCandidate] {
        try session.query(
            """
            SELECT position, event_id, complaint_id, rule, staff, occurred_ms, value
            FROM \(unescaped: "rewards_candidates_g\(generation)")
            WHERE occurred_ms >= \(window.startMs) AND occurred_ms < \(window.endMs) AND position <= \(window.asOf)
            ORDER BY position
            """
        ).map(Self.candidate)
    }
}
#endif
