public import RedressDomain
public import RedressStore

/// Why an event was refused, by whichever path it came (the service's post, `record`, a line of an
/// import), in a form a client can act on: which kind of refusal, the rule or field, the complaint and
/// event, and one sentence naming them and (in a batch) the line. Nothing of a refused event is stored.
///
/// The service renders it as problem+json (``kind`` and ``message``); the command line renders its
/// ``cause`` as the sentences it has always printed (`LedgerError`, `StoreError`).
public struct IntakeRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which kind of refusal it is: what a client can do about it (fix the body, reread the stream, give up).
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

    /// Which kind of refusal it is; the service maps it to the problem's type and HTTP status.
    public var kind: Kind
    /// One line: `[line N: ]complaint C, event E (type): what is wrong [rule R]`.
    public var message: String
    /// The 1-based line of an NDJSON batch (`nil`: a single event).
    public var line: Int?
    /// The complaint the refused event names, when the body could be read that far.
    public var complaintID: String?
    /// The refused event's `event_id`, as given, when the body could be read that far.
    public var eventID: String?
    /// What refused the event, as its maker stated it: a lifecycle rule's violation, the store's refusal,
    /// or `nil` (malformed input, a token's refusal: ``message`` says all).
    public var cause: Cause?

    /// The refusal a rule or the store made, kept whole so each caller renders it its own way.
    public enum Cause: Sendable, Equatable {
        /// A lifecycle rule of SPEC 1.3 (or `expected_version`) refused `event`.
        case violation(RuleViolation, event: RefusedEvent)
        /// The store refused `event` (an id stored with other content, a stream moved by another
        /// writer, a restore's storage fields).
        case store(StoreError, event: RefusedEvent)
    }

    /// The identity of a refused event, as the refusal's sentences name it.
    public struct RefusedEvent: Sendable, Equatable {
        /// The complaint the refused event belongs to.
        public var complaintID: String
        /// The refused event's id.
        public var eventID: EventID
        /// The refused event's type.
        public var type: EventType

        init(_ event: ComplaintEvent) {
            complaintID = event.complaintID
            eventID = event.eventID
            type = event.type
        }
    }

    /// A refusal of `kind` described by `message` (one sentence, without its line: ``at(line:)`` and
    /// ``description`` add it).
    public init(
        _ kind: Kind, _ message: String, line: Int? = nil, complaintID: String? = nil, eventID: String? = nil,
        cause: Cause? = nil
    ) {
        self.kind = kind
        self.message = message
        self.line = line
        self.complaintID = complaintID
        self.eventID = eventID
        self.cause = cause
    }

    /// The ``message``, prefixed with `line N: ` when the refusal is placed at a line of a batch.
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
            complaintID: event.complaintID, eventID: event.eventID.description,
            cause: .violation(violation, event: RefusedEvent(event)))
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
            complaintID: event.complaintID, eventID: event.eventID.description,
            cause: .store(error, event: RefusedEvent(event)))
    }

    /// The refusal as the command line's `record` has always reported it: a conflict (exit 3) or a
    /// rule's rejection as a `LedgerError`, the store's refusal as its own `StoreError`.
    var recordError: any Error {
        switch cause {
        case .violation(let violation, let event): return LedgerError(violation, of: event)
        case .store(let error, _): return error
        case nil: return LedgerError.input(description)
        }
    }

    /// The refusal as a line of an import reports it (before ``LedgerError`` places it at its line):
    /// the store's refusal is the line's rejection, naming the complaint and event.
    var importError: LedgerError {
        switch cause {
        case .violation(let violation, let event): return LedgerError(violation, of: event)
        case .store(let error, let event):
            return .rejected(
                complaintID: event.complaintID, eventID: event.eventID, type: event.type, reason: error.description)
        case nil: return .input(message)
        }
    }
}

/// An event the ledger holds after a post: new (`created`) or the same event posted again.
public struct IntakeReceipt: Sendable, Equatable {
    /// The event as stored: the one just written, or the one already held when ``created`` is `false`.
    public var event: StoredEvent
    /// `false` when the ledger already held this event (an idempotent repeat: nothing was written).
    public var created: Bool

    /// A receipt for `event`; `created` says whether this post wrote it.
    public init(event: StoredEvent, created: Bool) {
        self.event = event
        self.created = created
    }
}
