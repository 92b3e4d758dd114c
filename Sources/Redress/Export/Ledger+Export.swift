import RedressDomain
public import RedressStore

extension Ledger {
    /// Events read per page when scanning the whole ledger.
    static let pageSize = 5_000

    /// Calls `body` with every event after `position`, in position order, a page at a time.
    ///
    /// Pages of 5,000 events, each read on its own snapshot: events appended during the scan may be
    /// included, never skipped or repeated (positions only grow).
    ///
    /// - Throws: what the store or `body` throws; the pages before were already handed to `body`.
    public func scan(after position: Int64 = 0, _ body: (StoredEvent) throws -> Void) async throws {
        var cursor = position
        while true {
            let page = try await store.readAll(after: cursor, limit: Self.pageSize)
            for event in page { try body(event) }
            guard let tail = page.last, page.count == Self.pageSize else { return }
            cursor = tail.position
        }
    }

    /// Writes the ledger as NDJSON in position order (SPEC 1.1 export).
    ///
    /// - Parameters:
    ///   - sink: where the lines go.
    ///   - complaintID: only this complaint's events.
    ///   - afterPosition: only events after this position.
    ///   - plain: write interchange lines without what the ledger added (`version`, `position`,
    ///     `recorded_at`, `hash`): another ledger imports them as new events rather than restoring
    ///     them, so one complaint can be copied into a ledger that has other events.
    /// - Returns: the number of events written.
    @discardableResult
    public func export(to sink: OutputSink, complaintID: String? = nil, afterPosition: Int64 = 0, plain: Bool = false)
        async throws -> Int
    {
        var count = 0
        var w = CanonicalJSONWriter(reservingCapacity: 1 << 16)
        func emit(_ event: StoredEvent) throws {
            if plain {
                try event.decodeEvent().writeInterchange(to: &w)
            } else {
                HashChain.writeExportLine(event, to: &w)
            }
            w.raw("\n")
            count += 1
            if w.bytes.count >= 1 << 16 {
                try sink.write(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        if let complaintID {
            let stream = try await store.readStream(complaintID, asOf: nil)
            guard !stream.isEmpty else {
                let near = try await nearComplaintID(complaintID).map { "; did you mean \($0)?" } ?? ""
                throw LedgerError.input("no complaint \(complaintID) in this ledger\(near)")
            }
            for event in stream where event.position > afterPosition { try emit(event) }
        } else {
            try await scan(after: afterPosition) { try emit($0) }
        }
        try sink.write(w.bytes)
        try sink.flush()
        return count
    }
}

extension Ledger {
    /// One event as its exported NDJSON line (no LF).
    public func exportLine(_ event: StoredEvent) -> String { HashChain.exportLine(event) }
}
