import Foundation
import RedressDomain
import RedressStore

/// The writer lock: an exclusive `flock` on a file beside the database.
///
/// Every write transaction runs under it, so that two processes never write or
/// checkpoint one ledger at the same moment (SQLite 3.7.0–3.51.2 can corrupt a WAL
/// database when they do; see ENGINEERING-NOTES). Readers never take it: they read a
/// WAL snapshot. A writer waits at most ``timeout`` seconds, then fails naming the holder,
/// whose pid, command line and start time it writes into the lock file while it holds it.
/// The file is opened (and created) only when a write first needs it.
final class FileLock: @unchecked Sendable {
    let path: String
    /// Seconds a writer waits for the lock before giving up.
    let timeout: Double
    private var descriptor: Int32 = -1
    private let mutex = NSLock()

    /// A lock on the file at `path`; nothing is opened or created until a write first takes it.
    init(path: String, timeout: Double) {
        self.path = path
        self.timeout = timeout
    }

    deinit { if descriptor >= 0 { Platform.closeFile(descriptor) } }

    /// The lock file's descriptor, opened (and created) the first time.
    private func openFile() throws -> Int32 {
        if descriptor >= 0 { return descriptor }
        descriptor = Platform.openOrCreate(path)
        guard descriptor >= 0 else {
            throw SQLiteStoreError.cannotOpen("cannot open the writer lock file \(path): \(Platform.errorText())")
        }
        return descriptor
    }

    /// Runs `body` holding the lock, waiting for it at most `timeout` seconds (``timeout`` by default).
    func withLock<T>(timeout: Double? = nil, _ body: () throws -> T) throws -> T {
        mutex.lock()
        defer { mutex.unlock() }
        let fd = try openFile()
        let limit = timeout ?? self.timeout
        let started = DispatchTime.now().uptimeNanoseconds
        var pause: UInt32 = 1_000
        while Platform.tryLockExclusive(fd) != 0 {
            guard Platform.wouldBlock || Platform.interrupted else {
                throw SQLiteStoreError.cannotOpen("cannot lock \(path): \(Platform.errorText())")
            }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if waited >= limit {
                throw SQLiteStoreError.locked(
                    "the ledger is locked by another writer (\(holder(fd))); gave up after "
                        + "\(Self.seconds(limit)) s (--lock-timeout): is that process stopped or hung?")
            }
            Platform.sleep(microseconds: min(pause, UInt32(max(1, (limit - waited) * 1e6))))
            pause = min(pause * 2, 50_000)
        }
        describeHolder(fd)
        defer {
            Platform.truncate(fd)
            Platform.unlock(fd)
        }
        return try body()
    }

    /// Writes who holds the lock into the lock file.
    private func describeHolder(_ fd: Int32) {
        let command = CommandLine.arguments.map { $0.count > 60 ? $0.prefix(57) + "..." : Substring($0) }
            .joined(separator: " ").prefix(300)
        // The ledger's own RFC 3339 form, without building a date formatter per write transaction.
        let since = Timestamp(epochMilliseconds: SystemClock.now()).utcMillisecondText
        Platform.replaceContent(fd, with: Array("pid \(Platform.processID): \(command), since \(since)\n".utf8))
    }

    /// What the lock file says about its holder.
    private func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = Platform.readAtStart(fd, into: &buffer)
        let text =
            count > 0
            ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return text.isEmpty
            ? "held by a process that has not said who it is" : "held by \(VisibleText.render(text)) — see \(path)"
    }

    /// `30`, or `2.5`: the timeout as a person wrote it.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
