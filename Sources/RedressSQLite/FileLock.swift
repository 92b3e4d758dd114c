#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file beside the database (`flock`).
///
/// Every write transaction and the closing checkpoint run under it, so that two
/// processes never write or checkpoint one ledger at the same moment (SQLite
/// 3.7.0–3.51.2 can corrupt a WAL database when they do; see ENGINEERING-NOTES).
final class FileLock: @unchecked Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SQLiteStoreError.cannotOpen("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// Errors opening a SQLite ledger.
public enum SQLiteStoreError: Error, CustomStringConvertible {
    case cannotOpen(String)

    public var description: String {
        switch self { case let .cannotOpen(message): return message }
    }
}
