import Crypto

/// The ledger-wide chain: an RFC 6962 Merkle tree over every event hash in position order.
///
/// Leaf `i` is the hash of the event at position `i + 1`; leaf hashes are
/// `SHA-256(0x00 ‖ event hash)` and interior nodes `SHA-256(0x01 ‖ left ‖ right)`, so the
/// root of the first `n` events is exactly RFC 6962's Merkle Tree Hash of those `n` event
/// hashes. The root commits to every event, its position and the order of all streams
/// together, which the per-stream chains alone do not.
///
/// Appends are incremental: the tree keeps only the roots of its perfect subtrees (the
/// *compact range*, at most 64 hashes), which a store can persist with each head.
public struct LedgerTree: Sendable, Equatable {
    /// How many events the tree covers.
    public private(set) var size: Int64 = 0
    /// Roots of the perfect subtrees, largest (leftmost) first.
    private var peaks: [[UInt8]] = []

    public init() {}

    /// Restores a tree from ``size`` and ``compactRange``, as persisted; `nil` if they disagree.
    public init?(size: Int64, compactRange: [UInt8]) {
        guard size >= 0, compactRange.count == 32 * size.nonzeroBitCount else { return nil }
        self.size = size
        peaks = stride(from: 0, to: compactRange.count, by: 32).map { Array(compactRange[$0..<$0 + 32]) }
    }

    /// The peaks concatenated, for storage beside ``size``.
    public var compactRange: [UInt8] { peaks.flatMap { $0 } }

    /// Adds the event hash at position ``size`` + 1.
    public mutating func append(eventHash: [UInt8]) { append(leaf: Self.leaf(of: eventHash)) }

    /// The leaf hash of an event hash, `SHA-256(0x00 ‖ event hash)`.
    public static func leaf(of eventHash: [UInt8]) -> [UInt8] { digest(0x00, eventHash, []) }

    /// Adds the leaf (``leaf(of:)``) of the event hash at position ``size`` + 1.
    public mutating func append(leaf: [UInt8]) {
        var node = leaf
        var merged = size
        // Each trailing 1 bit of the old size is a peak of equal height to merge with.
        while merged & 1 == 1 {
            node = Self.digest(0x01, peaks.removeLast(), node)
            merged >>= 1
        }
        peaks.append(node)
        size += 1
    }

    /// The Merkle Tree Hash of every event so far (SHA-256 of nothing for an empty ledger).
    public var root: [UInt8] {
        guard var node = peaks.last else { return Array(SHA256.hash(data: [UInt8]())) }
        for peak in peaks.dropLast().reversed() { node = Self.digest(0x01, peak, node) }
        return node
    }

    /// `SHA-256(prefix ‖ a ‖ b)`, laid out in one stack buffer and hashed in one pass.
    private static func digest(_ prefix: UInt8, _ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + a.count + b.count) { buffer in
            buffer[0] = prefix
            _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(fromContentsOf: a)
            _ = UnsafeMutableBufferPointer(rebasing: buffer[(1 + a.count)...]).initialize(fromContentsOf: b)
            return SHA256.digest(of: UnsafeRawBufferPointer(buffer))
        }
    }
}
