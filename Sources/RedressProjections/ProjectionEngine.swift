import RedressStore

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

/// What a fold gives a backend to write into one generation of a projection's tables.
public enum ProjectionWrites: Sendable {
    /// Complaint states leaving a fold cache, sorted by complaint id: their rows, and their
    /// transitions not yet written, in the tables' key order.
    static func recovery(_ states: [(String, RecoveryState)]) -> ProjectionWrites {
        .recovery(rows: states.map(\.1.row), transitions: states.flatMap(\.1.unwritten))
    }

    /// Complaint rows to insert or replace, and transitions to insert (both sorted by their keys).
    case recovery(rows: [RecoveryRow], transitions: [Transition])
    /// Credit candidates to insert (in position order).
    case rewards(candidates: [RewardCandidate])
}

/// The fold caches of one catch-up or rebuild: one per projection, their limit from the store's
/// configuration, and the folds run through them.
///
/// A fold reads only the event log: a complaint's state that is not cached is re-derived from its
/// own earlier events (``ProjectionEventSource/stream(_:before:)``), never read back from a read
/// model. So a fold can run on any connection that sees the log — a rebuild folds on a reader's
/// while the writer writes — and the rewards projection stores no per-complaint state at all.
public final class FoldCaches: @unchecked Sendable {
    public let recovery: FoldCache<RecoveryState>
    public let rewards: FoldCache<RewardsStreamState>

    public init(limit: Int) {
        recovery = FoldCache(limit: limit)
        rewards = FoldCache(limit: limit)
        rewards.keepsStates = false
    }

    /// Folds `events` (in position order) into `name`'s states; returns what to write.
    public func fold(_ name: ProjectionName, _ events: [ProjectionEvent], source: some ProjectionEventSource) throws
        -> ProjectionWrites
    {
        switch name {
        case .recovery:
            let (states, _) = try recovery.fold(
                events,
                load: { id, position in
                    try RecoveryFold.row(after: source.stream(id, before: position)).map {
                        RecoveryState(row: $0)
                    }
                }, apply: RecoveryState.apply)
            return .recovery(states)
        case .rewards:
            let (_, candidates) = try rewards.fold(
                events, load: { try RewardsFold.state(after: source.stream($0, before: $1)) },
                apply: RewardsFold.apply)
            return .rewards(candidates: candidates)
        }
    }

    /// What `name`'s cache still holds to write, sorted by complaint id; the cache is empty after.
    public func drain(_ name: ProjectionName) -> ProjectionWrites {
        switch name {
        case .recovery: return .recovery(recovery.drain())
        case .rewards:
            _ = rewards.drain()
            return .rewards(candidates: [])
        }
    }
}

/// The event log as the folds read it.
public protocol ProjectionEventSource {
    /// Up to `limit` events in `(after, upTo]`, in position order.
    func events(after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent]
    /// `complaintID`'s events before `position`, in stream order: how a fold re-derives a state it
    /// does not hold.
    func stream(_ complaintID: String, before position: Int64) throws -> [ProjectionEvent]
}

/// What a backend does to its projection tables, inside one of its own transactions: rows only.
/// ``ProjectionEngine`` keeps the protocol — checkpoints, batches, generations, the swap — and
/// ``FoldCaches`` the folds, once for every backend.
public protocol ProjectionTables: ProjectionEventSource {
    /// The ledger's head position.
    func head() throws -> Int64
    /// `name`'s checkpoint; throws `ProjectionError` when the ledger lacks the projection.
    func checkpoint(_ name: ProjectionName) throws -> ProjectionCheckpoint
    /// Stores `name`'s checkpoint.
    func setCheckpoint(_ name: ProjectionName, _ checkpoint: ProjectionCheckpoint) throws
    /// Creates an empty generation of `name`'s tables, without the indexes readers need that are
    /// cheaper sorted once than kept row by row (an index whose keys arrive in order may come with it).
    func create(_ name: ProjectionName, generation: Int64) throws
    /// Creates the indexes readers need that ``create(_:generation:)`` left out: once the generation is
    /// filled, before it becomes active (one sort instead of an index insert per row).
    func createIndexes(_ name: ProjectionName, generation: Int64) throws
    /// Drops a generation of `name`'s tables (nothing when it does not exist).
    func drop(_ name: ProjectionName, generation: Int64) throws
    /// Writes what a fold gave into a generation of the projection's tables (rows insert or replace).
    func write(_ writes: ProjectionWrites, generation: Int64) throws
}

/// How a backend runs one step of the engine: in one of its write transactions, on its tables.
public protocol ProjectionTransactions: Sendable {
    func inWriteTransaction<R: Sendable>(_ body: @escaping @Sendable (any ProjectionTables) throws -> R) async throws
        -> R
    /// Runs `body` on the log as committed, on a connection other than the writer's: a rebuild reads
    /// and folds there, on a thread of its own, while it writes. It reads only events up to the head
    /// the rebuild began at, which never change once committed, so its reads need not share one read
    /// transaction (SQLite's reads each statement in its own: a snapshot held for the whole rebuild
    /// kept the writer's commits from checkpointing the WAL, which grew by all that was written and was
    /// copied into the database at the end). The default runs nothing (a backend with one connection):
    /// the rebuild then reads and folds in its write transactions.
    func withCommittedLog(_ body: (any ProjectionEventSource) throws -> Void) throws
}

extension ProjectionTransactions {
    public func withCommittedLog(_ body: (any ProjectionEventSource) throws -> Void) throws {}
}

/// The projection protocol every backend runs, on its ``ProjectionTables``: catch-up in the writer's
/// transaction, and the three steps of a rebuild (a fresh generation; batches, each its own
/// transaction, while readers use the active generation; the final catch-up and the swap, at once).
public enum ProjectionEngine {
    /// Events read and folded per batch.
    public static let batchSize = 20_000
    /// Events folded per transaction during a rebuild, at least (a tenth of the log, up to five
    /// times this): the writer lock is let go between them, so other writers wait well under a second.
    public static let rebuildTransactionEvents = 20_000

    /// One generation of a projection's tables that a fold writes into, and the last position it holds.
    public struct Target: Sendable {
        public var name: ProjectionName
        public var generation: Int64
        public var from: Int64

        public init(_ name: ProjectionName, generation: Int64, from: Int64) {
            self.name = name
            self.generation = generation
            self.from = from
        }
    }

    /// Folds the events after each target's `from` up to `to` into it, reading each batch of the log
    /// once for all the targets; returns the position reached (a target that started past it stays
    /// where it was).
    public static func fold(
        _ tables: some ProjectionTables, _ targets: [Target], to: Int64, maxEvents: Int = .max, caches: FoldCaches
    ) throws -> Int64 {
        guard var position = targets.map(\.from).min() else { return to }
        var folded = 0
        while position < to && folded < maxEvents {
            let events = try tables.events(after: position, upTo: to, limit: min(batchSize, maxEvents - folded))
            guard let last = events.last else { break }
            for target in targets where target.from < last.position {
                let mine = target.from <= position ? events : events.filter { $0.position > target.from }
                try tables.write(caches.fold(target.name, mine, source: tables), generation: target.generation)
            }
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
        var behind: [(ProjectionCheckpoint, Target)] = []
        for name in names {
            let cp = try tables.checkpoint(name)
            if cp.position < head { behind.append((cp, Target(name, generation: cp.generation, from: cp.position))) }
        }
        guard !behind.isEmpty else { return head }
        let caches = FoldCaches(limit: cacheLimit)
        let reached = try fold(tables, behind.map(\.1), to: head, caches: caches)
        for (var cp, target) in behind {
            try tables.write(caches.drain(target.name), generation: target.generation)
            cp.position = max(reached, target.from)
            try tables.setCheckpoint(target.name, cp)
        }
        return head
    }

    /// Rebuilds `names` from position 0, reading the log once for all of them: a fresh generation of
    /// each, filled in transactions of ``rebuildTransactionEvents`` events or more (a tenth of the
    /// log, up to five times that) while readers keep using
    /// the active ones, then caught up and swapped in at once. `afterBatch` gets the position reached
    /// after each committed transaction. The fold caches live across transactions (a failed one ends
    /// the rebuild, so they never run ahead of the tables).
    public static func rebuild(
        _ names: [ProjectionName], cacheLimit: Int, afterBatch: (@Sendable (Int64) throws -> Void)?,
        in backend: some ProjectionTransactions
    ) async throws {
        let (generations, head) = try await backend.inWriteTransaction { tables in
            (try names.map { try beginRebuild(tables, $0) }, try tables.head())
        }
        // About ten transactions for a log of up to a million events: fewer commits, and the writer
        // lock is still let go well within a second.
        let perTransaction = min(max(rebuildTransactionEvents, Int(head / 10)), 5 * rebuildTransactionEvents)
        let caches = FoldCaches(limit: cacheLimit)
        // A complaint has at least one event: never more states than events.
        if names.contains(.recovery) { caches.recovery.reserve(Int(head)) }
        if names.contains(.rewards) { caches.rewards.reserve(Int(head)) }
        // The events committed so far are read on another connection (and core), which folds all the
        // projections but the last (reading costs about one fold); this one folds the last and writes.
        let readerFolds = names.count > 1 ? Array(names.dropLast()) : []
        let ahead = ReadAhead<FoldedBatch>()
        ahead.start { put in
            try backend.withCommittedLog { log in
                var position: Int64 = 0
                while position < head {
                    // A small first batch: the writer starts on it while the next ones are read.
                    let events = try log.events(
                        after: position, upTo: head, limit: position == 0 ? batchSize / 10 : batchSize)
                    guard let last = events.last else { return }
                    var writes: [ProjectionName: ProjectionWrites] = [:]
                    for name in readerFolds { writes[name] = try caches.fold(name, events, source: log) }
                    let batch = FoldedBatch(after: position, reached: last.position, events: events, writes: writes)
                    guard put(batch) else { return }
                    position = last.position
                }
                // What the reader's folds still hold goes last, drained (and sorted) here while the
                // writer catches up, rather than after it.
                var rest: [ProjectionName: ProjectionWrites] = [:]
                for name in readerFolds { rest[name] = caches.drain(name) }
                _ = put(FoldedBatch(after: position, reached: position, events: [], writes: rest, last: true))
            }
        }
        defer { ahead.stop() }
        while true {
            let (reached, done) = try await backend.inWriteTransaction { tables in
                let step = try rebuildBatch(
                    tables, names, generations: generations, caches: caches, ahead: ahead,
                    perTransaction: perTransaction)
                // The last of the log is in: the swap commits with it (one commit, and one copy of the
                // WAL into the database, fewer).
                if step.done { try finishRebuild(tables, names, generations: generations, caches: caches) }
                return step
            }
            if done { break }
            try afterBatch?(reached)
        }
    }

    /// Events a rebuild's reader has read, and what the projections it folded got from them.
    struct FoldedBatch: Sendable {
        var after: Int64
        var reached: Int64
        var events: [ProjectionEvent]
        var writes: [ProjectionName: ProjectionWrites]
        /// What the reader's folds held at the end: nothing comes after it.
        var last = false
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

    /// Rebuild, step 2: one transaction's events into the `generations` being built; returns the
    /// position reached and whether the head was reached already.
    public static func rebuildBatch(
        _ tables: some ProjectionTables, _ names: [ProjectionName], generations: [Int64], caches: FoldCaches
    ) throws -> (reached: Int64, done: Bool) {
        try rebuildBatch(
            tables, names, generations: generations, caches: caches, ahead: nil,
            perTransaction: rebuildTransactionEvents)
    }

    /// With `ahead`, `done` means the reader's last batch was taken here: only the step-3 catch-up of what
    /// arrived meanwhile is left.
    static func rebuildBatch(
        _ tables: some ProjectionTables, _ names: [ProjectionName], generations: [Int64], caches: FoldCaches,
        ahead: ReadAhead<FoldedBatch>?, perTransaction: Int
    ) throws -> (reached: Int64, done: Bool) {
        let building = try buildingTargets(tables, names, generations)
        let from = building.map(\.1.from).min() ?? 0
        var reached = from
        var folded = 0
        var took = false
        var last = false
        // What the reader folded, while it lasts (every target started at 0 with it).
        while !last, folded < perTransaction, let batch = try ahead?.take() {
            guard batch.after == reached, building.allSatisfy({ $0.1.from == from }) else {
                throw ProjectionError("the rebuild's reader fell out of step at position \(reached)")
            }
            for (_, target) in building {
                let writes = try batch.writes[target.name] ?? caches.fold(target.name, batch.events, source: tables)
                try tables.write(writes, generation: target.generation)
            }
            reached = batch.reached
            folded += batch.events.count
            took = true
            last = batch.last
        }
        if !took {
            // No reader, or it is done: read and fold here.
            let head = try tables.head()
            guard from < head else { return (from, true) }
            reached = try fold(
                tables, building.map(\.1), to: head, maxEvents: perTransaction, caches: caches)
        }
        for (var cp, target) in building {
            cp.buildingPosition = max(reached, target.from)
            try tables.setCheckpoint(target.name, cp)
        }
        return (reached, last)
    }

    /// Rebuild, step 3: catch up with what arrived meanwhile, write what the caches hold, make the new
    /// generations active and drop the old ones, in the caller's one transaction.
    public static func finishRebuild(
        _ tables: some ProjectionTables, _ names: [ProjectionName], generations: [Int64], caches: FoldCaches
    ) throws {
        let building = try buildingTargets(tables, names, generations)
        let reached = try fold(tables, building.map(\.1), to: try tables.head(), caches: caches)
        for (cp, target) in building {
            try tables.write(caches.drain(target.name), generation: target.generation)
            try tables.createIndexes(target.name, generation: target.generation)
            try tables.setCheckpoint(
                target.name,
                ProjectionCheckpoint(
                    generation: target.generation, position: max(reached, target.from), buildingGeneration: nil,
                    buildingPosition: nil))
            try tables.drop(target.name, generation: cp.generation)
        }
    }

    /// Each projection's checkpoint and the generation it is building, checked to be still this rebuild's.
    static func buildingTargets(_ tables: some ProjectionTables, _ names: [ProjectionName], _ generations: [Int64])
        throws -> [(ProjectionCheckpoint, Target)]
    {
        try zip(names, generations).map { name, generation in
            let cp = try building(tables, name, generation)
            return (cp, Target(name, generation: generation, from: cp.buildingPosition ?? 0))
        }
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
