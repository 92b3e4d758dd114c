/// The per-type `data` of an event (SPEC 1.2), validated.
///
/// Optional fields that are absent or `null` are `nil`; the canonical encoding
/// leaves them out, so `{"satisfaction": null}` and `{}` are the same content.
public enum EventData: Sendable, Equatable {
    case received(Received)
    case acknowledged(note: String?)
    case assigned(to: String)
    case compensated(Compensation)
    case followedUp(satisfaction: Int?, comment: String?)
    /// The SLA clock stops until the next `resumed` or `closed` (SPEC 7.2).
    case paused(reason: PauseReason, note: String?)
    case resumed(note: String?)
    case closed(resolution: Resolution, rootCause: String?)
    case reopened(reason: String?)

    public struct Received: Sendable, Equatable {
        public var customer: String
        public var channel: Channel
        public var category: Category
        /// As given; `nil` means the default, ``effectiveSeverity``.
        public var severity: Severity?
        public var summary: String?
        public var remedySought: String?

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

        public var effectiveSeverity: Severity { severity ?? .medium }
    }

    public struct Compensation: Sendable, Equatable {
        public var kind: CompensationKind
        public var amount: Money
        public var currency: String
        public var note: String?

        public init(kind: CompensationKind, amount: Money, currency: String, note: String? = nil) {
            self.kind = kind
            self.amount = amount
            self.currency = currency
            self.note = note
        }
    }

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
