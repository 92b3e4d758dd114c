import RedressDomain

/// An event as the ledger holds it: the interchange fields plus what storage adds.
///
/// `dataJSON` is the canonical `data` text exactly as stored (and hashed), so that
/// export and verify never re-encode what they read.
public struct StoredEvent: Sendable, Equatable {
    /// 1-based, gap-free, ledger-wide order.
    public var position: Int64
    /// 1-based, gap-free within the stream.
    public var version: Int
    public var eventID: EventID
    public var complaintID: String
    public var type: EventType
    public var occurredAt: Timestamp
    /// When the ledger stored it (UTC, millisecond precision).
    public var recordedAt: Timestamp
    public var actor: String?
    /// The canonical `data` object text.
    public var dataJSON: String
    /// SHA-256 of this event chained to its predecessor in the stream (32 bytes).
    public var hash: [UInt8]

    public init(position: Int64, version: Int, eventID: EventID, complaintID: String, type: EventType,
                occurredAt: Timestamp, recordedAt: Timestamp, actor: String?, dataJSON: String, hash: [UInt8]) {
        self.position = position; self.version = version; self.eventID = eventID; self.complaintID = complaintID
        self.type = type; self.occurredAt = occurredAt; self.recordedAt = recordedAt; self.actor = actor
        self.dataJSON = dataJSON; self.hash = hash
    }

    /// The hash as 64 lowercase hex digits.
    public var hashHex: String { Hex.encode(hash) }

    /// Decodes the domain event (parses and validates `data`).
    public func decodeEvent() throws -> ComplaintEvent {
        let value = try JSONParser.parse(Array(dataJSON.utf8))
        let data = try EventData.decode(type: type, from: value)
        return ComplaintEvent(eventID: eventID, complaintID: complaintID, occurredAt: occurredAt, actor: actor, data: data)
    }
}


extension StoredEvent {
    /// Builds the stored form of a new event (hash still to be computed).
    public init(_ event: ComplaintEvent, position: Int64, version: Int, recordedAt: Timestamp) {
        self.init(position: position, version: version, eventID: event.eventID, complaintID: event.complaintID,
                  type: event.type, occurredAt: event.occurredAt, recordedAt: recordedAt, actor: event.actor,
                  dataJSON: event.data.canonicalText, hash: [])
    }

    /// Whether `event` carries the same content as this stored event (the idempotency rule).
    /// `occurredAt` compares instant, offset and `Z`, which is exactly its stored text.
    public func hasSameContent(as event: ComplaintEvent) -> Bool {
        eventID == event.eventID && complaintID == event.complaintID && type == event.type
            && occurredAt == event.occurredAt && actor == event.actor && dataJSON == event.data.canonicalText
    }

    /// The idempotency rule, in one place: appending `event` again when this event already
    /// holds its id is a no-op if the content (and, for a restore, the position, version, time
    /// and hash) match, and an error otherwise.
    public func asRepeat(of event: ComplaintEvent, restore: RestoreFields?) throws(StoreError) -> AppendOutcome {
        guard hasSameContent(as: event) else {
            throw StoreError.duplicateEventID(event.eventID, existingPosition: position)
        }
        if let restore, let (field, message) = mismatch(with: restore) {
            throw StoreError.restoreMismatch(eventID: event.eventID, field: field, message: message)
        }
        return .alreadyStored(self)
    }

    /// Checks a restored event's storage fields against what this ledger holds for it.
    public func mismatch(with restore: RestoreFields) -> (field: String, message: String)? {
        if restore.position != position { return ("position", "\(restore.position) given, \(position) in the ledger") }
        if restore.version != version { return ("version", "\(restore.version) given, \(version) in the ledger") }
        if restore.recordedAt.epochMilliseconds != recordedAt.epochMilliseconds {
            return ("recorded_at", "\(restore.recordedAt) given, \(recordedAt.utcMillisecondText) in the ledger")
        }
        if restore.hash != hashHex { return ("hash", "\(restore.hash) given, \(hashHex) in the ledger") }
        return nil
    }
}

/// A stored row that cannot be read back as a valid event: tampering or corruption.
public struct StoredRowError: Error, CustomStringConvertible {
    public let position: Int64
    public let eventID: EventID?
    public let message: String

    public init(position: Int64, eventID: EventID?, message: String) {
        self.position = position; self.eventID = eventID; self.message = message
    }

    public var description: String {
        "event \(eventID.map { "\($0)" } ?? "?") at position \(position): \(message)"
    }
}
