import Foundation

/// What a writer needs to sign heads: the signing key, and the file beside it where the
/// newest signed head is kept *outside* the database.
///
/// A signature alone cannot reveal a cut tail (the heads that remain are still validly
/// signed), so every signed head is also written to ``headPath``; `verify` compares the
/// ledger with it (smaller: a rollback; same size, other root: a fork). One key signs one
/// ledger (and its restored copies, which have the same heads).
public struct HeadSigner: Sendable {
    public let key: SigningKey
    /// The newest signed head, as a signed note: `KEYFILE.head`.
    public let headPath: String

    public init(key: SigningKey, headPath: String) {
        self.key = key
        self.headPath = headPath
    }

    /// The key file: ``headPath`` without its `.head`.
    public var keyPath: String { headPath.hasSuffix(".head") ? String(headPath.dropLast(5)) : headPath }

    /// Reads the key file at `keyPath`; the head file is `keyPath + ".head"`.
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

    /// Replaces ``headPath`` with `note`, atomically (write, fsync, rename).
    public func record(_ note: SignedNote) throws {
        let temporary = headPath + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(note.text.utf8)) else {
            throw CheckpointError("cannot write the head file \(temporary)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, headPath) == 0 else {
            throw CheckpointError("cannot replace the head file \(headPath): \(String(cString: strerror(errno)))")
        }
    }
}
