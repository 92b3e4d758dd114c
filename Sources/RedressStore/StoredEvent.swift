public import RedressDomain

/// An event as the ledger holds it: the interchange fields plus what storage adds.
///
/// `dataJSON` is the canonical `data` text exactly as stored (and hashed), so that
/// export and verify never re-encode what they read.
public struct StoredEvent: Sendable, Equatable {
    /// 1-based, gap-free, ledger-wide order.
    public var position: Int64
    /// 1-based, gap-free within the stream.
    public var version: Int
    /// The event's id as given by its writer (a UUID); unique in the ledger.
    public var eventID: EventID
    /// The stream this event belongs to.
    public var complaintID: String
    /// The event's type; it decides the shape of ``dataJSON``.
    public var type: EventType
    /// When it happened, as given (instant, offset and `Z` kept exactly as written).
    public var occurredAt: Timestamp
    /// When the ledger stored it (UTC, millisecond precision).
    public var recordedAt: Timestamp
    /// Who recorded it, when the writer said so.
    public var actor: String?
    /// The canonical `data` object text.
    public var dataJSON: String
    /// SHA-256 of this event chained to its predecessor in the stream (32 bytes).
    public var hash: [UInt8]

    /// Takes the fields as given; checks nothing (``hash`` may still be empty for an event not yet chained).
    public init(
        position: Int64, version: Int, eventID: EventID, complaintID: String, type: EventType,
        occurredAt: Timestamp, recordedAt: Timestamp, actor: String?, dataJSON: String, hash: [UInt8]
    ) {
        self.position = position
        self.version = version
        self.eventID = eventID
        self.complaintID = complaintID
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.dataJSON = dataJSON
        self.hash = hash
    }

    /// The hash as 64 lowercase hex digits.
    public var hashHex: String { Hex.encode(hash) }

    /// Decodes the domain event (parses and validates `data`).
    ///
    /// - Throws: the parser's `JSONParser.SyntaxError` or the codec's `FieldError` when ``dataJSON`` no
    ///   longer reads as a valid `data` object of ``type`` (a tampered or corrupted row).
    public func decodeEvent() throws -> ComplaintEvent {
        let value = try JSONParser.parse(Array(dataJSON.utf8))
        let data = try EventData.decode(type: type, from: value)
        return ComplaintEvent(
            eventID: eventID, complaintID: complaintID, occurredAt: occurredAt, actor: actor, data: data)
    }
}
