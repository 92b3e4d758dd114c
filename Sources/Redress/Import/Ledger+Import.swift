import RedressDomain
import RedressStore

extension Ledger {
    /// Lines committed per transaction with ``ImportMode/skipInvalid(rejects:)``.
    static let skipInvalidBatch = 10_000

    /// Imports NDJSON events from `path` (`-` for standard input).
    ///
    /// All-or-nothing by default: one transaction, and the first bad line rejects
    /// everything with a ``LedgerError/rejectedLine(line:reason:)``. Lines that carry
    /// `version`, `position`, `recorded_at` and `hash` are restored exactly (SPEC 1.1).
    ///
    /// Lines are read and decoded on a thread of their own, ahead of the transaction that checks
    /// and appends them (the machine's second core): decoding is the one part of a line's work
    /// that depends on nothing stored. In one transaction (all-or-nothing) that thread also
    /// computes each event's chain hash ahead (`ChainAhead`), which the writer takes only where
    /// it was computed from the writer's own position, version, `recorded_at` and previous hash.
    @discardableResult
    public func importNDJSON(
        path: String, mode: ImportMode = .allOrNothing,
        progress: (@Sendable (ImportReport) -> Void)? = nil
    ) async throws -> ImportReport {
        // One transaction: its chain can be computed ahead on the decoder's thread.
        let lines = DecodedLines(try LineReader(path: path), chainAhead: mode.isAllOrNothing)
        defer { lines.stop() }
        var total = ImportReport()
        while true {
            let batchLimit: Int? = if case .skipInvalid = mode { Self.skipInvalidBatch } else { nil }
            // Progress counts the whole import, not the batch.
            let before = total
            var batchProgress: (@Sendable (ImportReport) -> Void)?
            if let progress { batchProgress = { (batch: ImportReport) in progress(before.adding(batch)) } }
            let reportProgress = batchProgress
            let report: ImportReport
            let finished: Bool
            do {
                (report, finished) = try await store.write { [cacheLimit = importStateCacheLimit] tx in
                    try Self.importLines(
                        lines, into: tx, mode: mode, limit: batchLimit, cacheLimit: cacheLimit,
                        progress: reportProgress)
                }
            } catch {
                // Batches already committed stay: say how far the import got and where to go on.
                guard total.lines > 0 else { throw error }
                throw LedgerError.input(
                    """
                    \(error) — the first \(total.lines) line(s) were committed \
                    (head at position \(total.headPosition)); \
                    nothing after line \(total.lines) was: fix the cause and import again from line \(total.lines + 1) \
                    (or the whole file: lines already stored are no-ops)
                    """)
            }
            total = total.adding(report)
            if finished { break }
        }
        if case .skipInvalid(let rejects) = mode { try rejects.flush() }
        return total
    }

    /// Imports lines until they end or `limit` lines were read; returns whether they ended.
    static func importLines(
        _ lines: DecodedLines, into tx: any EventStoreTransaction, mode: ImportMode, limit: Int?,
        cacheLimit: Int, progress: (@Sendable (ImportReport) -> Void)?
    ) throws -> (ImportReport, Bool) {
        var report = ImportReport()
        lines.begin(ChainAhead(head: try tx.headPosition(), now: tx.now))
        var states = StateCache(limit: cacheLimit)
        var finished = false
        while true {
            if let limit, report.lines >= limit { break }
            let more = try lines.withNext { line in
                report.lines += 1
                let outcome: Result<Void, LedgerError>
                if let failure = line.failure {
                    outcome = .failure(.input(failure.reason))
                } else {
                    outcome = try importLine(
                        line.decoded!, prepared: line.prepared, into: tx, states: &states, report: &report)
                }
                if case .failure(let error) = outcome {
                    guard case .skipInvalid(let rejects) = mode else {
                        if error.isConflict {
                            throw LedgerError.conflictingLine(line: line.number, reason: error.description)
                        }
                        throw LedgerError.rejectedLine(line: line.number, reason: error.description)
                    }
                    report.rejected += 1
                    try writeReject(line: line.number, reason: error.description, input: line.input, to: rejects)
                }
            }
            guard more else {
                finished = true
                break
            }
            if let progress, report.lines % 10_000 == 0 {
                report.bytesRead = lines.bytesConsumed
                progress(report)
            }
        }
        report.headPosition = try tx.headPosition()
        report.bytesRead = lines.bytesConsumed
        return (report, finished)
    }

    /// One NDJSON line per rejected input line: `{"line":N,"error":"…","input":"<the line>"}`.
    private static func writeReject(line: Int, reason: String, input: [UInt8], to sink: OutputSink) throws {
        var w = CanonicalJSONWriter()
        w.raw("{")
        w.key("line", first: true)
        w.integer(line)
        w.key("error")
        w.string(reason)
        w.key("input")
        w.string(String(decoding: input, as: UTF8.self))
        w.raw("}\n")
        try sink.write(w.bytes)
    }

    /// Decides and appends one decoded line. Rule and store refusals come back as failures
    /// (nothing of the line was written); database failures are thrown and end the import.
    static func importLine(
        _ line: InterchangeLine, prepared: CanonicalParts? = nil, into tx: any EventStoreTransaction,
        states: inout StateCache, report: inout ImportReport
    ) throws -> Result<Void, LedgerError> {
        let event = line.event
        do {
            let at: [String: ComplaintState].Index
            if let cached = states.index(of: event.complaintID) {
                at = cached
            } else {
                // A new complaint needs no read of its stream, only its version.
                let version = try tx.streamVersion(event.complaintID)
                at = states.insert(
                    event.complaintID, version == 0 ? ComplaintState() : try fold(try tx.readStream(event.complaintID)))
            }
            let command = RecordCommand(event: event, expectedVersion: line.expectedVersion)
            // The state is reached in place for the whole decision: a read of it through the
            // dictionary's getter would copy it.
            switch try decideAndAppend(
                command, state: &states.young.values[at], restore: line.restore, prepared: prepared, in: tx)
            {
            case .success(.appended): report.appended += 1
            case .success(.alreadyStored): report.alreadyStored += 1
            case .failure(let error): return .failure(error)
            }
            return .success(())
        } catch let error as StoreError {
            if case .database = error { throw error }
            return .failure(
                .rejected(
                    complaintID: event.complaintID, eventID: event.eventID, type: event.type, reason: error.description)
            )
        }
    }
}

/// On the first line only: what the input looks like when it is not NDJSON at all.
func formatHint(_ bytes: UnsafeBufferPointer<UInt8>, _ lineNumber: Int) -> String {
    guard lineNumber == 1, let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return "" }
    let example =
        #"{"event_id":"…","complaint_id":"K-1","type":"received","#
        + #""occurred_at":"2026-01-05T10:00:00+09:00","data":{…}}"#
    if first == UInt8(ascii: "[") {
        return " — this looks like a JSON array; import expects NDJSON, one event object per line, e.g. \(example)"
    }
    if first != UInt8(ascii: "{"), bytes.contains(UInt8(ascii: ",")) {
        return " — this looks like CSV; import expects NDJSON, one event object per line, e.g. \(example)"
    }
    return ""
}
