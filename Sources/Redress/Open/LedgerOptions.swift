public import RedressStore

/// How to open a ledger, whichever store holds it: the options every store takes (`StoreOptions`), so
/// `Ledger.open(_:options:)` hands them to the store it picks unchanged, and a SQLite file and a
/// PostgreSQL database honour the same ones (read-only, lock timeout, signer, clock, catch-up on write,
/// and the fold, rebuild and stream-head caches, whose every value gives the same ledger).
public typealias LedgerOptions = StoreOptions
