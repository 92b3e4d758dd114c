public import RedressDomain

extension StoredEvent {
    /// Builds the stored form of a new event (hash still to be computed).
    public init(_ event: ComplaintEvent, position: Int64, version: Int, recordedAt: Timestamp) {
        self.init(
            position: position, version: version, eventID: event.eventID, complaintID: event.complaintID,
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
    ///
    /// - Throws: ``StoreError/duplicateEventID(_:existingPosition:)`` when the content differs;
    ///   ``StoreError/restoreMismatch(eventID:field:message:)`` when `restore` disagrees with this event.
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
