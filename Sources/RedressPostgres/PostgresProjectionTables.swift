#if PostgreSQL
import NIOCore
import PostgresNIO
import RedressDomain
import RedressProjections
import RedressStore

/// The projections' tables in PostgreSQL, per generation (the same tables as in the SQLite file),
/// written with what the shared folds give; `ProjectionEngine` runs the protocol on them inside the
/// caller's transaction.
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

    /// Nothing: here the indexes come with the tables (a rebuild's batches are round-trip bound, not index bound).
    func createIndexes(_ name: ProjectionName, generation: Int64) throws {}

    func drop(_ name: ProjectionName, generation: Int64) throws {
        for sql in Self.drop(name, generation: generation) { try session.execute(sql) }
    }

    func events(after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent] {
        try Self.read(session, after: after, upTo: upTo, limit: limit)
    }

    func stream(_ complaintID: String, before position: Int64) throws -> [ProjectionEvent] {
        try session.query(
            """
            SELECT \(unescaped: PostgresRows.columns) FROM events
            WHERE complaint_id = \(complaintID) AND position < \(position) ORDER BY version
            """
        ).map(Self.projectionEvent)
    }

    func write(_ writes: ProjectionWrites, generation g: Int64) throws {
        switch writes {
        case .recovery(let rows, let transitions):
            try Self.writeRecovery(session, g, rows)
            for t in transitions {
                try session.query(
                    """
                    INSERT INTO \(unescaped: "recovery_transitions_g\(g)") (complaint_id, position, kind, ms, value)
                    VALUES (\(t.complaintID), \(t.position), \(t.kind.rawValue), \(t.ms), \(Int64(t.value)))
                    """)
            }
        case .rewards(let candidates):
            for c in candidates {
                try session.query(
                    """
                    INSERT INTO \(unescaped: "rewards_candidates_g\(g)") (position, event_id, complaint_id, rule, \
                    staff, occurred_ms, value)
                    VALUES (\(c.position), \(ByteBuffer(bytes: c.eventID.bytes)), \(c.complaintID), \
                    \(c.rule.rawValue), \(c.staff), \(c.occurredMs), \(c.value))
                    """)
            }
        }
    }

    /// The statements that create generation `g`'s tables of `name`, empty, with their indexes.
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
        case .rewards: return ["rewards_candidates_g\(g)"]
        }
    }

    /// The statements that drop generation `g`'s tables of `name`, if there.
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

    /// A recovery row from a row selected as `recoveryColumns`; an unknown channel or category reads as
    /// `other`, an unknown severity as `medium`.
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

    /// A reward candidate from a row of the candidates joined with their events.
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

    /// Inserts each row, or updates the milestones of a complaint's row already there (a later fold
    /// reached more of them); the received fields are never changed.
    static func writeRecovery(_ s: PostgresSession, _ g: Int64, _ rows: [RecoveryRow]) throws {
        for r in rows {
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

    /// Up to `limit` events in `(after, upTo]`, as the folds read them.
    static func read(_ s: PostgresSession, after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent] {
        try s.query(
            """
            SELECT \(unescaped: PostgresRows.columns) FROM events WHERE position > \(after) AND position <= \(upTo)
            ORDER BY position LIMIT \(Int64(limit))
            """
        ).map(projectionEvent)
    }

    /// A stored row as the folds read it.
    static func projectionEvent(_ row: PostgresRow) throws -> ProjectionEvent {
        let stored = try PostgresRows.event(row)
        do { return try ProjectionEvent(stored) } catch {
            throw StoredRowError(
                position: stored.position, eventID: stored.eventID, message: "stored data no longer valid: \(error)")
        }
    }
}
#endif
