/// How to open a ledger, whichever store holds it: the one options type of every backend (a SQLite
/// file, a PostgreSQL database) and of `Ledger.open`. Every value of the caches gives the same ledger.
public struct StoreOptions: Sendable {
    /// Whether a ledger is opened for writing or only read.
    public enum Access: Sendable {
        /// Creates the ledger if needed, brings its schema up to date, and writes.
        case readWrite
        /// Reads only: nothing is created, migrated or locked; a location with no ledger is refused as
        /// having none (exit 66 on the command line).
        case readOnly
    }

    /// Whether the ledger is written or only read.
    public var access: Access
    /// Seconds a writer waits for the ledger's write lock before it fails, naming the holder where the
    /// store knows it (a SQLite file's lock; PostgreSQL's `lock_timeout`).
    public var lockTimeout: Double
    /// Signs every head written; `nil` writes unsigned heads (refused on a ledger whose heads are signed).
    public var signer: HeadSigner?
    /// Milliseconds since the epoch for `recorded_at`; the system clock by default.
    public var clock: LedgerClock?
    /// Whether each write transaction also folds its events into the projections before it commits
    /// (the default). Off, the projections lag and reports fold the tail in memory, as they do on a
    /// ledger written by an older Redress.
    public var catchUpOnWrite: Bool
    /// Complaint states a projection keeps in memory while folding in a write transaction (bounded
    /// memory on huge ledgers).
    public var foldCacheStates: Int
    /// Complaint states a rebuild keeps in memory, per projection. More than a write's folds keep: a
    /// rebuild has its process to itself, and a state it let go is re-read from the complaint's events
    /// when the complaint comes up again (at 500,000 complaints a SQLite rebuild keeping 60,000 re-read
    /// about 20,000 states per projection; keeping 100,000 it was 6–11% faster in two comparisons, peak
    /// RSS 237 MB against 193).
    public var rebuildCacheStates: Int
    /// Complaint stream heads (version and hash) a write transaction keeps in memory; `nil`:
    /// ``LedgerWriter/streamHeadLimit``.
    public var streamHeadStates: Int?

    /// Whether the ledger is opened read-only.
    public var readOnly: Bool { access == .readOnly }

    /// Options for a writer, by default: a 30-second lock timeout, unsigned heads, the system clock,
    /// projections caught up on every write, 60,000 fold and 100,000 rebuild cache states.
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
