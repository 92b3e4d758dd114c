public import RedressStore

/// How to open a ledger, whichever store holds it. ``Ledger/open(_:options:)-(LedgerLocation,_)``
/// gives each store what it takes of these; every value gives the same ledger.
public struct LedgerOptions: Sendable {
    /// Whether a ledger is opened for writing or only read.
    public enum Access: Sendable {
        /// Creates the ledger if needed, brings its schema up to date, and writes.
        case readWrite
        /// Reads only: nothing is created, migrated or locked; a location with no ledger is
        /// ``LedgerStoreFailure/noLedger(_:file:)``.
        case readOnly
    }

    public var access: Access
    /// Seconds a writer waits for the ledger's write lock before failing with
    /// ``LedgerStoreFailure/locked(_:)``.
    public var lockTimeout: Double
    /// Signs every head written; `nil` writes unsigned heads (refused on a ledger whose heads are signed).
    public var signer: HeadSigner?
    /// Milliseconds since the epoch for `recorded_at`; the system clock by default.
    public var clock: LedgerClock?
    /// Whether each write transaction also folds its events into the projections before it commits
    /// (the default). Off, the projections lag and reports fold the tail in memory.
    public var catchUpOnWrite: Bool
    /// Complaint states a projection keeps in memory while folding in a write transaction.
    public var foldCacheStates: Int
    /// Complaint states a projection rebuild keeps in memory (a SQLite file's rebuild).
    public var rebuildCacheStates: Int
    /// Complaint stream heads a write transaction keeps in memory (a SQLite file's writes); `nil`:
    /// ``LedgerWriter/streamHeadLimit``.
    public var streamHeadStates: Int?

    public init(
        access: Access = .readWrite, lockTimeout: Double = 30, signer: HeadSigner? = nil,
        clock: LedgerClock? = nil, catchUpOnWrite: Bool = true, foldCacheStates: Int = 60_000,
        rebuildCacheStates: Int = 100_000, streamHeadStates: Int? = nil
    ) {
        self.access = access
        self.lockTimeout = lockTimeout
        self.signer = signer
        self.clock = clock
        self.catchUpOnWrite = catchUpOnWrite
        self.foldCacheStates = foldCacheStates
        self.rebuildCacheStates = rebuildCacheStates
        self.streamHeadStates = streamHeadStates
    }
}
