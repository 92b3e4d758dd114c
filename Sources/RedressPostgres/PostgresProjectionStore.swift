#if PostgreSQL
import NIOCore
import PostgresNIO
import RedressDomain
import RedressProjections
import RedressStore

/// The projections of a PostgreSQL ledger, in the same database as its events, kept as on SQLite:
/// every write transaction folds its events in before it commits, a rebuild fills a new generation
/// and swaps it in at once, and reports read one snapshot, folding in memory whatever a lagging
/// projection lacks.
public final class PostgresProjectionStore: ProjectionStore, @unchecked Sendable {
    let store: PostgresEventStore
    /// Events folded per batch (and per transaction, during a rebuild).
    static let batchSize = 20_000

    init(store: PostgresEventStore) { self.store = store }

    struct Checkpoint {
        var generation: Int64
        var position: Int64
        var buildingGeneration: Int64?
        var buildingPosition: Int64?
    }

    static func checkpoint(_ s: PostgresSession, _ name: ProjectionName) throws -> Checkpoint {
        guard
            let row = try s.query(
                """
                SELECT generation, position, building_generation, building_position FROM projections
                WHERE name = \(name.rawValue)
                """
            ).first
        else { throw ProjectionError("the projection \(name.rawValue) is missing from this ledger") }
        let (generation, position, building, buildingPosition) = try row.decode((Int64, Int64, Int64?, Int64?).self)
        return Checkpoint(
            generation: generation, position: position, buildingGeneration: building,
            buildingPosition: buildingPosition)
    }

    static func head(_ s: PostgresSession) throws -> Int64 {
        try s.query("SELECT coalesce(max(position), 0)::bigint FROM events").first?.decode(Int64.self) ?? 0
    }

    /// Folds events after `from` up to `to` into `generation`, a batch at a time; returns the position reached.
    static func fold(
        _ s: PostgresSession, _ name: ProjectionName, generation: Int64, from: Int64, to: Int64,
        maxEvents: Int = .max,
        caches: Caches
    ) throws -> Int64 {
        var position = from
        var folded = 0
        while position < to && folded < maxEvents {
            let events = try PostgresProjectionTables.read(
                s, after: position, upTo: to, limit: min(batchSize, maxEvents - folded))
            guard let last = events.last else { break }
            switch name {
            case .recovery: try PostgresProjectionTables.applyRecovery(s, generation, events, caches.recovery)
            case .rewards: try PostgresProjectionTables.applyRewards(s, generation, events, caches.rewards)
            }
            position = last.position
            folded += events.count
        }
        return position
    }

    /// One fold cache per projection, for the length of one catch-up or rebuild.
    final class Caches: @unchecked Sendable {
        let recovery: FoldCache<RecoveryRow>
        let rewards: FoldCache<RewardsStreamState>
        init(tablesStartEmpty: Bool, limit: Int) {
            recovery = FoldCache(tablesStartEmpty: tablesStartEmpty, limit: limit)
            rewards = FoldCache(tablesStartEmpty: tablesStartEmpty, limit: limit)
        }

        func flush(_ s: PostgresSession, _ name: ProjectionName, generation: Int64) throws {
            switch name {
            case .recovery: try PostgresProjectionTables.writeRecovery(s, generation, recovery.drain())
            case .rewards: try PostgresProjectionTables.writeRewards(s, generation, rewards.drain())
            }
        }
    }

    /// Brings the active generation of `names` up to the head, in the caller's transaction.
    static func catchUp(_ s: PostgresSession, _ names: [ProjectionName], cacheLimit: Int) throws -> Int64 {
        let head = try head(s)
        for name in names {
            let cp = try checkpoint(s, name)
            guard cp.position < head else { continue }
            let reached = try fold(
                s, name, generation: cp.generation, from: cp.position, to: head,
                caches: Caches(tablesStartEmpty: false, limit: cacheLimit))
            try s.query("UPDATE projections SET position = \(reached) WHERE name = \(name.rawValue)")
        }
        return head
    }

    public func status() async throws -> [ProjectionStatus] {
        try await store.readSession { s in
            let head = try Self.head(s)
            return try ProjectionName.allCases.map { name in
                let cp = try Self.checkpoint(s, name)
                let building = cp.buildingGeneration.map { ($0, cp.buildingPosition ?? 0) }
                return ProjectionStatus(
                    name: name, generation: cp.generation, position: cp.position, head: head, building: building)
            }
        }
    }

    @discardableResult
    public func catchUp() async throws -> Int64 {
        let limit = store.options.foldCacheStates
        return try await store.writeSession { s in try Self.catchUp(s, ProjectionName.allCases, cacheLimit: limit) }
    }

    public func rebuild(_ name: ProjectionName, afterBatch: (@Sendable (Int64) throws -> Void)? = nil) async throws {
        // 1. A fresh generation; drop what an interrupted rebuild left behind.
        let generation = try await store.writeSession { s -> Int64 in
            let cp = try Self.checkpoint(s, name)
            if let stale = cp.buildingGeneration {
                for sql in PostgresProjectionTables.drop(name, generation: stale) { try s.execute(sql) }
            }
            let next = max(cp.generation, cp.buildingGeneration ?? 0) + 1
            for sql in PostgresProjectionTables.drop(name, generation: next)
                + PostgresProjectionTables.create(
                    name, generation: next)
            {
                try s.execute(sql)
            }
            try s.query(
                """
                UPDATE projections SET building_generation = \(next), building_position = 0
                WHERE name = \(name.rawValue)
                """
            )
            return next
        }
        // 2. Fill it a batch per transaction; readers still see the active generation.
        let caches = Caches(tablesStartEmpty: true, limit: store.options.foldCacheStates)
        while true {
            let (reached, done) = try await store.writeSession { s -> (Int64, Bool) in
                let cp = try Self.checkpoint(s, name)
                guard cp.buildingGeneration == generation else {
                    throw ProjectionError("another rebuild of \(name.rawValue) took over")
                }
                let head = try Self.head(s)
                let from = cp.buildingPosition ?? 0
                guard from < head else { return (from, true) }
                let reached = try Self.fold(
                    s, name, generation: generation, from: from, to: head, maxEvents: Self.batchSize, caches: caches
                )
                try s.query("UPDATE projections SET building_position = \(reached) WHERE name = \(name.rawValue)")
                return (reached, false)
            }
            if done { break }
            try afterBatch?(reached)
        }
        // 3. Catch up with what arrived meanwhile and make the new generation active, at once.
        try await store.writeSession { s in
            let cp = try Self.checkpoint(s, name)
            guard cp.buildingGeneration == generation else {
                throw ProjectionError("another rebuild of \(name.rawValue) took over")
            }
            let head = try Self.head(s)
            let reached = try Self.fold(
                s, name, generation: generation, from: cp.buildingPosition ?? 0, to: head, caches: caches)
            try caches.flush(s, name, generation: generation)
            try s.query(
                """
                UPDATE projections SET generation = \(generation), position = \(reached), building_generation = NULL,
                    building_position = NULL
                WHERE name = \(name.rawValue)
                """)
            for sql in PostgresProjectionTables.drop(name, generation: cp.generation) { try s.execute(sql) }
        }
    }

    static func asOf(_ requested: Int64?, head: Int64) throws -> Int64 {
        let asOf = requested ?? head
        guard asOf >= 0, asOf <= head else {
            throw ProjectionError("--as-of-position \(asOf) is past the ledger's head \(head)")
        }
        return asOf
    }

    /// Calls `body` with every event in `(after, upTo]`, in position order, a batch at a time.
    static func scan(_ s: PostgresSession, after: Int64, upTo: Int64, _ body: (ProjectionEvent) throws -> Void)
        throws
    {
        var position = after
        while position < upTo {
            let events = try PostgresProjectionTables.read(s, after: position, upTo: upTo, limit: batchSize)
            guard let last = events.last else { break }
            for event in events { try body(event) }
            position = last.position
        }
    }

    public func recovery(receivedFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> RecoverySnapshot
    {
        try await store.readSession { s in
            let head = try Self.head(s)
            let asOf = try Self.asOf(requested, head: head)
            let clock =
                try s.query("SELECT recorded_ms FROM events WHERE position = \(asOf)").first?.decode(Int64.self)
                ?? 0
            let cp = try Self.checkpoint(s, .recovery)
            let c = "recovery_complaints_g\(cp.generation)"
            let t = "recovery_transitions_g\(cp.generation)"
            var rows = try s.query(
                """
                SELECT \(unescaped: PostgresProjectionTables.recoveryColumns) FROM \(unescaped: c)
                WHERE received_ms >= \(startMs) AND received_ms < \(endMs) AND received_pos <= \(asOf)
                ORDER BY received_pos
                """
            ).map(PostgresProjectionTables.recoveryRow)
            var transitions: [String: [Transition]] = [:]
            for row in try s.query(
                """
                SELECT t.complaint_id, t.position, t.kind, t.ms, t.value FROM \(unescaped: t) t
                JOIN \(unescaped: c) c ON c.complaint_id = t.complaint_id
                WHERE c.received_ms >= \(startMs) AND c.received_ms < \(endMs) AND c.received_pos <= \(asOf)
                    AND t.position <= \(asOf)
                ORDER BY t.complaint_id COLLATE "C", t.position
                """)
            {
                let (id, position, kind, ms, value) = try row.decode((String, Int64, String, Int64, Int64).self)
                transitions[id, default: []].append(
                    Transition(
                        complaintID: id, position: position, kind: Transition.Kind(rawValue: kind) ?? .closed,
                        ms: ms,
                        value: Int(value)))
            }
            if cp.position < asOf {
                var tail = RecoveryTail(rows: rows, transitions: transitions, receivedFrom: startMs, to: endMs)
                try Self.scan(s, after: cp.position, upTo: asOf) { tail.apply($0) }
                (rows, transitions) = (tail.rows, tail.transitions)
            }
            return RecoverySnapshot(asOfPosition: asOf, clockMs: clock, rows: rows, transitions: transitions)
        }
    }

    public func rewardCandidates(occurredFrom startMs: Int64, to endMs: Int64, asOf requested: Int64?) async throws
        -> (asOf: Int64, candidates: [RewardCandidate])
    {
        try await store.readSession { s in
            let head = try Self.head(s)
            let asOf = try Self.asOf(requested, head: head)
            let cp = try Self.checkpoint(s, .rewards)
            var candidates = try s.query(
                """
                SELECT position, event_id, complaint_id, rule, staff, occurred_ms, value
                FROM \(unescaped: "rewards_candidates_g\(cp.generation)")
                WHERE occurred_ms >= \(startMs) AND occurred_ms < \(endMs) AND position <= \(asOf) ORDER BY position
                """
            ).map(PostgresProjectionTables.candidate)
            if cp.position < asOf {
                var tail = RewardsTail(candidates: candidates, occurredFrom: startMs, to: endMs)
                try Self.scan(s, after: cp.position, upTo: asOf) { event in
                    try tail.apply(event) { try PostgresProjectionTables.loadState(s, cp.generation, $0) }
                }
                candidates = tail.candidates
            }
            return (asOf, candidates)
        }
    }

    public func receivedRange() async throws -> (first: Int64, last: Int64)? {
        try await store.readSession { s in
            guard
                let row = try s.query(
                    "SELECT min(occurred_ms), max(occurred_ms) FROM events WHERE type = 'received'"
                ).first
            else { return nil }
            let (first, last) = try row.decode((Int64?, Int64?).self)
            guard let first, let last else { return nil }
            return (first, last)
        }
    }
}
#endif
