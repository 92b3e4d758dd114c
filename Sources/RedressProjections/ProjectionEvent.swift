public import RedressDomain
public import RedressStore

/// What the projection folds read of an event: the envelope, and from `data` only the
/// fields a fold uses. Decoding it skips everything else (and `data` of the types whose
/// fields no fold reads), which is what keeps a rebuild close to the speed of a scan.
public struct ProjectionEvent: Sendable, Equatable {
    /// The event's ledger position.
    public var position: Int64
    /// The event's id.
    public var eventID: EventID
    /// The complaint it belongs to.
    public var complaintID: String
    /// The event's type; it decides which of the `data` fields below are read.
    public var type: EventType
    /// `occurred_at` as epoch milliseconds (the offset it was written with is not kept).
    public var occurredMs: Int64
    /// Who recorded it, when the writer said so.
    public var actor: String?
    /// `received`: its channel, category and effective severity.
    public var channel: Channel = .other
    /// `received`: its category (`other` for every other type).
    public var category: Category = .other
    /// `received`: its effective severity (`medium` when none was given, and for every other type).
    public var severity: Severity = .medium
    /// `followed-up`: the rating, if any.
    public var satisfaction: Int?
    /// `closed`: the resolution.
    public var resolution: Resolution?
    /// `assigned`: the new owner.
    public var assignedTo: String?
    /// `paused`: why.
    public var pauseReason: PauseReason?

    /// Reads an event from its stored columns; `data` is the canonical data object's bytes.
    public init(
        position: Int64, eventID: EventID, complaintID: String, type: EventType, occurredMs: Int64, actor: String?,
        data: UnsafeBufferPointer<UInt8>
    ) throws {
        self.position = position
        self.eventID = eventID
        self.complaintID = complaintID
        self.type = type
        self.occurredMs = occurredMs
        self.actor = actor
        switch type {
        case .acknowledged, .compensated, .reopened, .resumed:
            return
        case .received, .followedUp, .closed, .assigned, .paused:
            if !scan(data) { read(try EventData.decode(type: type, from: try JSONParser.parse(data))) }
        }
    }

    /// An event a write transaction has just appended, from its decoded data (nothing to parse).
    public init(_ stored: StoredEvent, data: EventData) {
        position = stored.position
        eventID = stored.eventID
        complaintID = stored.complaintID
        type = stored.type
        occurredMs = stored.occurredAt.epochMilliseconds
        actor = stored.actor
        read(data)
    }

    private mutating func read(_ data: EventData) {
        switch data {
        case .received(let r):
            channel = r.channel
            category = r.category
            severity = r.effectiveSeverity
        case .followedUp(let rating, _): satisfaction = rating
        case .closed(let value, _): resolution = value
        case .assigned(let to): assignedTo = to
        case .paused(let reason, _): pauseReason = reason
        case .acknowledged, .compensated, .reopened, .resumed: break
        }
    }

    /// Reads a stored event (for callers that already hold one).
    public init(_ stored: StoredEvent) throws {
        var text = stored.dataJSON
        self = try text.withUTF8 { bytes in
            try ProjectionEvent(
                position: stored.position, eventID: stored.eventID, complaintID: stored.complaintID, type: stored.type,
                occurredMs: stored.occurredAt.epochMilliseconds, actor: stored.actor, data: bytes)
        }
    }
}
