/// The per-type `data` of an event (SPEC 1.2), validated.
///
/// Optional fields that are absent or `null` are `nil`; the canonical encoding
/// leaves them out, so `{"satisfaction": null}` and `{}` are the same content.
public enum EventData: Sendable, Equatable {
    /// A complaint came in: always the stream's first event.
    case received(Received)
    /// Staff took it on; the first `acknowledged`'s actor owns the complaint until someone is assigned.
    case acknowledged(note: String?)
    /// The complaint's owner is now `to`, a staff id.
    case assigned(to: String)
    /// The customer was given something (or an apology).
    case compensated(Compensation)
    /// Staff asked the customer afterwards; `satisfaction` is 1–5 when given.
    case followedUp(satisfaction: Int?, comment: String?)
    /// The SLA clock stops until the next `resumed` or `closed` (SPEC 7.2).
    case paused(reason: PauseReason, note: String?)
    /// The SLA clock runs again.
    case resumed(note: String?)
    /// The complaint is closed, ending its cycle.
    case closed(resolution: Resolution, rootCause: String?)
    /// A closed complaint is open again, in a new cycle (which may have one `acknowledged` of its own).
    case reopened(reason: String?)

    /// The `data` of a `received` event.
    public struct Received: Sendable, Equatable {
        /// Who complained: non-empty, at most 128 characters.
        public var customer: String
        /// Where it came in.
        public var channel: Channel
        /// The failure's cause.
        public var category: Category
        /// As given; `nil` means the default, ``effectiveSeverity``.
        public var severity: Severity?
        /// Free text, as given.
        public var summary: String?
        /// What the customer asked for, as given.
        public var remedySought: String?

        /// Takes the fields as given; `EventData.decode(type:from:)` checks them when they come from JSON.
        public init(
            customer: String, channel: Channel, category: Category, severity: Severity? = nil,
            summary: String? = nil, remedySought: String? = nil
        ) {
            self.customer = customer
            self.channel = channel
            self.category = category
            self.severity = severity
            self.summary = summary
            self.remedySought = remedySought
        }

        /// The severity the SLA and reports use: ``severity``, or `medium` when the event gave none.
        public var effectiveSeverity: Severity { severity ?? .medium }
    }

    /// The `data` of a `compensated` event.
    public struct Compensation: Sendable, Equatable {
        /// What was given.
        public var kind: CompensationKind
        /// Exact, never a float; its text is stored as written.
        public var amount: Money
        /// Three capital letters, ``FieldRules/isValidCurrency(_:)``.
        public var currency: String
        /// Free text, as given.
        public var note: String?

        /// Takes the fields as given; `EventData.decode(type:from:)` checks them when they come from JSON.
        public init(kind: CompensationKind, amount: Money, currency: String, note: String? = nil) {
            self.kind = kind
            self.amount = amount
            self.currency = currency
            self.note = note
        }
    }

    /// The event type this data belongs to: one type per case.
    public var type: EventType {
        switch self {
        case .received: return .received
        case .acknowledged: return .acknowledged
        case .assigned: return .assigned
        case .compensated: return .compensated
        case .followedUp: return .followedUp
        case .paused: return .paused
        case .resumed: return .resumed
        case .closed: return .closed
        case .reopened: return .reopened
        }
    }

    /// Writes the canonical `data` object: present fields only, keys in byte order.
    public func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.raw("{")
        var first = true
        func field(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            w.key(key, first: first)
            first = false
            w.string(value)
        }
        switch self {
        case .received(let r):
            field("category", r.category.rawValue)
            field("channel", r.channel.rawValue)
            field("customer", r.customer)
            field("remedy_sought", r.remedySought)
            field("severity", r.severity?.rawValue)
            field("summary", r.summary)
        case .acknowledged(let note):
            field("note", note)
        case .assigned(let to):
            field("to", to)
        case .compensated(let c):
            field("amount", c.amount.text)
            field("currency", c.currency)
            field("kind", c.kind.rawValue)
            field("note", c.note)
        case .followedUp(let satisfaction, let comment):
            field("comment", comment)
            if let satisfaction {
                w.key("satisfaction", first: first)
                first = false
                w.integer(satisfaction)
            }
        case .paused(let reason, let note):
            field("note", note)
            field("reason", reason.rawValue)
        case .resumed(let note):
            field("note", note)
        case .closed(let resolution, let rootCause):
            field("resolution", resolution.rawValue)
            field("root_cause", rootCause)
        case .reopened(let reason):
            field("reason", reason)
        }
        w.raw("}")
    }

    /// The canonical `data` JSON text.
    public var canonicalText: String {
        var w = CanonicalJSONWriter(reservingCapacity: 128)
        writeCanonical(to: &w)
        return w.text
    }
}
