import Crypto

// The chain and the tree hash every event two or three times on the writer's thread; these go
// straight to the bytes where swift-crypto's generic `DataProtocol` overloads walk regions and
// copy a digest one element at a time through `Sequence` (5% of an import's writer, by perf).

extension SHA256 {
    /// Adds `bytes` from their contiguous buffer.
    mutating func update(bytes: [UInt8]) {
        bytes.withUnsafeBytes { update(bufferPointer: $0) }
    }

    /// Adds one byte.
    mutating func update(byte: UInt8) {
        withUnsafeBytes(of: byte) { update(bufferPointer: $0) }
    }
}

extension SHA256.Digest {
    /// The digest's 32 bytes.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
