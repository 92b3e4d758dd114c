#if PostgreSQL
import NIOCore
import PostgresNIO
import RedressDomain
import RedressProjections
import RedressStore

/// The projections' tables in PostgreSQL, per generation (the same tables as in the SQLite file),
/// and how a batch of events is folded into them through the shared folds; `ProjectionEngine` runs the
/// protocol on them inside the caller's transaction.
struct PostgresProjectionTables: ProjectionTables {
    let session: PostgresSession

    func head() throws -> Int64 {
        try session.query("SELECT coalesce(max(position), 0)::bigint FROM events").first?.decode(Int64.self) ?? 0
    }

    func checkpoint(_ name: ProjectionName) throws -> ProjectionCheckpoint {
        guard
            let row = try session.query(
                """
                SELECT generation, position, building_generation, building_position FROM projections
                WHERE name = \(name.rawValue)
                """
            ).first
        else { throw ProjectionError("the projection \(name.rawValue) is missing from this ledger") }
        let (generation, position, building, buildingPosition) = try row.decode((Int64, Int64, Int64?, Int64?).self)
        return ProjectionCheckpoint(
            generation: generation, position: position, buildingGeneration: building, buildingPosition: buildingPosition
        )
    }

    func setCheckpoint(_ name: ProjectionName, _ cp: ProjectionCheckpoint) throws {
        try session.query(
            """
            UPDATE projections SET generation = \(cp.generation), position = \(cp.position),
                building_generation = \(cp.buildingGeneration), building_position = \(cp.buildingPosition)
            WHERE name = \(name.rawValue)
            """)
    }

    func create(_ name: ProjectionName, generation: Int64) throws {
        for sql in Self.create(name, generation: generation) { try session.execute(sql) }
    }

    func drop(_ name: ProjectionName, generation: Int64) throws {
        for sql in Self.drop(name, generation: generation) { try session.execute(sql) }
    }

    func events(after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent] {
        try Self.read(session, after: after, upTo: upTo, limit: limit)
    }

    func apply(_ name: ProjectionName, generation: Int64, events: [ProjectionEvent], caches: FoldCaches) throws {
        switch name {
        case .recovery: try Self.applyRecovery(session, generation, events, caches.recovery)
        case .rewards: try Self.applyRewards(session, generation, events, caches.rewards)
        }
    }

    func flush(_ name: ProjectionName, generation: Int64, caches: FoldCaches) throws {
        switch name {
        case .recovery: try Self.writeRecovery(session, generation, caches.recovery.drain())
        case .rewards: try Self.writeRewards(session, generation, caches.rewards.drain())
        }
    }

    static func create(_ name: ProjectionName, generation g: Int64) -> [String] {
        switch name {
        case .recovery:
            return [
                """
                CREATE TABLE recovery_complaints_g\(g) (
                    complaint_id text PRIMARY KEY, received_ms bigint NOT NULL, received_pos bigint NOT NULL,
                    channel text NOT NULL, category text NOT NULL, severity text NOT NULL,
                    ack_ms bigint, ack_pos bigint, comp_ms bigint, comp_pos bigint,
                    close_ms bigint, close_pos bigint, follow_ms bigint, follow_pos bigint)
                """,
                "CREATE INDEX recovery_complaints_g\(g)_received ON recovery_complaints_g\(g) (received_ms)",
                """
                CREATE TABLE recovery_transitions_g\(g) (
                    complaint_id text NOT NULL, position bigint NOT NULL, kind text NOT NULL, ms bigint NOT NULL,
                    value bigint NOT NULL, PRIMARY KEY (complaint_id, position))
                """,
            ]
        case .rewards:
            return [
                """
                CREATE TABLE rewards_streams_g\(g) (
                    complaint_id text PRIMARY KEY, received_ms bigint NOT NULL, first_ack_by text,
                    latest_assignee text, cycle_rated boolean NOT NULL, last_close_ms bigint,
                    last_close_credited text)
                """,
                """
                CREATE TABLE rewards_candidates_g\(g) (
                    position bigint PRIMARY KEY, event_id bytea NOT NULL, complaint_id text NOT NULL,
                    rule text NOT NULL, staff text NOT NULL, occurred_ms bigint NOT NULL, value bigint NOT NULL)
                """,
                "CREATE INDEX rewards_candidates_g\(g)_occurred ON rewards_candidates_g\(g) (occurred_ms)",
            ]
        }
    }

    /// The tables of one generation.
    static func tables(_ name: ProjectionName, generation g: Int64) -> [String] {
        switch name {
        case .recovery: return ["recovery_complaints_g\(g)", "recovery_transitions_g\(g)"]
        case .rewards: return ["rewards_streams_g\(g)", "rewards_candidates_g\(g)"]
        }
    }

    static func drop(_ name: ProjectionName, generation g: Int64) -> [String] {
        switch name {
        case .recovery:
            return [
                "DROP TABLE IF EXISTS recovery_complaints_g\(g)", "DROP TABLE IF EXISTS recovery_transitions_g\(g)",
            ]
        case .rewards:
            return ["DROP TABLE IF EXISTS rewards_streams_g\(g)", "DROP TABLE IF EXISTS rewards_candidates_g\(g)"]
        }
    }

    /// A projection's migration: generation 1 and its checkpoint at position 0.
    static func install(_ name: ProjectionName) -> [String] {
        create(name, generation: 1) + [
            "INSERT INTO projections (name, generation, position) VALUES ('\(name.rawValue)', 1, 0) "
                + "ON CONFLICT DO NOTHING"
        ]
    }

    static let recoveryColumns =
        "complaint_id, received_ms, received_pos, channel, category, severity, ack_ms, ack_pos, comp_ms, comp_pos, "
        + "close_ms, close_pos, follow_ms, follow_pos"

    static func recoveryRow(_ row: PostgresRow) throws -> RecoveryRow {
        let (id, receivedMs, receivedPos, channel, category, severity) =
            try row.decode((String, Int64, Int64, String, String, String).self)
        let cells = Array(row)
        func milestone(_ at: Int) throws -> Milestone? {
            guard let ms = try cells[at].decode(Int64?.self), let position = try cells[at + 1].decode(Int64?.self)
            else { return nil }
            return Milestone(ms: ms, position: position)
        }
        return RecoveryRow(
            complaintID: id, received: Milestone(ms: receivedMs, position: receivedPos),
            channel: Channel(rawValue: channel) ?? .other, category: Category(rawValue: category) ?? .other,
            severity: Severity(rawValue: severity) ?? .medium, firstAcknowledged: try milestone(6),
            firstCompensated: try milestone(8), firstClosed: try milestone(10), firstFollowedUp: try milestone(12))
    }

    static let stateColumns =
        "received_ms, first_ack_by, latest_assignee, cycle_rated, last_close_ms, last_close_credited"

    static func state(_ row: PostgresRow) throws -> RewardsStreamState {
        let (received, ack, assignee, rated, closeMs, credited) =
            try row.decode((Int64, String?, String?, Bool, Int64?, String?).self)
        return RewardsStreamState(
            receivedMs: received, firstAcknowledgedBy: ack, latestAssignee: assignee, cycleRated: rated,
            lastCloseMs: closeMs, lastCloseCredited: credited)
    }

    static func candidate(_ row: PostgresRow) throws -> RewardCandidate {
        let (position, id, complaint, rule, staff, occurred, value) =
            try row.decode((Int64, ByteBuffer, String, String, String, Int64, Int64).self)
        guard let eventID = EventID(bytes: Array(id.readableBytesView)), let rule = RewardRule(rawValue: rule)
        else {
            throw ProjectionError("unreadable reward candidate at position \(position)")
        }
        return RewardCandidate(
            position: position, eventID: eventID, complaintID: complaint, rule: rule, staff: staff,
            occurredMs: occurred, value: value)
    }

    static func loadState(_ s: PostgresSession, _ g: Int64, _ id: String) throws -> RewardsStreamState? {
        try s.query(
            "SELECT \(unescaped: stateColumns) FROM \(unescaped: "rewards_streams_g\(g)") WHERE complaint_id = \(id)"
        ).first.map(state)
    }

    /// Folds `events` into the recovery tables of generation `g`.
    static func applyRecovery(
        _ s: PostgresSession, _ g: Int64, _ events: [ProjectionEvent], _ cache: FoldCache<RecoveryRow>
    )
        throws
    {
        let (rows, added) = try cache.fold(
            events,
            load: { id in
                try s.query(
                    """
                    SELECT \(unescaped: recoveryColumns) FROM \(unescaped: "recovery_complaints_g\(g)")
                    WHERE complaint_id = \(id)
                    """
                ).first.map(recoveryRow)
            }, apply: RecoveryFold.apply)
        try writeRecovery(s, g, rows)
        for t in added {
            try s.query(
                """
                INSERT INTO \(unescaped: "recovery_transitions_g\(g)") (complaint_id, position, kind, ms, value)
                VALUES (\(t.complaintID), \(t.position), \(t.kind.rawValue), \(t.ms), \(Int64(t.value)))
                """)
        }
    }

    static func writeRecovery(_ s: PostgresSession, _ g: Int64, _ rows: [(String, RecoveryRow)]) throws {
        for (_, r) in rows {
            try s.query(
                """
                INSERT INTO \(unescaped: "recovery_complaints_g\(g)") (\(unescaped: recoveryColumns))
                VALUES (\(r.complaintID), \(r.received.ms), \(r.received.position), \(r.channel.rawValue),
                    \(r.category.rawValue), \(r.severity.rawValue), \(r.firstAcknowledged?.ms),
                    \(r.firstAcknowledged?.position), \(r.firstCompensated?.ms), \(r.firstCompensated?.position),
                    \(r.firstClosed?.ms), \(r.firstClosed?.position), \(r.firstFollowedUp?.ms),
                    \(r.firstFollowedUp?.position))
                ON CONFLICT (complaint_id) DO UPDATE SET ack_ms = EXCLUDED.ack_ms, ack_pos = EXCLUDED.ack_pos,
                    comp_ms = EXCLUDED.comp_ms, comp_pos = EXCLUDED.comp_pos, close_ms = EXCLUDED.close_ms,
                    close_pos = EXCLUDED.close_pos, follow_ms = EXCLUDED.follow_ms, follow_pos = EXCLUDED.follow_pos
                """)
        }
    }

    /// Folds `events` into the rewards tables of generation `g`.
    static func applyRewards(
        _ s: PostgresSession, _ g: Int64, _ events: [ProjectionEvent], _ cache: FoldCache<RewardsStreamState>
    ) throws {
        let (rows, added) = try cache.fold(events, load: { try loadState(s, g, $0) }, apply: RewardsFold.apply)
        try writeRewards(s, g, rows)
        for c in added {
            try s.query(
                """
                INSERT INTO \(unescaped: "rewards_candidates_g\(g)") (position, event_id, complaint_id, rule, staff,
                    occurred_ms, value)
                VALUES (\(c.position), \(ByteBuffer(bytes: c.eventID.bytes)), \(c.complaintID), \(c.rule.rawValue),
                    \(c.staff), \(c.occurredMs), \(c.value))
                """)
        }
    }

    static func writeRewards(_ s: PostgresSession, _ g: Int64, _ rows: [(String, RewardsStreamState)]) throws {
        for (id, st) in rows {
            try s.query(
                """
                INSERT INTO \(unescaped: "rewards_streams_g\(g)") (complaint_id, \(unescaped: stateColumns))
                VALUES (\(id), \(st.receivedMs), \(st.firstAcknowledgedBy), \(st.latestAssignee), \(st.cycleRated),
                    \(st.lastCloseMs), \(st.lastCloseCredited))
                ON CONFLICT (complaint_id) DO UPDATE SET first_ack_by = EXCLUDED.first_ack_by,
                    latest_assignee = EXCLUDED.latest_assignee, cycle_rated = EXCLUDED.cycle_rated,
                    last_close_ms = EXCLUDED.last_close_ms, last_close_credited = EXCLUDED.last_close_credited
                """)
        }
    }

    /// Up to `limit` events in `(after, upTo]`, as the folds read them.
    static func read(_ s: PostgresSession, after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent] {
        try s.query(
            """
            SELECT \(unescaped: PostgresRows.columns) FROM events WHERE position > \(after) AND position <= \(upTo)
            ORDER BY position LIMIT \(Int64(limit))
            """
        ).map { row in
            let stored = try PostgresRows.event(row)
            do { return try ProjectionEvent(stored) } catch {
                throw StoredRowError(
                    position: stored.position, eventID: stored.eventID,
                    message: "stored data no longer valid: \(error)")
            }
        }
    }
}
#endif
