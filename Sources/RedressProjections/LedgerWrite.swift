public import RedressDomain
public import RedressStore

/// The recipe of one write transaction, the same on every backend: a `LedgerWriter` over the
/// backend's rows, the projections following its appends (or caught up before the commit when they
/// were behind), the new head recorded (and signed) before the commit, and the signed head kept
/// outside the database once it committed. A backend only opens its transaction and hands in its rows
/// and tables.
public enum LedgerWrite {
    /// Runs `body` on a `LedgerWriter` over `rows` inside the caller's open transaction, then records
    /// the new head and brings `tables` up to it; the caller commits. Of `options` it takes the signer,
    /// whether to catch up on write, and the fold and stream-head caches.
    ///
    /// When every projection is current at the start, they fold the appends as they are made
    /// (``AppendFollower``); otherwise, when anything was appended, ``ProjectionEngine/catchUp(_:_:cacheLimit:)``
    /// runs before the commit. Either way the projections commit with the events.
    ///
    /// - Returns: `body`'s result and the signed head to keep outside the database (``record(_:signer:)``
    ///   after the commit).
    public static func run<Rows: LedgerRows, Tables: ProjectionTables, T>(
        rows: Rows, tables: Tables, now: Int64, options: StoreOptions, _ body: (any EventStoreTransaction) throws -> T
    ) throws -> (T, SignedNote?) {
        let tx = try LedgerWriter(
            rows: rows, now: now, signer: options.signer, streamHeadLimit: options.streamHeadStates)
        let follower =
            options.catchUpOnWrite
            ? try AppendFollower.make(
                tables, ProjectionName.allCases, head: try tx.headPosition(), cacheLimit: options.foldCacheStates)
            : nil
        if let follower { tx.onAppend = { try follower.appended(ProjectionEvent($0, data: $1)) } }
        let result = try body(tx)
        let note = try tx.finish()
        if let follower {
            try follower.finish()
        } else if tx.appendedAny && options.catchUpOnWrite {
            try ProjectionEngine.catchUp(tables, ProjectionName.allCases, cacheLimit: options.foldCacheStates)
        }
        return (result, note)
    }

    /// Keeps the signed head of a committed write in the signer's head file.
    ///
    /// - Throws: `StoreError.database` saying the events were stored and signed, but the head file could
    ///   not be written (the next write or `verify` with the key finds the head in the database).
    public static func record(_ note: SignedNote?, signer: HeadSigner?) throws {
        guard let note, let signer else { return }
        do { try signer.record(note) } catch {
            throw StoreError.database("the events were stored and their head signed, but \(error)")
        }
    }
}
