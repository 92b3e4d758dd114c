#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// Every C library call Redress makes, in one place (as swift-argument-parser's
/// `Utilities/Platform.swift` keeps its own): the modules above call these and import no libc.
///
/// The calls keep the C semantics: a negative result means failure, with the cause in
/// ``errorNumber`` and ``errorText()``.
public enum Platform {
    /// The calling thread's `errno`.
    public static var errorNumber: Int32 { errno }
    /// `strerror(errno)`.
    public static func errorText() -> String { String(cString: strerror(errno)) }
    /// Whether the last call was interrupted by a signal and should be tried again.
    public static var interrupted: Bool { errno == EINTR }
    /// Whether the last `flock` failed because another process holds the lock.
    public static var wouldBlock: Bool { errno == EWOULDBLOCK }
    /// Whether the last `link` failed because the target exists.
    public static var alreadyExists: Bool { errno == EEXIST }

    /// Milliseconds since the Unix epoch, from the real-time clock.
    public static func epochMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Opens `path` for reading (close-on-exec).
    public static func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }
    /// Creates or truncates `path` for writing (mode 0644, close-on-exec).
    public static func createForWriting(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    }
    /// Opens `path` for reading and writing, creating it when missing (mode 0644, close-on-exec).
    public static func openOrCreate(_ path: String) -> Int32 { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
    /// Closes a descriptor.
    public static func closeFile(_ descriptor: Int32) { _ = close(descriptor) }
    /// `read(2)` into `buffer[offset...]`.
    public static func read(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int) -> Int {
        buffer.withUnsafeMutableBufferPointer { b in Glibc.read(descriptor, b.baseAddress! + offset, b.count - offset) }
    }
    /// `write(2)` of `buffer[offset...]`.
    public static func write(_ descriptor: Int32, _ buffer: [UInt8], from offset: Int) -> Int {
        buffer.withUnsafeBufferPointer { b in Glibc.write(descriptor, b.baseAddress! + offset, b.count - offset) }
    }
    /// `pread(2)` at offset 0 into `buffer`.
    public static func readAtStart(_ descriptor: Int32, into buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    }
    /// Replaces the file's content with `bytes`.
    public static func replaceContent(_ descriptor: Int32, with bytes: [UInt8]) {
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }
    /// Empties the file.
    public static func truncate(_ descriptor: Int32) { _ = ftruncate(descriptor, 0) }
    /// `flock(LOCK_EX | LOCK_NB)`: 0 when taken.
    public static func tryLockExclusive(_ descriptor: Int32) -> Int32 { flock(descriptor, LOCK_EX | LOCK_NB) }
    /// `flock(LOCK_UN)`.
    public static func unlock(_ descriptor: Int32) { _ = flock(descriptor, LOCK_UN) }
    /// Sleeps `microseconds`.
    public static func sleep(microseconds: UInt32) { _ = usleep(microseconds) }
    /// This process's id.
    public static var processID: Int32 { getpid() }
    /// `link(2)`: 0 when `to` was created as a new name of `from`.
    public static func hardLink(_ from: String, _ to: String) -> Int32 { link(from, to) }
    /// `unlink(2)`, ignoring a missing file.
    public static func remove(_ path: String) { _ = unlink(path) }
}
