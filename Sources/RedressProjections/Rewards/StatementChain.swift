import Crypto
import Foundation
import RedressDomain
public import RedressStore

/// The chain of issued statements, written once above the backends: each statement's hash covers
/// the one before it, and when the ledger's writers sign, each link is a signed checkpoint of its
/// own log (origin `redress/NAME/statements`, size = the statement's sequence, root = its chain hash),
/// also kept outside the database in the signer's statements head file (`KEYFILE.statements`).
///
/// So `verify` names an edited statement (its hash no longer recomputes), a removed one (the
/// sequence jumps, or the chain ends before the head file's size) and a forged one (no valid
/// signature), as it does for events.
public enum StatementChain {
    /// The hash before the first statement.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The origin line of the statements checkpoints signed with a key whose heads name `origin`.
    public static func origin(forHeads origin: String) -> String { origin + "/statements" }

    /// The statements head file beside a signing key's head file (`KEY.head` → `KEY.statements`).
    public static func headPath(for signer: HeadSigner) -> String { signer.keyPath + ".statements" }

    /// SHA-256 over `previous` and the statement's sequence, month, as-of position, policy digest,
    /// statement digest, the SHA-256 of its stored policy text, issue time and the SHA-256 of its
    /// signed event head (empty when unsigned).
    public static func hash(previous: [UInt8], of s: IssuedStatement) -> [UInt8] {
        func digest(_ text: String) -> String { Hex.encode(SHA256.hash(data: Array(text.utf8))) }
        let text = [
            "redress-statement/1", String(s.sequence), s.month, String(s.asOfPosition), s.policySHA256,
            s.statementSHA256, digest(s.policyJSON), String(s.issuedAt.epochMilliseconds),
            digest(s.signedHead ?? ""),
        ].joined(separator: "\n")
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Array(text.utf8))
        return Array(hasher.finalize())
    }

    /// The statement to store after `last` (the chain's newest link, `nil` for the first): its
    /// sequence, chain hash and, with `signer`, the signed checkpoint over it.
    ///
    /// - Throws: what signing throws; only with a signer.
    public static func link(
        _ statement: IssuedStatement, after last: (sequence: Int64, hash: [UInt8])?,
        signer: HeadSigner?
    ) throws -> IssuedStatement {
        var s = statement
        s.sequence = (last?.sequence ?? 0) + 1
        s.chainHash = hash(previous: last?.hash ?? genesis, of: s)
        if let signer {
            let checkpoint = Checkpoint(
                origin: origin(forHeads: signer.key.origin), size: s.sequence, root: s.chainHash)
            s.chainNote = try signer.key.sign(checkpoint).text
        }
        return s
    }

    /// Writes the statement's signed checkpoint to the signer's statements head file, unless the file
    /// already holds a larger one (another issuer's, written after ours): the file never moves back.
    /// The same compare-and-rename under a lock as the events' head file
    /// (`HeadSigner.replace(_:with:size:currentSize:)`).
    ///
    /// - Throws: when the head file cannot be written or renamed into place.
    public static func recordHead(_ statement: IssuedStatement, signer: HeadSigner) throws {
        guard let text = statement.chainNote else { return }
        let path = headPath(for: signer)
        let verifier = signer.key.verifier
        try HeadSigner.replace(path, with: text, size: statement.sequence) {
            guard let data = FileManager.default.contents(atPath: path),
                let note = try? SignedNote(text: String(decoding: data, as: UTF8.self))
            else { return nil }
            return try? verifier.open(note, origin: origin(forHeads: verifier.origin)).size
        }
    }
}
