public import RedressDomain
public import RedressProjections
public import RedressStore

/// Durations from `received_at` to each milestone reached so far: SPEC 2's one definition.
public typealias Durations = RecoveryDurations

extension RecoveryDurations {
    /// The durations of a complaint in the state the decider folded.
    public init(_ state: ComplaintState) {
        guard let received = state.receivedAt?.epochMilliseconds else {
            self.init()
            return
        }
        self.init(
            receivedMs: received, firstAcknowledgedMs: state.firstAcknowledgedAt?.epochMilliseconds,
            firstCompensatedMs: state.firstCompensatedAt?.epochMilliseconds,
            firstClosedMs: state.firstClosedAt?.epochMilliseconds,
            closedNowAtMs: state.status == .closed ? state.latestClosedAt?.epochMilliseconds : nil,
            firstFollowedUpMs: state.firstFollowedUpAt?.epochMilliseconds)
    }
}

/// One event of an auditor's timeline.
public struct ReplayStep: Sendable {
    /// The event as the ledger holds it, whether or not it still decodes.
    public var stored: StoredEvent
    /// The decoded event; `nil` when the stored row no longer decodes (see ``problem``).
    public var event: ComplaintEvent?
    /// Why the stored row could not be read as a valid event.
    public var problem: String?
    /// The complaint's state after this event.
    public var state: ComplaintState
    /// The complaint's durations after this event (SPEC 2).
    public var durations: Durations
    /// Whether the stored hash equals the hash recomputed from this event and its predecessor.
    public var hashVerifies: Bool
}

/// A complaint's timeline as of a ledger position.
public struct Replay: Sendable {
    /// The complaint replayed.
    public var complaintID: String
    /// Only events at or before this position are in ``steps``.
    public var asOfPosition: Int64
    /// One step per event, in version order.
    public var steps: [ReplayStep]
    /// Whether every step's stored hash equals the one recomputed: the complaint's chain is intact.
    public var chainVerifies: Bool { steps.allSatisfy(\.hashVerifies) }
}

extension Ledger {
    /// Replays one complaint: every event with the state after it, the durations so far,
    /// and whether its hash verifies. Only events at or below `asOfPosition` (default head).
    ///
    /// A row that no longer decodes is a step with its ``ReplayStep/problem``, not an error: the timeline
    /// shows it. The returned replay says whether the chain verifies; it does not throw for a broken one.
    ///
    /// - Throws: `LedgerError.input` when `asOfPosition` is past the head, or the complaint has no events
    ///   there (naming a near-miss id of the ledger when there is one).
    public func replay(_ complaintID: String, asOfPosition: Int64? = nil) async throws -> Replay {
        let head = try await store.head().position
        if let asOfPosition, asOfPosition < 0 || asOfPosition > head {
            throw LedgerError.input("--as-of-position \(asOfPosition) is past the ledger's head \(head)")
        }
        let asOf = asOfPosition ?? head
        let stored = try await store.readStream(complaintID, asOf: asOf)
        guard !stored.isEmpty else {
            if let near = try await nearComplaintID(complaintID, asOfPosition: asOf) {
                throw LedgerError.input("no complaint \(complaintID); did you mean \(near)?")
            }
            throw LedgerError.input(
                "complaint \(complaintID) has no events\(asOf < head ? " at or before position \(asOf)" : "")")
        }
        var state = ComplaintState()
        var previous = HashChain.genesis
        var steps: [ReplayStep] = []
        for event in stored {
            var domainEvent: ComplaintEvent?
            var problem: String?
            do { domainEvent = try event.decodeEvent() } catch { problem = "stored data no longer valid: \(error)" }
            if let domainEvent { Decider.evolve(&state, domainEvent) }
            let verifies = problem == nil && HashChain.hash(of: event, previous: previous) == event.hash
            previous = event.hash
            steps.append(
                ReplayStep(
                    stored: event, event: domainEvent, problem: problem, state: state,
                    durations: Durations(state), hashVerifies: verifies))
        }
        return Replay(complaintID: complaintID, asOfPosition: asOf, steps: steps)
    }
}
