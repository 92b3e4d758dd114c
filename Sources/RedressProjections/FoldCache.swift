import RedressDomain

/// The fold cache every projection backend uses while it folds batches of events: one per projection
/// for the length of a catch-up or a rebuild, its limit from the store's configuration.
///
/// Per-complaint fold states known to match the tables (`nil`: known to have no row), bounded
/// like the import's state cache: two generations, recently used states move to the young one,
/// long-finished ones fall out and are read back from the tables if they come up again.
public final class FoldCache<State> {
    /// The states in use; the folds mutate them in place.
    private var young: [String: State?] = [:]
    private var old: [String: State?] = [:]
    /// For a generation whose tables started empty: every complaint folded into it so far. An
    /// id not in it has no row, so it needs no look-up even after its state was evicted.
    private var seen: Set<String>?
    /// A rebuild's new generation is not read before the swap, so its rows are written once,
    /// when a state leaves the cache and at the swap, not after every batch.
    public let defersWrites: Bool
    /// Evicted states not yet written.
    private var pending: [String: State] = [:]
    /// States kept per generation: half the cache's limit.
    public let generationLimit: Int

    /// - Parameter limit: complaint states kept in memory (both generations); any value gives the same tables.
    public init(tablesStartEmpty: Bool, limit: Int) {
        seen = tablesStartEmpty ? [] : nil
        defersWrites = tablesStartEmpty
        generationLimit = max(1, limit / 2)
    }

    /// Folds `events` into the cached states with `apply`, loading a complaint's state with `load`
    /// when it may have a row; returns the rows to write now and what the fold produced.
    public func fold<Output>(
        _ events: [ProjectionEvent], load: (String) throws -> State?,
        apply: (inout State?, ProjectionEvent) -> Output?
    ) rethrows -> (rows: [(String, State)], outputs: [Output]) {
        var touched: Set<String> = []
        var outputs: [Output] = []
        for event in events {
            try prepare(event.complaintID) { try load(event.complaintID) }
            if let output = apply(&young[event.complaintID]!, event) { outputs.append(output) }
            if !defersWrites { touched.insert(event.complaintID) }
        }
        // States evicted during this batch are written now in either mode; without deferral, so is
        // every state the batch touched that is still cached (rotations may have moved it to `old`).
        var rows = Array(pending)
        pending.removeAll(keepingCapacity: true)
        if !defersWrites {
            for id in touched { if case let state?? = young[id] ?? old[id] { rows.append((id, state)) } }
        }
        return (rows, outputs)
    }

    /// Every state not yet written: what a deferring cache must write before its generation is used.
    public func drain() -> [(String, State)] {
        var rows = Array(pending)
        for (id, state) in young { if let state { rows.append((id, state)) } }
        for (id, state) in old { if let state { rows.append((id, state)) } }
        pending.removeAll()
        return rows
    }

    /// Makes `id`'s state available in ``young``, loading it with `load` only when it may have a row.
    private func prepare(_ id: String, load: () throws -> State?) rethrows {
        if young[id] != nil { return }
        let state: State?
        if let cached = old.removeValue(forKey: id) {
            state = cached
        } else if let unwritten = pending.removeValue(forKey: id) {
            state = unwritten
        } else if seen?.insert(id).inserted == true {
            state = nil
        } else {
            state = try load()
        }
        if young.count >= generationLimit {
            // Dropped states are kept until written: deferred ones never were, and one touched
            // earlier in this batch has not been yet.
            for (evicted, state) in old { if let state { pending[evicted] = state } }
            old = young
            young = [:]
        }
        young[id] = .some(state)
    }
}
