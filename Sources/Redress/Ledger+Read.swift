public import RedressStore

// The reads the service and the command line serve, through the ledger rather than its store.
extension Ledger {
    /// The ledger's head: its last position and the root over every event up to it.
    public func head() async throws -> LedgerHead {
        try await store.head()
    }

    /// One complaint's stored events in order, up to `asOf` (`nil`: all); empty when it has none.
    public func readStream(_ complaintID: String, asOf: Int64? = nil) async throws -> [StoredEvent] {
        try await store.readStream(complaintID, asOf: asOf)
    }

    /// At most `limit` stored events after `position`, in ledger order (the feed).
    public func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await store.readAll(after: position, limit: limit)
    }

    /// Every head recorded in the ledger, in position order, as stored (the page names the newest at or
    /// before its as-of position; `verify` recomputes and checks them all).
    public func recordedHeads() async throws -> [RecordedHead] {
        try await store.recordedHeads()
    }
}
