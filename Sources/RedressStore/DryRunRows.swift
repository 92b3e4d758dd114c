public import RedressDomain

/// A backend's rows read through one snapshot, with the rows a ``LedgerWriter`` inserts kept in memory
/// on top of them and never written: what ``EventStore/dryRun(_:)`` runs a transaction on, so a dry run
/// keeps every rule of ``LedgerWriter`` (and the decider above it) without a second copy of them.
///
/// The base is only read. Inserted events stay in memory until the dry run ends (a few hundred bytes
/// each); heads are not recorded.
public final class DryRunRows<Base: LedgerRows>: LedgerRows {
    private let base: Base
    /// The events inserted here, in position order.
    private var events: [StoredEvent] = []
    /// Where each inserted event is in ``events``, by id.
    private var byID: [EventID: Int] = [:]
    /// The last inserted event of each stream, and each inserted event's predecessor in its stream
    /// (-1: none inserted here): a stream's inserted events without an array per stream.
    private var lastOfStream: [String: Int] = [:]
    private var previousInStream: [Int] = []

    /// Reads through `base`, which must stay one snapshot for the whole dry run; writes nothing to it.
    public init(_ base: Base) { self.base = base }

    /// The last event inserted here, else the base's.
    public func lastEvent() throws -> (position: Int64, recordedMs: Int64)? {
        if let last = events.last { return (last.position, last.recordedAt.epochMilliseconds) }
        return try base.lastEvent()
    }

    /// The stream's last event inserted here, else the base's head for it.
    public func streamHead(_ complaintID: String) throws -> (version: Int, hash: [UInt8])? {
        if let last = lastOfStream[complaintID] { return (events[last].version, events[last].hash) }
        return try base.streamHead(complaintID)
    }

    /// The base's events of the stream followed by those inserted here, in version order.
    public func readStream(_ complaintID: String) throws -> [StoredEvent] {
        var stream = try base.readStream(complaintID)
        var inserted: [StoredEvent] = []
        var at = lastOfStream[complaintID] ?? -1
        while at >= 0 {
            inserted.append(events[at])
            at = previousInStream[at]
        }
        stream.append(contentsOf: inserted.reversed())
        return stream
    }

    /// The event inserted here with this id, else the base's.
    public func event(id: EventID) throws -> StoredEvent? {
        if let at = byID[id] { return events[at] }
        return try base.event(id: id)
    }

    /// Refuses what the backend's unique indexes refuse: an id already stored, a stream version taken.
    public func insert(_ event: StoredEvent) throws -> Bool {
        guard byID[event.eventID] == nil, try base.event(id: event.eventID) == nil,
            event.version > (try streamHead(event.complaintID)?.version ?? 0)
        else { return false }
        byID[event.eventID] = events.count
        previousInStream.append(lastOfStream[event.complaintID] ?? -1)
        lastOfStream[event.complaintID] = events.count
        events.append(event)
        return true
    }

    /// The base's last head: a dry run records none.
    public func lastHead() throws -> (position: Int64, compact: [UInt8])? { try base.lastHead() }

    /// The base's hashes after `position`, then those of the events inserted here, in position order.
    public func eventHashes(after position: Int64, _ body: ([UInt8]) -> Void) throws {
        try base.eventHashes(after: position, body)
        for event in events where event.position > position { body(event.hash) }
    }

    /// The base's: a dry run signs nothing.
    public func lastSignedCheckpoint() throws -> String? { try base.lastSignedCheckpoint() }

    /// The base's: a dry run records no head.
    public func recordedRoot(at position: Int64) throws -> [UInt8]? { try base.recordedRoot(at: position) }

    /// Not recorded: a dry run stores nothing.
    public func insertHead(position: Int64, root: [UInt8], compact: [UInt8], checkpoint: String?, recordedMs: Int64)
        throws
    {}
}
