import Foundation
import RedressStore

/// Reads LF-terminated lines from a file descriptor through one large buffer.
///
/// A final line without its LF is still a line; a CR before the LF is kept (JSON
/// treats it as white space, so CRLF files import). A UTF-8 byte order mark at the
/// very start of the input is skipped; anywhere else it is an error of its line. A line
/// longer than ``maximumLineBytes`` (without its LF) ends the read with ``TooLong``.
public final class LineReader: @unchecked Sendable {
    /// Longest accepted line (an event has at most a few text fields of 4,000 characters).
    public static let maximumLineBytes = 1 << 20

    /// Thrown when a line exceeds ``LineReader/maximumLineBytes``; the read cannot go on past it.
    public struct TooLong: Error, CustomStringConvertible {
        /// The 1-based number of the line that is too long.
        public let line: Int
        /// `line N: longer than …`: the line and the limit, in bytes.
        public var description: String {
            "line \(line): longer than \(LineReader.maximumLineBytes) bytes (1 MiB), the longest line an import reads"
        }
    }

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    /// 1-based number of the line most recently returned.
    public private(set) var lineNumber = 0
    /// Bytes of the input read as lines so far (with their LFs): for progress against the file's size.
    public private(set) var bytesConsumed: Int64 = 0

    /// Reads from `path`, or standard input when `path` is `-`.
    public init(path: String) throws {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw LedgerError.input(
                    "cannot read \(path): Is a directory; import reads one NDJSON file (or - for standard input), "
                        + "e.g. cat \(path)/*.ndjson | redress import -")
            }
            descriptor = Platform.openForReading(path)
            guard descriptor >= 0 else { throw LedgerError.input("cannot open \(path): \(Platform.errorText())") }
            ownsDescriptor = true
        }
        buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    deinit { if ownsDescriptor { Platform.closeFile(descriptor) } }

    /// Calls `body` with the next line's bytes (without LF); returns false at the end.
    public func next(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                lineNumber += 1
                var lineStart = start
                bytesConsumed += Int64(newline + 1 - start)
                start = newline + 1
                if lineNumber == 1, hasByteOrderMark(lineStart, newline) { lineStart += 3 }
                guard newline - lineStart <= Self.maximumLineBytes else { throw TooLong(line: lineNumber) }
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<newline])) }
                return true
            }
            if eof {
                guard start < end else { return false }
                lineNumber += 1
                var lineStart = start
                bytesConsumed += Int64(end - start)
                start = end
                if lineNumber == 1, hasByteOrderMark(lineStart, end) { lineStart += 3 }
                guard end - lineStart <= Self.maximumLineBytes else { throw TooLong(line: lineNumber) }
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<end])) }
                return true
            }
            try fill()
        }
    }

    /// A UTF-8 byte order mark (EF BB BF) starts the range: what Windows tools put at the start of a file.
    private func hasByteOrderMark(_ from: Int, _ to: Int) -> Bool {
        to - from >= 3 && buffer[from] == 0xEF && buffer[from + 1] == 0xBB && buffer[from + 2] == 0xBF
    }

    private func fill() throws {
        if start > 0 {
            buffer.withUnsafeMutableBufferPointer { b in
                // copyMemory allows the two regions to overlap, as memmove does.
                UnsafeMutableRawPointer(b.baseAddress!).copyMemory(from: b.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if end == buffer.count {
            guard buffer.count < Self.maximumLineBytes * 2 else { throw TooLong(line: lineNumber + 1) }
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
        let count = Platform.read(descriptor, into: &buffer, at: end)
        if count < 0 {
            if Platform.interrupted { return }
            throw LedgerError.input("read failed: \(Platform.errorText())")
        }
        if count == 0 { eof = true } else { end += count }
    }
}
