import Crypto

// The chain and the tree hash every event two or three times, on the writer's thread or, for most of
// an import's events, ahead on its decoder's (`ChainAhead`). Each input is laid out in one buffer and
// hashed in one call: swift-crypto's generic `DataProtocol` overloads walk regions and copy a digest
// one element at a time through `Sequence` (5% of an import's writer, by perf), and an `update` per
// piece cost the chain hash as much again as the hashing.

extension SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] { oneDigest(of: bytes).bytes }

    /// The digest of `bytes` as swift-crypto holds it (inline, nothing allocated for it).
    static func oneDigest(of bytes: UnsafeRawBufferPointer) -> SHA256.Digest {
        var sha = SHA256()
        sha.update(bufferPointer: bytes)
        return sha.finalize()
    }
}

extension SHA256.Digest {
    /// The digest's 32 bytes.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
