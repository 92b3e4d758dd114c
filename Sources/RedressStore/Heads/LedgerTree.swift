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
    private var peaks: [Node] = []

    /// The empty tree: size 0.
    public init() {}

    /// Restores a tree from ``size`` and ``compactRange``, as persisted; `nil` if they disagree.
    public init?(size: Int64, compactRange: [UInt8]) {
        guard size >= 0, compactRange.count == 32 * size.nonzeroBitCount else { return nil }
        self.size = size
        peaks = compactRange.withUnsafeBytes { bytes in
            stride(from: 0, to: bytes.count, by: 32).map { Node(UnsafeRawBufferPointer(rebasing: bytes[$0..<$0 + 32])) }
        }
    }

    /// The peaks concatenated, for storage beside ``size``.
    public var compactRange: [UInt8] { peaks.flatMap(\.bytes) }

    /// Adds the event hash at position ``size`` + 1.
    public mutating func append(eventHash: [UInt8]) { append(leaf: Self.leaf(of: eventHash)) }

    /// The leaf hash of an event hash, `SHA-256(0x00 ‖ event hash)`.
    public static func leaf(of eventHash: [UInt8]) -> Node {
        eventHash.withUnsafeBytes { digest(0x00, $0, UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    /// Adds the leaf (``leaf(of:)``) of the event hash at position ``size`` + 1.
    public mutating func append(leaf: Node) {
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
        return node.bytes
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    private static func digest(_ prefix: UInt8, _ left: Node, _ right: Node) -> Node {
        left.withUnsafeBytes { l in right.withUnsafeBytes { r in digest(prefix, l, r) } }
    }

    /// `SHA-256(prefix ‖ a ‖ b)`, laid out in one stack buffer and hashed in one pass.
    private static func digest(_ prefix: UInt8, _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Node {
        withUnsafeTemporaryAllocation(byteCount: 1 + a.count + b.count, alignment: 1) { buffer in
            buffer[0] = prefix
            UnsafeMutableRawBufferPointer(rebasing: buffer[1...]).copyMemory(from: a)
            UnsafeMutableRawBufferPointer(rebasing: buffer[(1 + a.count)...]).copyMemory(from: b)
            return SHA256.oneDigest(of: UnsafeRawBufferPointer(buffer)).withUnsafeBytes { Node($0) }
        }
    }
}

extension LedgerTree {
    /// A node's 32-byte SHA-256 hash, held inline: the tree and the leaves computed ahead of an import's
    /// writer (``ChainGuess``) allocate nothing per node.
    public struct Node: Sendable, Equatable {
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        /// The first 32 bytes of `bytes` (a digest's).
        init(_ bytes: UnsafeRawBufferPointer) {
            precondition(bytes.count >= 32, "a tree node is 32 bytes")
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<32])) }
        }

        /// The node's 32 bytes.
        public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// Calls `body` with the node's 32 bytes, laid out on the stack.
        func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try Swift.withUnsafeBytes(of: words, body)
        }

        /// Equal when the 32 bytes are equal.
        public static func == (a: Node, b: Node) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }
    }
}
