import Crypto
public import RedressDomain

/// The canonical encoding of a stored event and the per-stream SHA-256 chain.
///
/// The canonical line is the exported NDJSON line: keys in the order
/// `event_id, complaint_id, version, position, type, occurred_at, recorded_at,
/// actor (only when present), data, hash`, no white space, strings escaped as
/// `CanonicalJSONWriter` documents, `data` keys sorted by their UTF-8 bytes.
///
/// `hash = SHA-256( P ‖ "\n" ‖ L )` where `L` is the canonical line *without* its
/// final `,"hash":"…"` member (so it ends in `}` right after `data`), and `P` is the
/// 64 lowercase hex digits of the previous event's hash in the same stream, or 64
/// zeros for a stream's first event. In an exported line, `L` is the line with its
/// last 75 characters replaced by `}`.
public enum HashChain {
    /// The predecessor of a stream's first event.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// Writes the canonical line without the hash (and without its closing brace).
    static func writeBody(_ e: StoredEvent, to w: inout CanonicalJSONWriter) {
        writeIdentity(eventID: e.eventID, complaintID: e.complaintID, to: &w)
        writePlace(version: e.version, position: e.position, to: &w)
        writeOccurrence(type: e.type, occurredAt: e.occurredAt, to: &w)
        w.string(e.recordedAt, utcMilliseconds: true)
        writeContent(actor: e.actor, dataJSON: e.dataJSON, to: &w)
    }

    // The canonical line in the pieces `CanonicalParts` prepares ahead: the order of the keys is
    // defined here once.

    /// `{"event_id":"…","complaint_id":"…","version":`
    static func writeIdentity(eventID: EventID, complaintID: String, to w: inout CanonicalJSONWriter) {
        w.raw("{")
        w.key("event_id", first: true)
        w.string(eventID)
        w.key("complaint_id")
        w.string(complaintID)
        w.key("version")
    }

    /// `V,"position":P`
    static func writePlace(version: Int, position: Int64, to w: inout CanonicalJSONWriter) {
        w.integer(version)
        w.key("position")
        w.integer(position)
    }

    /// `,"type":"…","occurred_at":"…","recorded_at":`
    static func writeOccurrence(type: EventType, occurredAt: Timestamp, to w: inout CanonicalJSONWriter) {
        w.key("type")
        w.string(type.rawValue)
        w.key("occurred_at")
        w.string(occurredAt)
        w.key("recorded_at")
    }

    /// `,"actor":"…"` (when there is one) `,"data":{…}`
    static func writeContent(actor: String?, dataJSON: String, to w: inout CanonicalJSONWriter) {
        writeContent(actor: actor, to: &w) { $0.raw(dataJSON) }
    }

    /// ``writeContent(actor:dataJSON:to:)`` with the `data` object written by `data`.
    static func writeContent(
        actor: String?, to w: inout CanonicalJSONWriter, data: (inout CanonicalJSONWriter) -> Void
    ) {
        if let actor {
            w.key("actor")
            w.string(actor)
        }
        w.key("data")
        data(&w)
    }

    /// The hash of `event` given its predecessor's hash.
    public static func hash(of event: StoredEvent, previous: [UInt8]) -> [UInt8] {
        var w = CanonicalJSONWriter(reservingCapacity: 400)
        w.hex(previous)
        w.raw("\n")
        writeBody(event, to: &w)
        w.raw("}")
        return w.bytes.withUnsafeBytes { SHA256.digest(of: $0) }
    }

    /// Appends the full exported line (with hash, without the LF) to `w`.
    public static func writeExportLine(_ event: StoredEvent, to w: inout CanonicalJSONWriter) {
        writeBody(event, to: &w)
        w.key("hash")
        w.raw("\"")
        w.hex(event.hash)
        w.raw("\"")
        w.raw("}")
    }

    /// The full exported line, without the LF.
    public static func exportLine(_ event: StoredEvent) -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 400)
        writeExportLine(event, to: &w)
        return w.text
    }
}
