public import RedressDomain
public import RedressStore

extension Ledger {
    /// Validates and records one event; see ``RecordRequest``.
    ///
    /// Without `now`, a request with no time takes the write transaction's own time, once it
    /// holds the writer lock: a concurrent writer cannot commit a later time first and make
    /// this event go backwards in its stream.
    @discardableResult
    public func record(_ request: RecordRequest, now: Timestamp? = nil) async throws -> AppendOutcome {
        try await store.write { tx in try Self.record(try request.command(now: now ?? tx.now), in: tx) }
    }
}
