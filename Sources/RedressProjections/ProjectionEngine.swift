/// A projection's checkpoint as a backend stores it.
public struct ProjectionCheckpoint: Sendable, Equatable {
    /// The generation of tables readers use.
    public var generation: Int64
    /// The last position folded into it.
    public var position: Int64
    /// A rebuild in progress (or interrupted): its generation and the position it reached.
    public var buildingGeneration: Int64?
    public var buildingPosition: Int64?

    public init(generation: Int64, position: Int64, buildingGeneration: Int64?, buildingPosition: Int64?) {
        self.generation = generation
        self.position = position
        self.buildingGeneration = buildingGeneration
        self.buildingPosition = buildingPosition
    }
}

/// The fold caches of one catch-up or rebuild: one per projection, their limit from the store's
/// configuration.
public final class FoldCaches: @unchecked Sendable {
    public let recovery: FoldCache<RecoveryRow>
    public let rewards: FoldCache<RewardsStreamState>

    /// - Parameter tablesStartEmpty: a rebuild's new generation (nothing to look up, writes deferred).
    public init(tablesStartEmpty: Bool, limit: Int) {
        recovery = FoldCache(tablesStartEmpty: tablesStartEmpty, limit: limit)
        rewards = FoldCache(tablesStartEmpty: tablesStartEmpty, limit: limit)
    }
}

/// What a backend does to its projection tables, inside one of its own transactions: rows only.
/// ``ProjectionEngine`` keeps the protocol — checkpoints, batches, generations, the swap — once for
/// every backend.
public protocol ProjectionTables {
    /// The ledger's head position.
    func head() throws -> Int64
    /// `name`'s checkpoint; throws `ProjectionError` when the ledger lacks the projection.
    func checkpoint(_ name: ProjectionName) throws -> ProjectionCheckpoint
    /// Stores `name`'s checkpoint.
    func setCheckpoint(_ name: ProjectionName, _ checkpoint: ProjectionCheckpoint) throws
    /// Creates an empty generation of `name`'s tables.
    func create(_ name: ProjectionName, generation: Int64) throws
    /// Drops a generation of `name`'s tables (nothing when it does not exist).
    func drop(_ name: ProjectionName, generation: Int64) throws
    /// Up to `limit` events in `(after, upTo]`, in position order, as the folds read them.
    func events(after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent]
    /// Folds `events` into a generation of `name`'s tables through `caches`.
    func apply(_ name: ProjectionName, generation: Int64, events: [ProjectionEvent], caches: FoldCaches) throws
    /// Writes every state `caches` still holds for `name` into the generation.
    func flush(_ name: ProjectionName, generation: Int64, caches: FoldCaches) throws
}

/// How a backend runs one step of the engine: in one of its write transactions, on its tables.
public protocol ProjectionTransactions: Sendable {
    func inWriteTransaction<R: Sendable>(_ body: @escaping @Sendable (any ProjectionTables) throws -> R) async throws
        -> R
}

/// The projection protocol every backend runs, on its ``ProjectionTables``: catch-up in the writer's
/// transaction, and the three steps of a rebuild (a fresh generation; batches, each its own
/// transaction, while readers use the active generation; the final catch-up and the swap, at once).
public enum ProjectionEngine {
    /// Events folded per batch (and per transaction, during a rebuild).
    public static let batchSize = 20_000

    /// Folds events after `from` up to `to` into `generation`, a batch at a time; returns the position reached.
    public static func fold(
        _ tables: some ProjectionTables, _ name: ProjectionName, generation: Int64, from: Int64, to: Int64,
        maxEvents: Int = .max, caches: FoldCaches
    ) throws -> Int64 {
        var position = from
        var folded = 0
        while position < to && folded < maxEvents {
            let events = try tables.events(after: position, upTo: to, limit: min(batchSize, maxEvents - folded))
            guard let last = events.last else { break }
            try tables.apply(name, generation: generation, events: events, caches: caches)
            position = last.position
            folded += events.count
        }
        return position
    }

    /// Brings the active generation of `names` up to the head, in the caller's transaction, keeping at
    /// most `cacheLimit` complaint states in memory; returns the head.
    @discardableResult
    public static func catchUp(_ tables: some ProjectionTables, _ names: [ProjectionName], cacheLimit: Int) throws
        -> Int64
    {
        let head = try tables.head()
        for name in names {
            var cp = try tables.checkpoint(name)
            guard cp.position < head else { continue }
            cp.position = try fold(
                tables, name, generation: cp.generation, from: cp.position, to: head,
                caches: FoldCaches(tablesStartEmpty: false, limit: cacheLimit))
            try tables.setCheckpoint(name, cp)
        }
        return head
    }

    /// Rebuilds `name` from position 0: a fresh generation, filled a batch per transaction while readers
    /// keep using the active one, then caught up and swapped in at once. `afterBatch` gets the position
    /// reached after each committed batch. The fold caches live across batches (a failed batch ends the
    /// rebuild, so they never run ahead of the tables).
    public static func rebuild(
        _ name: ProjectionName, cacheLimit: Int, afterBatch: (@Sendable (Int64) throws -> Void)?,
        in backend: some ProjectionTransactions
    ) async throws {
        let generation = try await backend.inWriteTransaction { try beginRebuild($0, name) }
        let caches = FoldCaches(tablesStartEmpty: true, limit: cacheLimit)
        while true {
            let (reached, done) = try await backend.inWriteTransaction {
                try rebuildBatch($0, name, generation: generation, caches: caches)
            }
            if done { break }
            try afterBatch?(reached)
        }
        try await backend.inWriteTransaction { try finishRebuild($0, name, generation: generation, caches: caches) }
    }

    /// Rebuild, step 1: a fresh generation, after dropping what an interrupted rebuild left; returns it.
    public static func beginRebuild(_ tables: some ProjectionTables, _ name: ProjectionName) throws -> Int64 {
        var cp = try tables.checkpoint(name)
        if let stale = cp.buildingGeneration { try tables.drop(name, generation: stale) }
        let next = max(cp.generation, cp.buildingGeneration ?? 0) + 1
        try tables.drop(name, generation: next)
        try tables.create(name, generation: next)
        cp.buildingGeneration = next
        cp.buildingPosition = 0
        try tables.setCheckpoint(name, cp)
        return next
    }

    /// Rebuild, step 2: one batch into `generation`; returns the position reached and whether the
    /// head was reached already.
    public static func rebuildBatch(
        _ tables: some ProjectionTables, _ name: ProjectionName, generation: Int64, caches: FoldCaches
    ) throws -> (reached: Int64, done: Bool) {
        var cp = try building(tables, name, generation)
        let head = try tables.head()
        let from = cp.buildingPosition ?? 0
        guard from < head else { return (from, true) }
        let reached = try fold(
            tables, name, generation: generation, from: from, to: head, maxEvents: batchSize, caches: caches)
        cp.buildingPosition = reached
        try tables.setCheckpoint(name, cp)
        return (reached, false)
    }

    /// Rebuild, step 3: catch up with what arrived meanwhile, write what the caches hold, make the new
    /// generation active and drop the old one, in the caller's one transaction.
    public static func finishRebuild(
        _ tables: some ProjectionTables, _ name: ProjectionName, generation: Int64, caches: FoldCaches
    ) throws {
        let cp = try building(tables, name, generation)
        let reached = try fold(
            tables, name, generation: generation, from: cp.buildingPosition ?? 0, to: try tables.head(), caches: caches)
        try tables.flush(name, generation: generation, caches: caches)
        try tables.setCheckpoint(
            name,
            ProjectionCheckpoint(
                generation: generation, position: reached, buildingGeneration: nil, buildingPosition: nil))
        try tables.drop(name, generation: cp.generation)
    }

    static func building(_ tables: some ProjectionTables, _ name: ProjectionName, _ generation: Int64) throws
        -> ProjectionCheckpoint
    {
        let cp = try tables.checkpoint(name)
        guard cp.buildingGeneration == generation else {
            throw ProjectionError("another rebuild of \(name.rawValue) took over")
        }
        return cp
    }

    /// The as-of position of a report: the head by default, never past it.
    public static func asOf(_ requested: Int64?, head: Int64) throws -> Int64 {
        let asOf = requested ?? head
        guard asOf >= 0, asOf <= head else {
            throw ProjectionError("--as-of-position \(asOf) is past the ledger's head \(head)")
        }
        return asOf
    }

    /// Calls `body` with every event in `(after, upTo]`, in position order, a batch at a time.
    public static func scan(
        _ tables: some ProjectionTables, after: Int64, upTo: Int64, _ body: (ProjectionEvent) throws -> Void
    ) throws {
        var position = after
        while position < upTo {
            let events = try tables.events(after: position, upTo: upTo, limit: batchSize)
            guard let last = events.last else { break }
            for event in events { try body(event) }
            position = last.position
        }
    }

    /// Each projection's checkpoint against the head.
    public static func status(_ tables: some ProjectionTables) throws -> [ProjectionStatus] {
        let head = try tables.head()
        return try ProjectionName.allCases.map { name in
            let cp = try tables.checkpoint(name)
            let building = cp.buildingGeneration.map { ($0, cp.buildingPosition ?? 0) }
            return ProjectionStatus(
                name: name, generation: cp.generation, position: cp.position, head: head, building: building)
        }
    }
}
