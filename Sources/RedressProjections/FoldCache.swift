public import RedressDomain

/// The fold cache every projection backend uses while it folds batches of events: one per projection
/// for the length of a catch-up or a rebuild, its limit from the store's configuration.
///
/// Per-complaint fold states (`nil`: the complaint has none), bounded like the import's state
/// cache: two generations, recently used states move to the young one, long-finished ones fall out
/// and are re-derived from the complaint's own events (the `load` that `fold` is given) if they
/// come up again.
///
/// Writes are deferred: nobody reads a projection's tables inside the transaction that folds into
/// them, so a state is written once, when it leaves the cache or when the fold ends (``drain()``),
/// not after every batch that touched it — and the final rows come sorted by complaint id, the
/// tables' key order, so the b-tree grows at its right edge instead of splitting pages at random.
///
/// The methods are `@inlinable` so that each caller gets them specialised for its states: generic
/// code called across modules runs through metadata look-ups on every call. A state is reached through
/// its dictionary index and mutated in place (`apply(&young[id]!, …)` would copy it on every event).
public final class FoldCache<State> {
    /// The states in use; the folds mutate them in place.
    @usableFromInline var young: [String: State?] = [:]
    @usableFromInline var old: [String: State?] = [:]
    /// Evicted states not yet written.
    @usableFromInline var pending: [String: State] = [:]
    /// States kept per generation: half the cache's limit.
    public let generationLimit: Int
    /// Whether the backend writes the states (false: it re-derives an evicted state when it comes up
    /// again, so evicted states are dropped and there is nothing to drain).
    public var keepsStates = true

    /// - Parameter limit: complaint states kept in memory (both generations); any value gives the same tables.
    public init(limit: Int) {
        generationLimit = max(1, limit / 2)
    }

    /// Makes room for `states` young states up front (a rebuild knows it will fill the cache), so the
    /// young generation is not rehashed by doubling while it first fills.
    public func reserve(_ states: Int) {
        young.reserveCapacity(min(states, generationLimit))
    }

    /// Folds `events` into the cached states with `apply`, loading a complaint's state with `load`
    /// (given the id and the position of the event that needs it: the state before that event) when
    /// it may have one; returns the states evicted meanwhile (to write now) and what the fold produced.
    ///
    /// A `received` event starts its complaint (the decider allows it only first), and both folds
    /// replace the state on it: its state is never loaded.
    @inlinable
    public func fold<Output>(
        _ events: [ProjectionEvent], load: (String, Int64) throws -> State?,
        apply: (inout State?, ProjectionEvent) -> Output?
    ) rethrows -> (rows: [(String, State)], outputs: [Output]) {
        var outputs: [Output] = []
        for event in events {
            // One hash of the id when its state is in the young generation (the common case).
            let at =
                try young.index(forKey: event.complaintID)
                ?? prepare(event.complaintID, starts: event.type == .received) {
                    try load(event.complaintID, event.position)
                }
            if let output = apply(&young.values[at], event) { outputs.append(output) }
        }
        return (takePending(), outputs)
    }

    /// Every state not yet written, sorted by complaint id: what must be written before the fold's
    /// transaction commits.
    @inlinable
    public func drain() -> [(String, State)] {
        defer { (old, young, pending) = ([:], [:], [:]) }
        guard keepsStates else { return [] }
        var rows: [(String, State)] = []
        rows.reserveCapacity(pending.count + old.count + young.count)
        for (id, state) in pending { rows.append((id, state)) }
        for (id, state) in old { if let state { rows.append((id, state)) } }
        for (id, state) in young { if let state { rows.append((id, state)) } }
        rows.sort { $0.0 < $1.0 }
        return rows
    }

    /// The evicted states, sorted by complaint id (SQLite's and PostgreSQL's `C` byte order: ids are ASCII).
    @inlinable
    func takePending() -> [(String, State)] {
        guard !pending.isEmpty else { return [] }
        var rows = pending.map { ($0.key, $0.value) }
        pending.removeAll(keepingCapacity: true)
        rows.sort { $0.0 < $1.0 }
        return rows
    }

    /// Puts `id`'s state (not in ``young``) into ``young``, loading it with `load` only when it may
    /// have one; returns where it is.
    @inlinable
    func prepare(_ id: String, starts: Bool, load: () throws -> State?) rethrows -> [String: State?].Index {
        let state: State?
        if let cached = old.removeValue(forKey: id) {
            state = cached
        } else if let unwritten = pending.removeValue(forKey: id) {
            state = unwritten
        } else if starts {
            state = nil
        } else {
            state = try load()
        }
        if young.count >= generationLimit {
            // Dropped states are kept until written.
            if keepsStates { for (evicted, state) in old { if let state { pending[evicted] = state } } }
            old = young
            // The young generation will fill again: grown once here, not rehashed by doubling.
            young = Dictionary(minimumCapacity: generationLimit)
        }
        young[id] = .some(state)
        return young.index(forKey: id)!
    }
}
