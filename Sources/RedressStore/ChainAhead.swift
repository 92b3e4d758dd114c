public import RedressDomain

/// An event's chain hash and tree leaf computed ahead of its append, with everything they were
/// computed from: the writer takes them only when its own inputs are exactly these (see
/// ``ChainAhead``), so a wrong guess costs a hash, never a wrong one.
public struct ChainGuess: Sendable {
    let version: Int
    let position: Int64
    /// The quoted `recorded_at` the hash covers.
    let recordedAt: [UInt8]
    /// The stream's previous hash the chain hash covers.
    let previous: [UInt8]
    let hash: [UInt8]
    /// ``LedgerTree/leaf(of:)`` of ``hash``.
    let leaf: LedgerTree.Node

    /// Whether the guess was made from these inputs (and so its hash is theirs).
    func holds(version: Int, position: Int64, recordedAt: [UInt8], previous: [UInt8]) -> Bool {
        self.version == version && self.position == position && self.previous == previous
            && self.recordedAt == recordedAt
    }
}

/// The chain an import will write, computed on its decoder's thread ahead of the writer (whose
/// thread is the busier one), on the assumption that every line before is appended: the first at
/// the head the import's transaction started from, one position after another, each stream from
/// version 1 and the genesis hash unless a line before continued it, `recorded_at` the
/// transaction's clock (a restore's own fields where it has them).
///
/// Pure, no I/O. Where the assumption fails — a complaint already in the ledger, a line already
/// stored, a refused line — ``LedgerWriter`` sees its own version, position, `recorded_at` or
/// previous hash differ from the guess's and hashes the event itself.
public struct ChainAhead: Sendable {
    private var position: Int64
    private let recordedAt: [UInt8]
    private var streams: [String: (version: Int, hash: [UInt8])] = [:]
    /// Where each chain line is laid out to be hashed, kept from line to line.
    private var scratch: [UInt8] = []
    /// Streams remembered; past this the memory starts again (a forgotten stream's next guess is
    /// wrong, not the chain).
    public static var streamLimit: Int { 120_000 }

    /// - Parameters:
    ///   - head: the ledger's head when the transaction that appends the lines began.
    ///   - now: that transaction's `recorded_at` (``EventStoreTransaction/now``).
    public init(head: Int64, now: Timestamp) {
        position = head
        recordedAt = HashChain.recordedAtText(now)
    }

    /// The guess for the next line's event, `parts` prepared from it (attached to them by
    /// ``CanonicalParts/guessChain(with:complaintID:restore:)``).
    mutating func guess(
        _ parts: CanonicalParts, complaintID: String, restore: RestoreFields?
    ) -> ChainGuess {
        // One hash of the id: the index stays valid until the stream is stored below.
        let known = streams.index(forKey: complaintID)
        let stream = known.map { streams.values[$0] } ?? (version: 0, hash: HashChain.genesis)
        let version = restore?.version ?? stream.version + 1
        position = restore?.position ?? position + 1
        let recorded = restore.map { HashChain.recordedAtText($0.recordedAt) } ?? recordedAt
        let hash = HashChain.hash(
            parts, version: version, position: position, recordedAt: recorded, previous: stream.hash, in: &scratch)
        if let known {
            streams.values[known] = (version, hash)
        } else {
            if streams.count >= Self.streamLimit { streams.removeAll(keepingCapacity: true) }
            streams[complaintID] = (version, hash)
        }
        return ChainGuess(
            version: version, position: position, recordedAt: recorded, previous: stream.hash, hash: hash,
            leaf: LedgerTree.leaf(of: hash))
    }
}
