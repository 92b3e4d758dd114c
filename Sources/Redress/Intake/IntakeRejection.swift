public import RedressDomain
public import RedressStore

/// Why an event posted to the ledger (by the service or a library caller) was refused, in a form a
/// client can act on: which kind of refusal, the rule or field, and one sentence naming the
/// complaint, event and (in a batch) line. Nothing of a refused post is stored.
public struct IntakeRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The body is not a valid event: `field` names the JSON path at fault (`""`: the whole line).
        case malformed(field: String)
        /// A lifecycle rule of SPEC 1.3 refused it.
        case rule(LifecycleRule)
        /// `expected_version` (or `If-Match`) did not match the stream.
        case conflict
        /// The `event_id` is already stored with other content.
        case duplicateEventID
        /// The token may not post this event (another staff member's work, another channel, a type its
        /// role does not post): `rule` names which (``PostingRefusal/rule``).
        case forbidden(rule: String)
    }

    public var kind: Kind
    /// One line: `[line N: ]complaint C, event E (type): what is wrong [rule R]`.
    public var message: String
    /// The 1-based line of an NDJSON batch (`nil`: a single event).
    public var line: Int?
    public var complaintID: String?
    public var eventID: String?

    public init(_ kind: Kind, _ message: String, line: Int? = nil, complaintID: String? = nil, eventID: String? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.complaintID = complaintID
        self.eventID = eventID
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }

    /// The same refusal, placed at `line` of a batch.
    public func at(line: Int) -> IntakeRejection {
        var copy = self
        copy.line = line
        return copy
    }

    /// A lifecycle rule or expected-version refusal of `event`.
    init(_ event: ComplaintEvent, _ violation: RuleViolation) {
        self.init(
            violation.isConflict ? .conflict : .rule(violation.rule),
            "complaint \(event.complaintID), event \(event.eventID) (\(event.type.rawValue)): \(violation)",
            complaintID: event.complaintID, eventID: event.eventID.description)
    }

    /// A store refusal of `event` (conflict, duplicate id); `nil` for a database failure, which is thrown.
    init?(_ event: ComplaintEvent, _ error: StoreError) {
        let kind: Kind
        switch error {
        case .conflict: kind = .conflict
        case .duplicateEventID: kind = .duplicateEventID
        case .restoreMismatch: kind = .malformed(field: "")
        case .database: return nil
        }
        self.init(
            kind, "complaint \(event.complaintID), event \(event.eventID) (\(event.type.rawValue)): \(error)",
            complaintID: event.complaintID, eventID: event.eventID.description)
    }
}

/// An event the ledger holds after a post: new (`created`) or the same event posted again.
public struct IntakeReceipt: Sendable, Equatable {
    public var event: StoredEvent
    /// `false` when the ledger already held this event (an idempotent repeat: nothing was written).
    public var created: Bool

    public init(event: StoredEvent, created: Bool) {
        self.event = event
        self.created = created
    }
}
