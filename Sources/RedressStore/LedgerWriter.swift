public import RedressDomain

/// One write transaction on any backend: the rules every store keeps, on top of a backend's
/// ``LedgerRows``.
///
/// Keeps the head position, the last `recorded_at` and each touched stream's latest version and
/// hash, so the append path is one insert per event; extends the ledger-wide tree per append, and
/// at ``finish()`` records (and signs) the new head.
public final class LedgerWriter<Rows: LedgerRows>: EventStoreTransaction {
    private let rows: Rows
    private var head: Int64
    private var lastRecordedMs: Int64
    /// `recorded_at` for events appended here: the clock, never behind the last one stored.
    private let nowMs: Int64
    /// `recorded_at` of the events appended here, as the canonical line quotes it.
    private let nowText: [UInt8]
    private var streamHeads: [String: (version: Int, hash: [UInt8])] = [:]
    /// Whether `streamHeads` holds every stream of the ledger: so while the ledger was empty when the
    /// transaction began and the heads were never dropped since. A stream missing from them is then new,
    /// and its head needs no read (a bulk load into a new ledger probes the index once per complaint
    /// otherwise).
    private var headsComplete: Bool
    /// The ledger-wide tree, loaded at the first append and extended by each one.
    private var tree: LedgerTree?
    /// The tree's size before this transaction.
    private var sizeBefore: Int64 = 0
    /// Whether anything was appended.
    public private(set) var appendedAny = false
    /// Signs the new head at commit, when given.
    private let signer: HeadSigner?
    /// The newest head the signer signed before (its head file), read at the first append.
    private var knownHead: Checkpoint?
    /// The tree's root when this transaction's appends reached the known head's size.
    private var rootAtKnownHead: [UInt8]?
    /// Called with each event appended (after its row is inserted) and its decoded data: how the
    /// projections follow the transaction's own appends instead of reading them back.
    public var onAppend: ((StoredEvent, EventData) throws -> Void)?
    /// Stream heads kept per transaction unless the store says otherwise; past the limit the cache starts
    /// again (bounded memory on huge imports).
    public static var streamHeadLimit: Int { 120_000 }
    /// This transaction's limit on `streamHeads`.
    private let headLimit: Int

    /// - Parameters:
    ///   - rows: the backend's rows inside its write transaction.
    ///   - now: the store's clock (epoch ms), read once the transaction holds the write lock.
    ///   - signer: signs each head this transaction records (`nil`: heads are recorded unsigned).
    ///   - streamHeadLimit: stream heads kept in memory (``streamHeadLimit`` when `nil`); any value gives
    ///     the same ledger.
    /// - Throws: what the rows throw reading the last event.
    public init(rows: Rows, now: Int64, signer: HeadSigner?, streamHeadLimit: Int? = nil) throws {
        self.rows = rows
        self.signer = signer
        headLimit = max(1, streamHeadLimit ?? Self.streamHeadLimit)
        let last = try rows.lastEvent()
        head = last?.position ?? 0
        headsComplete = last == nil
        lastRecordedMs = last?.recordedMs ?? Int64.min
        nowMs = max(now, lastRecordedMs)
        nowText = HashChain.recordedAtText(Timestamp(epochMilliseconds: nowMs))
    }

    /// The position of the last event, including those appended by this transaction; 0 for an empty ledger.
    public func headPosition() throws -> Int64 { head }

    /// The store's clock when the transaction began, raised to the last stored `recorded_at` if the clock
    /// is behind it: every event appended here without restore fields is stamped with exactly this.
    public var now: Timestamp { Timestamp(epochMilliseconds: nowMs) }

    /// Reads the stream from the rows and remembers its head, so an append to it right after costs no read.
    public func readStream(_ complaintID: String) throws -> [StoredEvent] {
        let events = try rows.readStream(complaintID)
        streamHeads[complaintID] = (events.last?.version ?? 0, events.last?.hash ?? HashChain.genesis)
        return events
    }

    /// The row with this id, whether stored before or appended by this transaction.
    public func event(id: EventID) throws -> StoredEvent? { try rows.event(id: id) }

    /// The one place the idempotency rule (`StoredEvent.asRepeat(of:restore:)`) is applied, for the
    /// library's write paths and for this writer's own appends.
    public func repeated(_ event: ComplaintEvent, restore: RestoreFields?) throws -> AppendOutcome? {
        try rows.event(id: event.eventID)?.asRepeat(of: event, restore: restore)
    }

    /// The stream's version, from the heads this transaction keeps when it knows it, else one read.
    public func streamVersion(_ complaintID: String) throws -> Int {
        streamHeads.values[try streamHead(complaintID)].version
    }

    /// Where the stream's head is in ``streamHeads``, read from the rows when it is not there: the
    /// append updates it through this index (one hash of the id per event, not two).
    private func streamHead(_ complaintID: String) throws -> [String: (version: Int, hash: [UInt8])].Index {
        if let cached = streamHeads.index(forKey: complaintID) { return cached }
        if streamHeads.count >= headLimit {
            streamHeads.removeAll(keepingCapacity: true)
            headsComplete = false
        }
        let stored = headsComplete ? nil : try rows.streamHead(complaintID)
        streamHeads[complaintID] = stored ?? (0, HashChain.genesis)
        return streamHeads.index(forKey: complaintID)!
    }

    /// ``append(_:expectedVersion:restore:prepared:)`` without parts prepared ahead.
    public func append(_ event: ComplaintEvent, expectedVersion: Int, restore: RestoreFields?) throws -> AppendOutcome {
        try append(event, expectedVersion: expectedVersion, restore: restore, prepared: nil)
    }

    /// Appends `event` at the stream's next version and the ledger's next position, chains its hash to
    /// the stream's previous one, extends the tree, and calls ``onAppend`` with the stored event.
    /// Keeps the idempotency rule (`StoredEvent.asRepeat(of:restore:)`): an id already stored is
    /// ``AppendOutcome/alreadyStored(_:)`` or a refusal, and nothing is inserted. `prepared`, when it is
    /// this event's, only saves work: where its guessed chain does not hold the hash is computed here.
    ///
    /// - Throws: ``StoreError/conflict(complaintID:expected:actual:)`` when the stream is not at
    ///   `expectedVersion`; ``StoreError/duplicateEventID(_:existingPosition:)`` and
    ///   ``StoreError/restoreMismatch(eventID:field:message:)`` as ``EventStoreTransaction`` documents;
    ///   ``StoreError/database(_:)`` when the recorded heads are unreadable or another writer took the
    ///   version; whatever the rows or ``onAppend`` throw. After a throw the caller must roll the
    ///   database transaction back.
    public func append(
        _ event: ComplaintEvent, expectedVersion: Int, restore: RestoreFields?, prepared: CanonicalParts?
    ) throws -> AppendOutcome {
        if restore != nil, let repeated = try repeated(event, restore: restore) { return repeated }
        // Valid until the head is updated below: nothing in between changes `streamHeads`.
        let streamAt = try streamHead(event.complaintID)
        let stream = streamHeads.values[streamAt]
        guard stream.version == expectedVersion else {
            if let repeated = try repeated(event, restore: restore) { return repeated }
            throw StoreError.conflict(complaintID: event.complaintID, expected: expectedVersion, actual: stream.version)
        }
        let position = head + 1
        var recordedMs = nowMs
        if let restore {
            func mismatch(_ field: String, _ message: String) -> StoreError {
                .restoreMismatch(eventID: event.eventID, field: field, message: message)
            }
            guard restore.position == position else {
                throw mismatch(
                    "position", "\(restore.position) given, but the next position in this ledger is \(position)")
            }
            guard restore.version == expectedVersion + 1 else {
                throw mismatch(
                    "version", "\(restore.version) given, but the stream's next version is \(expectedVersion + 1)")
            }
            guard restore.recordedAt.epochMilliseconds >= lastRecordedMs else {
                throw mismatch("recorded_at", "\(restore.recordedAt) is earlier than the previous event's recorded_at")
            }
            recordedMs = restore.recordedAt.epochMilliseconds
        }
        let recordedAt = Timestamp(epochMilliseconds: recordedMs)
        var stored: StoredEvent
        // The tree leaf of the event's hash, when computed ahead with it.
        var leaf: LedgerTree.Node?
        if let prepared, prepared.eventID == event.eventID {
            stored = StoredEvent(
                position: position, version: expectedVersion + 1, eventID: event.eventID,
                complaintID: event.complaintID, type: event.type, occurredAt: event.occurredAt, recordedAt: recordedAt,
                actor: event.actor, dataJSON: prepared.dataJSON, hash: [])
            let recordedText = restore == nil ? nowText : HashChain.recordedAtText(recordedAt)
            if let guess = prepared.guess,
                guess.holds(
                    version: stored.version, position: position, recordedAt: recordedText, previous: stream.hash)
            {
                stored.hash = guess.hash
                leaf = guess.leaf
            } else {
                stored.hash = HashChain.hash(
                    prepared, version: stored.version, position: position, recordedAt: recordedText,
                    previous: stream.hash)
            }
        } else {
            stored = StoredEvent(event, position: position, version: expectedVersion + 1, recordedAt: recordedAt)
            stored.hash = HashChain.hash(of: stored, previous: stream.hash)
        }
        if let restore, restore.hash != stored.hashHex {
            throw StoreError.restoreMismatch(
                eventID: event.eventID, field: "hash",
                message: "\(restore.hash) given, but the chain computes \(stored.hashHex)")
        }
        if tree == nil {
            tree = try loadTree()
            knownHead = try signer?.knownHead()
        }
        guard try rows.insert(stored) else {
            if let repeated = try repeated(event, restore: restore) { return repeated }
            throw StoreError.database(
                "complaint \(event.complaintID) version \(stored.version) was taken by another writer "
                    + "during this append"
            )
        }
        head = position
        lastRecordedMs = recordedMs
        streamHeads.values[streamAt] = (stored.version, stored.hash)
        if let leaf { tree?.append(leaf: leaf) } else { tree?.append(eventHash: stored.hash) }
        if let knownHead, tree?.size == knownHead.size { rootAtKnownHead = tree?.root }
        appendedAny = true
        try onAppend?(stored, event.data)
        return .appended(stored)
    }

    /// The tree at the head before this transaction: the last recorded head's compact range,
    /// extended with any event hashes after it (a ledger written before heads were kept).
    private func loadTree() throws -> LedgerTree {
        var tree = LedgerTree()
        if let last = try rows.lastHead() {
            guard let stored = LedgerTree(size: last.position, compactRange: last.compact) else {
                throw StoreError.database(
                    "the head recorded at position \(last.position) is unreadable: verify the ledger")
            }
            tree = stored
        }
        if tree.size < head {
            try rows.eventHashes(after: tree.size) { tree.append(eventHash: $0) }
        }
        guard tree.size == head else {
            throw StoreError.database(
                "the heads recorded go past the ledger's head \(head): events were removed; verify the ledger")
        }
        sizeBefore = tree.size
        return tree
    }

    /// Records the new head (signed with the signer when given) before the transaction commits;
    /// returns the signed note to keep outside the database. Nothing to do when nothing was appended.
    ///
    /// - Throws: when the ledger's heads are signed but no signer was given, when they were signed
    ///   by another key, or when the signer's last known head is not part of this ledger (a rollback
    ///   or a fork): a key never signs a head that contradicts one it signed before.
    public func finish() throws -> SignedNote? {
        guard appendedAny, let tree else { return nil }
        let lastSigned = try rows.lastSignedCheckpoint()
        var note: SignedNote?
        if let signer {
            let verifier = signer.key.verifier
            if let lastSigned {
                do { _ = try verifier.open(try SignedNote(text: lastSigned)) } catch {
                    let origin = (try? Checkpoint(body: SignedNote(text: lastSigned).body).origin).map {
                        ", it is signed for \($0)"
                    }
                    throw StoreError.database(
                        "refusing to sign: this ledger's last signed head is \(error)\(origin ?? "") "
                            + "(one key signs one ledger): the signing key \(signer.keyPath) "
                            + "(--signing-key or REDRESS_SIGNING_KEY) is another ledger's; give this ledger's")
                }
            }
            if let known = knownHead {
                // The ledger must extend the last head this key signed: its root at that size, from the
                // head recorded there, or from this transaction's own appends (a restore re-creates it).
                let root = known.size > sizeBefore ? rootAtKnownHead : try rows.recordedRoot(at: known.size)
                // No head of this ledger is signed (by any key): the key's head is another ledger's, most
                // likely a REDRESS_SIGNING_KEY left set for it; no rollback or fork of this one is in sight.
                guard root == known.root || lastSigned != nil else {
                    throw StoreError.database(
                        "refusing to sign: the signing key \(signer.keyPath) (--signing-key or REDRESS_SIGNING_KEY) "
                            + "is another ledger's key: no head of this ledger is signed by it, and its last signed "
                            + "head (\(signer.headPath), size \(known.size)) is not one of this ledger's. Write "
                            + "with this ledger's key, or with none (unset REDRESS_SIGNING_KEY) while its heads are "
                            + "unsigned. If "
                            + "that key did sign this ledger, its signed heads were removed: run verify with "
                            + "--public-key and --head")
                }
                guard root == known.root else {
                    throw StoreError.database(
                        "refusing to sign: the key's last signed head (\(signer.headPath), size \(known.size)) "
                            + "is not part of this "
                            + "ledger of \(tree.size) events: it was rolled back or forked (run verify)")
                }
            }
            note = try signer.key.sign(Checkpoint(origin: signer.key.origin, size: tree.size, root: tree.root))
        } else if lastSigned != nil {
            throw StoreError.database(
                "this ledger's heads are signed: give its signing key (--signing-key or REDRESS_SIGNING_KEY) to write")
        }
        try rows.insertHead(
            position: tree.size, root: tree.root, compact: tree.compactRange, checkpoint: note?.text, recordedMs: nowMs)
        return note
    }
}
