import RedressStore

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
        /// The projection whose tables these are.
        public var name: ProjectionName
        /// The generation of tables to write into: the active one for a catch-up, the new one for a rebuild.
        public var generation: Int64
        /// The last position already folded into the generation: the fold starts after it.
        public var from: Int64

        /// A target for `name`'s tables of `generation`, holding every event up to `from`.
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
