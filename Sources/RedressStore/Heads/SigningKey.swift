import Crypto
import Foundation
import RedressDomain

/// An Ed25519 key pair that signs ledger heads, in the key formats of C2SP signed notes
/// (as Go's `golang.org/x/mod/sumdb/note` writes them).
///
/// - signer key: `PRIVATE+KEY+<name>+<key hash, 8 hex>+<base64(0x01 ‖ 32-byte seed)>`
/// - verifier key: `<name>+<key hash>+<base64(0x01 ‖ 32-byte public key)>`
///
/// The key hash is the first four bytes of `SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`.
/// The key is held outside the database: an insider who can write the ledger file but
/// not read the key cannot sign a head.
public struct SigningKey: Sendable {
    /// The key's name: non-empty, no spaces or `+`; the heads it signs name the log `redress/NAME`.
    public let name: String
    /// The 32-byte Ed25519 seed (CryptoKit's raw representation).
    let seed: [UInt8]
    var privateKey: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// A new random key.
    ///
    /// - Throws: ``CheckpointError`` when `name` is empty or holds a space, a control character or `+`.
    public init(name: String) throws(CheckpointError) {
        try Self.checkName(name)
        self.name = name
        seed = [UInt8](Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// Reads a signer key (`PRIVATE+KEY+…`).
    ///
    /// - Throws: ``CheckpointError`` when the text is not a signer key or its key hash does not match its key.
    public init(text: String) throws(CheckpointError) {
        // The base64 key may itself hold '+': split off the four fields before it only.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
            let blob = Data(base64Encoded: String(parts[4])), blob.count == 33, blob.first == 0x01,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: blob.dropFirst())
        else {
            throw CheckpointError(
                "not a Redress signing key (expected PRIVATE+KEY+NAME+HASH+KEY, as `redress keys create` writes)")
        }
        name = String(parts[2])
        seed = [UInt8](key.rawRepresentation)
        guard String(parts[3]) == verifier.hashHex else {
            throw CheckpointError("the signing key's hash does not match its key")
        }
    }

    /// The signer key text.
    public var text: String {
        "PRIVATE+KEY+\(name)+\(verifier.hashHex)+\(Data([0x01] + privateKey.rawRepresentation).base64EncodedString())"
    }

    /// The public half, to hand to auditors (`redress keys create` writes it to `FILE.pub`).
    public var verifier: VerifierKey { VerifierKey(name: name, publicKey: privateKey.publicKey) }

    /// The origin line of the heads this key signs.
    public var origin: String { "redress/\(name)" }

    /// Signs `checkpoint` as a note.
    public func sign(_ checkpoint: Checkpoint) throws -> SignedNote { try sign(text: checkpoint.body) }

    /// Signs any note text (which must end in a newline), as C2SP signed-note specifies.
    public func sign(text: String) throws -> SignedNote {
        let signature = try privateKey.signature(for: Array(text.utf8))
        return SignedNote(body: text, signatures: [(name, verifier.keyHash, [UInt8](signature))])
    }

    /// Refuses a name the key formats cannot hold: empty, or with a space, control character or `+`.
    static func checkName(_ name: String) throws(CheckpointError) {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0 != "+" && $0.value != 0x7F }) else {
            throw CheckpointError("a key name must be non-empty, without spaces or '+'")
        }
    }
}

/// The public half of a ``SigningKey``: what an auditor holds to check signed heads.
public struct VerifierKey: Sendable {
    /// The key's name, as in the signer key it came from.
    public let name: String
    /// The 32-byte Ed25519 public key.
    let publicBytes: [UInt8]
    var publicKey: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: publicBytes) }

    /// The public half of a key pair.
    init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        publicBytes = [UInt8](publicKey.rawRepresentation)
    }

    /// Reads a verifier key (`NAME+HASH+BASE64`), or derives it from a signer key.
    ///
    /// - Throws: ``CheckpointError`` when the text is neither key form, or its key hash does not match its key.
    public init(text: String) throws(CheckpointError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("PRIVATE+KEY+") {
            self = try SigningKey(text: trimmed).verifier
            return
        }
        let parts = trimmed.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let blob = Data(base64Encoded: String(parts[2])), blob.count == 33, blob.first == 0x01,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: blob.dropFirst())
        else {
            throw CheckpointError("not a Redress public key (expected NAME+HASH+KEY, as `redress keys create` writes)")
        }
        name = String(parts[0])
        publicBytes = [UInt8](key.rawRepresentation)
        guard String(parts[1]) == hashHex else { throw CheckpointError("the public key's hash does not match its key") }
    }

    /// The verifier key text, `NAME+HASH+BASE64`: what ``init(text:)`` reads back.
    public var text: String { "\(name)+\(hashHex)+\(Data([0x01] + publicKey.rawRepresentation).base64EncodedString())" }

    /// The origin line of the heads this key checks: `redress/NAME`.
    public var origin: String { "redress/\(name)" }

    /// The first four bytes of `SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`, big-endian: what a signature line
    /// names its key by.
    public var keyHash: UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, 0x01] + publicKey.rawRepresentation)
        return hasher.finalize().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    var hashHex: String { Hex.encode(withUnsafeBytes(of: keyHash.bigEndian) { Array($0) }) }

    /// The checkpoint in `note` if this key signed it; otherwise an error saying why not.
    public func open(_ note: SignedNote) throws(CheckpointError) -> Checkpoint { try open(note, origin: origin) }

    /// The checkpoint in `note` if this key signed it for the log named `origin` (another of this
    /// key's logs, such as the ledger's issued statements); otherwise an error saying why not.
    public func open(_ note: SignedNote, origin: String) throws(CheckpointError) -> Checkpoint {
        guard let signature = note.signatures.first(where: { $0.name == name && $0.keyHash == keyHash }) else {
            throw CheckpointError("not signed by the key \(name)+\(hashHex)")
        }
        guard publicKey.isValidSignature(signature.signature, for: Array(note.body.utf8)) else {
            throw CheckpointError("the signature by \(name)+\(hashHex) does not verify: the head was altered or forged")
        }
        let checkpoint = try Checkpoint(body: note.body)
        guard checkpoint.origin == origin else {
            throw CheckpointError("the head names the log \(checkpoint.origin), not \(origin)")
        }
        return checkpoint
    }
}
