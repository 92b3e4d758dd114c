import Crypto
public import RedressDomain

/// The parts of an event's canonical line (see ``HashChain``) that do not depend on where it is
/// stored, prepared ahead of the append — an import's decoder thread prepares them while the
/// writer appends the lines before — so that the writer only lays them out with the version, position
/// and `recorded_at` in between and hashes the line in one pass.
public struct CanonicalParts: Sendable {
    /// Whose parts these are.
    public let eventID: EventID
    /// The canonical `data` text, as stored.
    public let dataJSON: String
    /// The canonical line without the parts that depend on where the event is stored, in one buffer
    /// (one allocation, not three): `{"event_id":"…","complaint_id":"…","version":`, then from
    /// ``middleStart`` `,"type":"…","occurred_at":"…","recorded_at":`, then from ``tailStart``
    /// `,"actor":"…"` (when there is one) `,"data":{…}}`.
    let pieces: [UInt8]
    let middleStart: Int
    let tailStart: Int
    /// The event's hash and tree leaf computed ahead (``ChainAhead``), when they were: only ever
    /// from these parts (``guessChain(with:complaintID:restore:)``), so that where the writer finds
    /// the guess's version, position, `recorded_at` and previous hash to be its own, the hash is
    /// the one it would compute.
    public internal(set) var guess: ChainGuess?

    /// Lays out `event`'s parts; pure, no I/O, so it may run on any thread ahead of the transaction.
    /// ``guess`` is `nil` until ``guessChain(with:complaintID:restore:)`` sets it.
    public init(_ event: ComplaintEvent) {
        eventID = event.eventID
        // The data object written once, in place, and its text taken from there (not written to a
        // buffer of its own, made a String and copied in). 384 bytes hold a typical line's parts (the
        // generated lines average 220 bytes); a longer one grows the buffer once.
        var w = CanonicalJSONWriter(reservingCapacity: 384)
        HashChain.writeIdentity(eventID: event.eventID, complaintID: event.complaintID, to: &w)
        middleStart = w.bytes.count
        HashChain.writeOccurrence(type: event.type, occurredAt: event.occurredAt, to: &w)
        tailStart = w.bytes.count
        var dataStart = 0
        HashChain.writeContent(actor: event.actor, to: &w) { w in
            dataStart = w.bytes.count
            event.data.writeCanonical(to: &w)
        }
        dataJSON = String(decoding: w.bytes[dataStart...], as: UTF8.self)
        w.raw("}")
        pieces = w.bytes
    }
}

extension CanonicalParts {
    /// Computes this event's hash and tree leaf ahead with `chain`, the next line's in it.
    public mutating func guessChain(with chain: inout ChainAhead, complaintID: String, restore: RestoreFields?) {
        guess = chain.guess(self, complaintID: complaintID, restore: restore)
    }
}

extension HashChain {
    /// The same hash as ``hash(of:previous:)`` for the event `parts` were prepared from, stored at
    /// `version` and `position`; `recordedAt` is the quoted `recorded_at` text.
    public static func hash(
        _ parts: CanonicalParts, version: Int, position: Int64, recordedAt: [UInt8], previous: [UInt8]
    ) -> [UInt8] {
        var scratch: [UInt8] = []
        return hash(
            parts, version: version, position: position, recordedAt: recordedAt, previous: previous, in: &scratch)
    }

    /// ``hash(_:version:position:recordedAt:previous:)``, the input laid out in `scratch` (whose
    /// capacity a caller hashing line after line keeps).
    static func hash(
        _ parts: CanonicalParts, version: Int, position: Int64, recordedAt: [UInt8], previous: [UInt8],
        in scratch: inout [UInt8]
    ) -> [UInt8] {
        // The whole input in one buffer, hashed in one pass.
        var w = CanonicalJSONWriter(reservingCapacity: 0)
        swap(&w.bytes, &scratch)
        defer { swap(&w.bytes, &scratch) }
        w.bytes.removeAll(keepingCapacity: true)
        w.bytes.reserveCapacity(64 + 1 + 40 + parts.pieces.count + recordedAt.count)
        w.hex(previous)
        w.raw("\n")
        w.bytes.append(contentsOf: parts.pieces[..<parts.middleStart])
        writePlace(version: version, position: position, to: &w)
        w.bytes.append(contentsOf: parts.pieces[parts.middleStart..<parts.tailStart])
        w.bytes.append(contentsOf: recordedAt)
        w.bytes.append(contentsOf: parts.pieces[parts.tailStart...])
        return w.bytes.withUnsafeBytes { SHA256.digest(of: $0) }
    }

    /// `recorded_at` as the canonical line quotes it.
    public static func recordedAtText(_ recordedAt: Timestamp) -> [UInt8] {
        var w = CanonicalJSONWriter(reservingCapacity: 32)
        w.string(recordedAt, utcMilliseconds: true)
        return w.bytes
    }
}
