import RedressDomain

extension StoredEvent {
    /// An event read back from a backend's columns, its derived columns checked against the hashed
    /// text: every backend decodes rows through this, so a tampered row reads the same everywhere.
    ///
    /// - Throws: `StoredRowError` naming the position (and the id when it reads) when the id is not
    ///   16 bytes, the type or `occurred_at` is unreadable, or `occurred_ms` disagrees with `occurred_at`.
    public init(
        columnsAt position: Int64, eventID idBytes: [UInt8], complaintID: String, version: Int, type typeText: String,
        occurredAt occurredText: String, occurredMs: Int64, recordedMs: Int64, actor: String?, data: String,
        hash: [UInt8]
    ) throws {
        guard let eventID = EventID(bytes: idBytes) else {
            throw StoredRowError(position: position, eventID: nil, message: "the stored event_id is not 16 bytes")
        }
        guard let type = EventType(rawValue: typeText), let occurredAt = try? Timestamp(parsing: occurredText) else {
            throw StoredRowError(
                position: position, eventID: eventID, message: "the stored type or occurred_at is unreadable")
        }
        guard occurredMs == occurredAt.epochMilliseconds else {
            throw StoredRowError(
                position: position, eventID: eventID,
                message: "occurred_ms \(occurredMs) disagrees with occurred_at \(occurredText)")
        }
        self.init(
            position: position, version: version, eventID: eventID, complaintID: complaintID, type: type,
            occurredAt: occurredAt, recordedAt: Timestamp(epochMilliseconds: recordedMs), actor: actor, dataJSON: data,
            hash: hash)
    }
}
