import RedressStore

extension ProjectionEngine {
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
}
