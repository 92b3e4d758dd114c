public import RedressDomain
import RedressStore

/// One event to post, with the token that posts it (`nil`: the caller is trusted, as the CLI is).
public struct PostedEvent: Sendable {
    /// The decoded event, with its `expected_version` if it gave one (from ``Ledger/decodePosted(_:)``).
    public var line: InterchangeLine
    /// The token that posts it, checked against the event and its complaint's channel before anything is
    /// written; `nil` skips that check.
    public var token: AccessToken?

    /// An event to post as `token`'s bearer (`nil`: a trusted caller, unchecked).
    public init(_ line: InterchangeLine, token: AccessToken? = nil) {
        self.line = line
        self.token = token
    }
}

extension Ledger {
    /// Decodes one posted event: the strict decoding of SPEC 1.1 that `import` applies, but an
    /// export's storage fields (`version`, `position`, `recorded_at`, `hash`) are refused: a restore
    /// is `redress import`'s, never a channel's.
    public static func decodePosted(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<InterchangeLine, IntakeRejection> {
        let line: InterchangeLine
        do { line = try InterchangeLine.decode(bytes) } catch {
            return .failure(
                IntakeRejection(
                    .malformed(field: error.error.field), error.sentence, complaintID: error.complaintID,
                    eventID: error.eventID))
        }
        if line.restore != nil {
            let event = line.event
            return .failure(
                IntakeRejection(
                    .malformed(field: "version"),
                    "complaint \(event.complaintID), event \(event.eventID): version, position, recorded_at and hash "
                        + "are an export's; a restore goes through redress import, not the service",
                    complaintID: event.complaintID, eventID: event.eventID.description))
        }
        return .success(line)
    }

    /// Posts a batch all-or-nothing, in one transaction: the first refusal is thrown (an
    /// ``IntakeRejection`` naming its line) and nothing of the batch is stored.
    /// - Returns: one receipt per event, in order.
    public func post(_ events: [PostedEvent]) async throws -> [IntakeReceipt] {
        try await store.write { tx in
            try events.enumerated().map { index, posted in
                switch try Self.post(posted, in: tx) {
                case .success(let receipt): return receipt
                case .failure(let rejection): throw rejection.at(line: index + 1)
                }
            }
        }
    }

    /// Posts independent events in one transaction (the service's group commit): each gets its own
    /// outcome, a refused event stores nothing of itself and does not stop the others, and the
    /// transaction commits (durably) before any outcome is returned. A database failure throws and
    /// stores none of them.
    public func postEach(_ events: [PostedEvent]) async throws -> [Result<IntakeReceipt, IntakeRejection>] {
        try await store.write { tx in try events.map { try Self.post($0, in: tx) } }
    }

    /// Authorises, decides and appends one event inside `tx` (through ``decideAndAppend``, as every
    /// write path does). Refusals come back as failures with nothing written (every check precedes the
    /// insert); database failures are thrown.
    static func post(_ posted: PostedEvent, in tx: any EventStoreTransaction) throws -> Result<
        IntakeReceipt, IntakeRejection
    > {
        let event = posted.line.event
        let stored = try tx.readStream(event.complaintID)
        if let token = posted.token {
            var channel: Channel?
            if case .received(let received) = try stored.first?.decodeEvent().data ?? event.data {
                channel = received.channel
            }
            if let refusal = token.refusal(toPost: event, channel: channel) {
                return .failure(
                    IntakeRejection(
                        .forbidden(rule: refusal.rule), refusal.message, complaintID: event.complaintID,
                        eventID: event.eventID.description))
            }
        }
        var state = try fold(stored)
        let command = RecordCommand(event: event, expectedVersion: posted.line.expectedVersion)
        return try decideAndAppend(command, state: &state, restore: nil, prepared: nil, in: tx).map { outcome in
            switch outcome {
            case .appended(let stored): IntakeReceipt(event: stored, created: true)
            case .alreadyStored(let stored): IntakeReceipt(event: stored, created: false)
            }
        }
    }
}
