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
            var onReject: RejectHandler?
            if case .skipInvalid(let rejects) = mode {
                onReject = { line, error, input in
                    try Self.writeReject(line: line, reason: error.description, input: input, to: rejects)
                }
            }
            do {
                (report, finished) = try await store.write { [cacheLimit = importStateCacheLimit, onReject] tx in
                    try Self.importLines(
                        lines, into: tx, onReject: onReject, limit: batchLimit, cacheLimit: cacheLimit,
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

    /// Checks every line of `path` as ``importNDJSON(path:mode:progress:)`` would import it, and
    /// stores nothing: `import --check`.
    ///
    /// The lines go through the import's own path — decoded as it decodes them, decided and appended
    /// as it appends them — in `EventStore.dryRun(_:)`, a transaction over one snapshot of the ledger
    /// whose appends are kept in memory and dropped at the end. So a line is judged against the ledger
    /// and the file's lines before it, a line already stored (or repeated in the file) is a no-op, and a
    /// restore line's hash is checked against the chain it would extend. A bad line is judged as
    /// `--skip-invalid` would: it is left out and the lines after it are checked without it.
    ///
    /// - Parameters:
    ///   - path: the NDJSON file, or `-` for standard input.
    ///   - rejects: where each bad line goes as `--skip-invalid` writes it, when given.
    ///   - error: called with each bad line's error (``LedgerError/rejectedLine(line:reason:)`` or
    ///     ``LedgerError/conflictingLine(line:reason:)``, as import would throw it), in line order.
    ///   - progress: called with the counts so far, as an import calls it.
    /// - Returns: the counts an import would report: ``ImportReport/appended`` would be appended,
    ///   ``ImportReport/rejected`` are the errors, ``ImportReport/headPosition`` is where the head would be.
    @discardableResult
    public func checkNDJSON(
        path: String, rejects: OutputSink? = nil, error: @escaping @Sendable (LedgerError) throws -> Void,
        progress: (@Sendable (ImportReport) -> Void)? = nil
    ) async throws -> ImportReport {
        let lines = DecodedLines(try LineReader(path: path), chainAhead: true)
        defer { lines.stop() }
        let onReject: RejectHandler = { line, failure, input in
            try error(Self.lineError(line, failure))
            if let rejects { try Self.writeReject(line: line, reason: failure.description, input: input, to: rejects) }
        }
        let report = try await store.dryRun { [cacheLimit = importStateCacheLimit] tx in
            try Self.importLines(
                lines, into: tx, onReject: onReject, limit: nil, cacheLimit: cacheLimit, progress: progress
            ).0
        }
        try rejects?.flush()
        return report
    }

    /// What becomes of a rejected line (its number, why, its bytes as read) when the import goes on.
    typealias RejectHandler = @Sendable (_ line: Int, _ error: LedgerError, _ input: ArraySlice<UInt8>) throws -> Void

    /// A rejected line's error as an all-or-nothing import throws it.
    static func lineError(_ line: Int, _ error: LedgerError) -> LedgerError {
        error.isConflict
            ? .conflictingLine(line: line, reason: error.description)
            : .rejectedLine(line: line, reason: error.description)
    }

    /// Imports lines until they end or `limit` lines were read; returns whether they ended.
    /// A rejected line ends the import with its error (all-or-nothing) unless `onReject` is given.
    static func importLines(
        _ lines: DecodedLines, into tx: any EventStoreTransaction, onReject: RejectHandler?, limit: Int?,
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
                    guard let onReject else { throw lineError(line.number, error) }
                    report.rejected += 1
                    // The line's bytes as read, whatever rejected it: the rejects file is fixed and imported again.
                    try onReject(line.number, error, lines.input(of: line))
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
    private static func writeReject(
        line: Int, reason: String, input: ArraySlice<UInt8>, to sink: OutputSink
    ) throws {
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
        case .failure(let refusal): return .failure(refusal.importError)
        }
        return .success(())
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
    let trimmed = bytes.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
    if trimmed == [UInt8(ascii: "{")] {
        return " — this looks like pretty-printed JSON (one object over many lines, as jq . writes it); "
            + "import expects NDJSON, one event object per line: jq -c . FILE writes it"
    }
    if first == UInt8(ascii: "#") || trimmed.starts(with: Array("```".utf8)) {
        return " — this looks like Markdown; import expects NDJSON, one event object per line, e.g. \(example)"
    }
    if first != UInt8(ascii: "{"), bytes.contains(UInt8(ascii: ",")) {
        return " — this looks like CSV; import expects NDJSON, one event object per line, e.g. \(example)"
    }
    return ""
}
