import Crypto
import Foundation
import RedressDomain
import RedressProjections
import RedressStore

extension Ledger {
    /// Checks every hash chain, the ledger-wide chain and its heads, and the append-only guarantees.
    ///
    /// In position order: positions 1…head without gaps; each stream's versions 1…n
    /// without gaps; every hash recomputed from the event and its predecessor;
    /// `recorded_at` never decreasing; every stored event still valid under the field
    /// and lifecycle rules; the ledger-wide root recomputed and compared with every head
    /// recorded (none may lie past the end); with `evidence.key`, every signed head's
    /// signature, and every position covered by a signed head; the ledger extending every
    /// known head of `evidence`; and, with `anchor` (`POSITION:DIGEST`), the running digest at POSITION.
    ///
    /// Then the issued statements (`StatementChain`): their sequence without gaps, every chain hash
    /// recomputed, every stored policy against its digest, with `evidence.key` every link's signature
    /// and every statement covered by one, every statements head of `evidence` extended, and each
    /// statement recomputed from the log (a fold in the same read) to its recorded digest.
    ///
    /// With `projections`, last, the read models (recovery and rewards, as every report reads them at
    /// the head) compared with a fold of the log in memory: the first complaint or credit that differs
    /// is named. Its time is one more read of each read model; its memory, every complaint's row.
    ///
    /// Last, that the database still refuses UPDATE and DELETE of events, heads and statements.
    public func verify(anchor: String? = nil, evidence: HeadEvidence = HeadEvidence(), projections: Bool = false)
        async throws -> VerifyReport
    {
        var report = VerifyReport()
        let statements = try await issuedStatements?.allIssued() ?? []
        let statementMonths = self.statementMonths(statements)
        var statementFold = RewardsLogFold(keeping: statementMonths.compactMap { $0.map { $0.startMs..<$0.endMs } })
        var modelFold = projections ? ModelFold() : nil
        var anchorPosition: Int64?
        var anchorDigest: String?
        if let anchor {
            let parts = anchor.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let position = Int64(parts[0]), position >= 0 else {
                throw LedgerError.input("--anchor must be POSITION:DIGEST as printed by verify, got \(anchor)")
            }
            anchorPosition = position
            anchorDigest = String(parts[1])
        }
        // Verify the ledger as it stands now; events appended meanwhile are left for the next run.
        let end = try await store.head().position
        var streams: [String: ComplaintState] = [:]
        var lastHash: [String: [UInt8]] = [:]
        var digest = SHA256()
        var tree = LedgerTree()
        var expectedPosition: Int64 = 1
        var lastRecorded = Int64.min
        var anchorChecked = false
        let heads = try await store.recordedHeads()
        if let source = evidence.signingKeySource, let key = evidence.key {
            try Self.refuseAnotherLedgersKey(key, source: source, heads: heads, known: evidence.knownHeads)
        }
        var headsByPosition: [Int64: RecordedHead] = [:]
        for head in heads where head.position <= end { headsByPosition[head.position] = head }
        let known = evidence.knownHeads
        // The root is folded from the tree's peaks: compute it only where something is checked against it.
        let checkedPositions = Set(headsByPosition.keys).union(known.map(\.checkpoint.size))
        func checkAnchor(at position: Int64) {
            guard !anchorChecked, let anchorPosition, anchorPosition == position else { return }
            anchorChecked = true
            let value = Hex.encode(digest.finalize())
            if value != anchorDigest {
                report.failure =
                    "the ledger up to position \(position) no longer matches the anchor: "
                    + "digest \(value), anchor \(anchorDigest!)"
            }
        }
        func checkHeads(at position: Int64) {
            guard checkedPositions.contains(position) else { return }
            let root = tree.root
            if let head = headsByPosition[position] {
                report.headsChecked += 1
                guard head.root == root else {
                    report.failure = """
                        the ledger-wide root at position \(position) does not match the head recorded there: \
                        events up to \(position) were altered, reordered or removed
                        """
                    return
                }
                if let text = head.signedNote, let key = evidence.key {
                    do {
                        let checkpoint = try key.open(try SignedNote(text: text))
                        guard checkpoint.size == position, checkpoint.root == root else {
                            report.failure =
                                "the signed head at position \(position) is for size \(checkpoint.size) "
                                + "with another root: the ledger was rewritten"
                            return
                        }
                        report.signaturesChecked += 1
                        report.signedThrough = position
                    } catch {
                        report.failure = "the head at position \(position) is badly signed: \(error)"
                        return
                    }
                }
            }
            for (source, checkpoint) in known where checkpoint.size == position {
                guard checkpoint.root == root else {
                    report.failure = """
                        the ledger forks from the signed head in \(source): at size \(position) its root is \
                        \(Base64.encode(root)), the signed head's \(Base64.encode(checkpoint.root))
                        """
                    return
                }
                report.knownHeadsMatched.append(source)
            }
        }
        checkAnchor(at: 0)
        do {
            try await scan { event in
                // The first failure is the answer: stop reading the rest of the ledger.
                if report.failure != nil || event.position > end { throw StopScan() }
                let name = "event \(event.eventID) at position \(event.position) (complaint \(event.complaintID))"
                func fail(_ message: String) { report.failure = "\(name): \(message)" }
                guard event.position == expectedPosition else {
                    return fail("positions jump from \(expectedPosition - 1) to \(event.position): events are missing")
                }
                expectedPosition += 1
                var state = streams[event.complaintID] ?? ComplaintState()
                guard event.version == state.version + 1 else {
                    return fail(
                        "version \(event.version) follows version \(state.version) of its stream: "
                            + "events are missing or moved"
                    )
                }
                let previous = lastHash[event.complaintID] ?? HashChain.genesis
                let computed = HashChain.hash(of: event, previous: previous)
                guard computed == event.hash else {
                    return fail(
                        "hash \(event.hashHex) does not verify (recomputed \(Hex.encode(computed))): "
                            + "the event or its predecessor was altered"
                    )
                }
                guard event.recordedAt.epochMilliseconds >= lastRecorded else {
                    return fail(
                        "recorded_at \(event.recordedAt.utcMillisecondText) is earlier than the previous position's")
                }
                lastRecorded = event.recordedAt.epochMilliseconds
                let domainEvent: ComplaintEvent
                do { domainEvent = try event.decodeEvent() } catch {
                    return fail("stored data is no longer valid: \(error)")
                }
                if domainEvent.data.canonicalText != event.dataJSON {
                    return fail("stored data is not in canonical form")
                }
                if case .failure(let violation) = Decider.decide(RecordCommand(event: domainEvent), state) {
                    return fail("breaks a lifecycle rule: \(violation)")
                }
                Decider.evolve(&state, domainEvent)
                streams[event.complaintID] = state
                // The folds' view of the event, only when a fold reads it (no statements, no --projections: none).
                if !statementMonths.isEmpty || modelFold != nil {
                    let folded = ProjectionEvent(event, data: domainEvent.data)
                    if !statementMonths.isEmpty { statementFold.apply(folded) }
                    modelFold?.apply(folded)
                }
                lastHash[event.complaintID] = event.hash
                digest.update(data: event.hash)
                tree.append(eventHash: event.hash)
                report.events += 1
                report.headPosition = event.position
                checkAnchor(at: event.position)
                checkHeads(at: event.position)
            }
        } catch let error as StoredRowError {
            if report.failure == nil { report.failure = error.description }
        } catch is StopScan {}
        report.complaints = streams.count
        report.anchorDigest = Hex.encode(digest.finalize())
        if report.failure == nil, let anchorPosition, !anchorChecked {
            report.failure =
                "the anchor's position \(anchorPosition) is past the ledger's head \(report.headPosition): "
                + "events were removed"
        }
        if report.failure == nil {
            report.failure = try await headFailure(heads: heads, known: known, evidence: evidence, report: report)
        }
        if report.failure == nil {
            report.failure = statementFailure(
                statements, months: statementMonths, fold: statementFold, evidence: evidence, report: &report)
        }
        if report.failure == nil, let modelFold {
            report.failure = try await modelFailure(modelFold, asOf: report.headPosition)
            report.projectionsChecked = true
        }
        if report.failure == nil, let guarantee = try await store.checkGuarantees().first {
            report.failure = "append-only guarantee broken: \(guarantee)"
        }
        report.unproven = unproven(heads: heads, evidence: evidence, statements: statements)
        return report
    }
}

/// Ends a scan early once verify has its answer, or at the head it started from.
private struct StopScan: Error {}
