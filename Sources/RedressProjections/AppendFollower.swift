import RedressDomain

/// Folds a write transaction's own appends into the projections as they are made, a batch at a
/// time, so that the catch-up before the commit neither reads them back nor parses their data.
///
/// It follows only when every projection is current when the transaction begins (its checkpoint
/// at the head): then the events after the checkpoints are exactly the transaction's appends, in
/// order. Otherwise ``make(_:_:head:cacheLimit:)`` gives `nil` and the writer runs
/// ``ProjectionEngine/catchUp(_:_:cacheLimit:)`` as before.
public final class AppendFollower<Tables: ProjectionTables> {
    private let tables: Tables
    private let checkpoints: [(ProjectionName, ProjectionCheckpoint)]
    private let caches: FoldCaches
    private var pending: [ProjectionEvent] = []
    /// The position of the last event handed in.
    private var position: Int64
    /// The position of the checkpoints when the transaction began.
    private let start: Int64

    /// A follower for a transaction that has not appended yet, its head at `head` (the writer read it
    /// already), or `nil` when a projection is behind.
    public static func make(_ tables: Tables, _ names: [ProjectionName], head: Int64, cacheLimit: Int) throws
        -> AppendFollower?
    {
        var checkpoints: [(ProjectionName, ProjectionCheckpoint)] = []
        for name in names {
            let cp = try tables.checkpoint(name)
            guard cp.position == head else { return nil }
            checkpoints.append((name, cp))
        }
        return AppendFollower(tables, checkpoints, head: head, cacheLimit: cacheLimit)
    }

    /// Only through ``make(_:_:head:cacheLimit:)``, which checked every checkpoint is at `head`.
    private init(
        _ tables: Tables, _ checkpoints: [(ProjectionName, ProjectionCheckpoint)], head: Int64, cacheLimit: Int
    ) {
        self.tables = tables
        self.checkpoints = checkpoints
        caches = FoldCaches(limit: cacheLimit)
        position = head
        start = head
    }

    /// The next event appended; it must be the one right after the last.
    public func appended(_ event: ProjectionEvent) throws {
        guard event.position == position + 1 else {
            throw ProjectionError(
                "the projections were following position \(position), but position \(event.position) was appended")
        }
        position = event.position
        pending.append(event)
        if pending.count >= ProjectionEngine.batchSize { try fold() }
    }

    /// Folds the pending events into every followed projection's active generation and forgets them.
    private func fold() throws {
        guard !pending.isEmpty else { return }
        for (name, cp) in checkpoints {
            try tables.write(caches.fold(name, pending, source: tables), generation: cp.generation)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Folds what is left, writes what the caches hold and moves the checkpoints, before the commit.
    public func finish() throws {
        guard position > start else { return }
        try fold()
        for (name, var cp) in checkpoints {
            try tables.write(caches.drain(name), generation: cp.generation)
            cp.position = position
            try tables.setCheckpoint(name, cp)
        }
    }
}
