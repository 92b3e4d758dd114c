import RedressStore

/// Buffered output to a file descriptor (standard output by default).
public final class OutputSink: @unchecked Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []

    /// A sink over `descriptor` (standard output by default), which it never closes.
    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
        ownsDescriptor = false
        buffer.reserveCapacity(1 << 16)
    }

    /// Creates (truncating) the file at `path`.
    ///
    /// - Throws: `LedgerError.input` naming the path and the system's error when it cannot be created.
    public init(path: String) throws {
        descriptor = Platform.createForWriting(path)
        guard descriptor >= 0 else { throw LedgerError.input("cannot create \(path): \(Platform.errorText())") }
        ownsDescriptor = true
    }

    deinit {
        try? flush()
        if ownsDescriptor { Platform.closeFile(descriptor) }
    }

    /// Buffers `bytes`, writing the buffer out once it holds 64 KiB or more.
    ///
    /// - Throws: `LedgerError.input` when the write fails (a full disk, a closed pipe).
    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes the text's UTF-8 bytes, as the byte form of `write` does.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes out everything buffered, retrying interrupted writes; the sink is empty when it returns.
    /// Nothing is fsynced: a sink is for output, not for the ledger.
    ///
    /// - Throws: `LedgerError.input` naming the system's error when a write fails.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = Platform.write(descriptor, buffer, from: offset)
            if written < 0 {
                if Platform.interrupted { continue }
                throw LedgerError.input("write failed: \(Platform.errorText())")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
