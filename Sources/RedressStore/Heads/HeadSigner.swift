import Foundation

/// What a writer needs to sign heads: the signing key, and the file beside it where the
/// newest signed head is kept *outside* the database.
///
/// A signature alone cannot reveal a cut tail (the heads that remain are still validly
/// signed), so every signed head is also written to ``headPath``; `verify` compares the
/// ledger with it (smaller: a rollback; same size, other root: a fork). One key signs one
/// ledger (and its restored copies, which have the same heads).
public struct HeadSigner: Sendable {
    /// The key that signs every head the writer records.
    public let key: SigningKey
    /// The newest signed head, as a signed note: `KEYFILE.head`.
    public let headPath: String

    /// Takes the key and head file path as given; reads nothing until a write asks for the known head.
    public init(key: SigningKey, headPath: String) {
        self.key = key
        self.headPath = headPath
    }

    /// The key file: ``headPath`` without its `.head`.
    public var keyPath: String { headPath.hasSuffix(".head") ? String(headPath.dropLast(5)) : headPath }

    /// Reads the key file at `keyPath`; the head file is `keyPath + ".head"`.
    ///
    /// - Throws: ``CheckpointError`` when the file cannot be read or is not a signer key.
    public static func load(keyPath: String) throws -> HeadSigner {
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw CheckpointError("cannot read the signing key \(keyPath)")
        }
        return HeadSigner(key: try SigningKey(text: String(decoding: data, as: UTF8.self)), headPath: keyPath + ".head")
    }

    /// The newest head this key signed, from ``headPath``; `nil` when none was written yet.
    public func knownHead() throws -> Checkpoint? {
        try Self.readHead(headPath, verifier: key.verifier)
    }

    /// Reads and checks a head file (a signed note) with `verifier`; `nil` when the file does not exist.
    ///
    /// - Throws: ``CheckpointError`` naming the file when it cannot be read, is not a signed note, is not
    ///   signed by `verifier`, or names another log.
    public static func readHead(_ path: String, verifier: VerifierKey) throws -> Checkpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError("cannot read the head file \(path)")
        }
        do {
            return try verifier.open(try SignedNote(text: String(decoding: data, as: UTF8.self)))
        } catch {
            throw CheckpointError("the head file \(path): \(error)")
        }
    }

    /// Replaces ``headPath`` with `note`, atomically (write, fsync, rename), unless the head file already
    /// holds a head at least as large: writers that committed in one order may reach here in another,
    /// and the file must never move backwards.
    ///
    /// Each writer writes its own temporary file (process id and random bits in its name), and the
    /// compare-and-rename runs under an exclusive `flock` on the head file's directory, so concurrent
    /// writers — threads or processes — replace the file one at a time, in size order.
    public func record(_ note: SignedNote) throws {
        try Self.replace(headPath, with: note.text, size: try Checkpoint(body: note.body).size) {
            try? knownHead()?.size
        }
    }

    /// Replaces the file at `path` with `text` (a head of `size`), atomically, unless `currentSize` —
    /// read under the lock — says the file already holds one at least as large: the same
    /// compare-and-rename as ``record(_:)``, for any of the key's head files.
    public static func replace(_ path: String, with text: String, size: Int64, currentSize: () -> Int64?) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp.\(getpid()).\(UInt64.random(in: 0...UInt64.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw CheckpointError("cannot write the head file \(temporary)")
        }
        defer { unlink(temporary) }  // nothing once renamed; the file when this head was not the newest
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        let lock = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard lock >= 0 else {
            throw CheckpointError("cannot open the head file's directory \(directory): \(Self.lastError)")
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw CheckpointError("cannot lock the head file's directory \(directory): \(Self.lastError)")
            }
        }
        defer { flock(lock, LOCK_UN) }
        // Another writer's newer head got there first: keep it (an unreadable file is replaced).
        if let current = currentSize(), current >= size { return }
        guard rename(temporary, path) == 0 else {
            throw CheckpointError("cannot replace the head file \(path): \(Self.lastError)")
        }
        fsync(lock)  // the rename itself survives a crash
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}
