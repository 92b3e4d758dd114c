import RedressStore

/// Buffered output to a file descriptor (standard output by default).
public final class OutputSink: @unchecked Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []

    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
        ownsDescriptor = false
        buffer.reserveCapacity(1 << 16)
    }

    /// Creates (truncating) the file at `path`.
    public init(path: String) throws {
        descriptor = Platform.createForWriting(path)
        guard descriptor >= 0 else { throw LedgerError.input("cannot create \(path): \(Platform.errorText())") }
        ownsDescriptor = true
    }

    deinit {
        try? flush()
        if ownsDescriptor { Platform.closeFile(descriptor) }
    }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

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
