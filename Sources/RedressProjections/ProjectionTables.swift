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
