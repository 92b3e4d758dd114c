import Crypto
import RedressDomain

/// The parts of an event's canonical line (see ``HashChain``) that do not depend on where it is
/// stored, prepared ahead of the append — an import's decoder thread prepares them while the
/// writer appends the lines before — so that the writer only streams them through SHA-256 with the
/// version, position and `recorded_at` in between.
public struct CanonicalParts: Sendable {
    /// Whose parts these are.
    public let eventID: EventID
    /// The canonical `data` text, as stored.
    public let dataJSON: String
    /// `{"event_id":"…","complaint_id":"…","version":`
    let head: [UInt8]
    /// `,"type":"…","occurred_at":"…","recorded_at":`
    let middle: [UInt8]
    /// `,"actor":"…"` (when there is one) `,"data":{…}}`
    let tail: [UInt8]

    public init(_ event: ComplaintEvent) {
        eventID = event.eventID
        dataJSON = event.data.canonicalText
        var w = CanonicalJSONWriter(reservingCapacity: 96)
        HashChain.writeIdentity(eventID: event.eventID, complaintID: event.complaintID, to: &w)
        head = w.bytes
        w = CanonicalJSONWriter(reservingCapacity: 96)
        HashChain.writeOccurrence(type: event.type, occurredAt: event.occurredAt, to: &w)
        middle = w.bytes
        w = CanonicalJSONWriter(reservingCapacity: dataJSON.utf8.count + 64)
        HashChain.writeContent(actor: event.actor, dataJSON: dataJSON, to: &w)
        w.raw("}")
        tail = w.bytes
    }
}

extension HashChain {
    /// The same hash as ``hash(of:previous:)`` for the event `parts` were prepared from, stored at
    /// `version` and `position`; `recordedAt` is the quoted `recorded_at` text.
    public static func hash(
        _ parts: CanonicalParts, version: Int, position: Int64, recordedAt: [UInt8], previous: [UInt8]
    ) -> [UInt8] {
        var w = CanonicalJSONWriter(reservingCapacity: 64 + 1 + 40)
        w.hex(previous)
        w.raw("\n")
        var sha = SHA256()
        sha.update(bytes: w.bytes)
        sha.update(bytes: parts.head)
        w = CanonicalJSONWriter(reservingCapacity: 40)
        writePlace(version: version, position: position, to: &w)
        sha.update(bytes: w.bytes)
        sha.update(bytes: parts.middle)
        sha.update(bytes: recordedAt)
        sha.update(bytes: parts.tail)
        return sha.finalize().bytes
    }

    /// `recorded_at` as the canonical line quotes it.
    public static func recordedAtText(_ recordedAt: Timestamp) -> [UInt8] {
        var w = CanonicalJSONWriter(reservingCapacity: 32)
        w.string(recordedAt, utcMilliseconds: true)
        return w.bytes
    }
}
