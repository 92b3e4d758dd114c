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
    /// Runs nothing: a backend with one connection folds a rebuild inside its write transactions.
    public func withCommittedLog(_ body: (any ProjectionEventSource) throws -> Void) throws {}
}
