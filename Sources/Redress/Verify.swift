import Crypto
import RedressDomain
import RedressStore

/// The outcome of ``Ledger/verify(anchor:)``.
public struct VerifyReport: Sendable {
    public var events = 0
    public var complaints = 0
    public var headPosition: Int64 = 0
    /// SHA-256 over every event hash in position order: write it down with the head
    /// position, and a later `verify --anchor POSITION:DIGEST` proves the ledger up to
    /// there is unchanged — even if someone recomputed whole chains or cut the tail.
    public var anchorDigest = ""
    /// The first failure, naming the event by id and position; `nil` when all is well.
    public var failure: String?

    public var ok: Bool { failure == nil }
    public var anchor: String { "\(headPosition):\(anchorDigest)" }
}

/// Ends a scan early once verify has its answer.
private struct StopScan: Error {}

extension Ledger {
    /// Checks every hash chain and the append-only guarantees.
    ///
    /// In position order: positions 1…head without gaps; each stream's versions 1…n
    /// without gaps; every hash recomputed from the event and its predecessor;
    /// `recorded_at` never decreasing; every stored event still valid under the field
    /// and lifecycle rules; the database still refusing UPDATE and DELETE; and, with
    /// `anchor` (`POSITION:DIGEST`), the running digest at POSITION.
    public func verify(anchor: String? = nil) async throws -> VerifyReport {
        var report = VerifyReport()
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
        var streams: [String: ComplaintState] = [:]
        var lastHash: [String: [UInt8]] = [:]
        var digest = SHA256()
        var expectedPosition: Int64 = 1
        var lastRecorded = Int64.min
        var anchorChecked = false
        func checkAnchor(at position: Int64) {
            guard !anchorChecked, let anchorPosition, anchorPosition == position else { return }
            anchorChecked = true
            let value = Hex.encode(digest.finalize())
            if value != anchorDigest {
                report.failure = "the ledger up to position \(position) no longer matches the anchor: digest \(value), anchor \(anchorDigest!)"
            }
        }
        checkAnchor(at: 0)
        do {
            try await scan { event in
                // The first failure is the answer: stop reading the rest of the ledger.
                if report.failure != nil { throw StopScan() }
                let name = "event \(event.eventID) at position \(event.position) (complaint \(event.complaintID))"
                func fail(_ message: String) { report.failure = "\(name): \(message)" }
                guard event.position == expectedPosition else {
                    return fail("positions jump from \(expectedPosition - 1) to \(event.position): events are missing")
                }
                expectedPosition += 1
                var state = streams[event.complaintID] ?? ComplaintState()
                guard event.version == state.version + 1 else {
                    return fail("version \(event.version) follows version \(state.version) of its stream: events are missing or moved")
                }
                let previous = lastHash[event.complaintID] ?? HashChain.genesis
                let computed = HashChain.hash(of: event, previous: previous)
                guard computed == event.hash else {
                    return fail("hash \(event.hashHex) does not verify (recomputed \(Hex.encode(computed))): the event or its predecessor was altered")
                }
                guard event.recordedAt.epochMilliseconds >= lastRecorded else {
                    return fail("recorded_at \(event.recordedAt.utcMillisecondText) is earlier than the previous position's")
                }
                lastRecorded = event.recordedAt.epochMilliseconds
                let domainEvent: ComplaintEvent
                do { domainEvent = try event.decodeEvent() } catch {
                    return fail("stored data is no longer valid: \(error)")
                }
                if domainEvent.data.canonicalText != event.dataJSON {
                    return fail("stored data is not in canonical form")
                }
                if case let .failure(violation) = Decider.decide(RecordCommand(event: domainEvent), state) {
                    return fail("breaks a lifecycle rule: \(violation)")
                }
                Decider.evolve(&state, domainEvent)
                streams[event.complaintID] = state
                lastHash[event.complaintID] = event.hash
                digest.update(data: event.hash)
                report.events += 1
                report.headPosition = event.position
                checkAnchor(at: event.position)
            }
        } catch let error as StoredRowError {
            if report.failure == nil { report.failure = error.description }
        } catch is StopScan {}
        report.complaints = streams.count
        report.anchorDigest = Hex.encode(digest.finalize())
        if report.failure == nil, let anchorPosition, !anchorChecked {
            report.failure = "the anchor's position \(anchorPosition) is past the ledger's head \(report.headPosition): events were removed"
        }
        if report.failure == nil, let guarantee = try await store.checkGuarantees().first {
            report.failure = "append-only guarantee broken: \(guarantee)"
        }
        return report
    }
}
