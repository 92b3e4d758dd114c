import Foundation

/// A signed head: the ledger's size and ledger-wide root, as a C2SP checkpoint in a signed note.
///
/// The text is the C2SP `tlog-checkpoint` body — origin line, size in decimal, root in
/// standard base64, each ending in LF — followed by a blank line and one signature line
/// per signer, `— NAME BASE64(key hash ‖ Ed25519 signature)`, as C2SP `signed-note`
/// specifies (the format of Go's checksum database and Sigstore's Rekor). Any tool that
/// reads signed notes can check a Redress head with the public key.
public struct Checkpoint: Sendable, Equatable {
    /// Names the log: `redress/` followed by the signing key's name.
    public var origin: String
    /// Events covered: positions 1…size.
    public var size: Int64
    /// ``LedgerTree/root`` at ``size``.
    public var root: [UInt8]

    /// Takes the fields as given; ``root`` must be 32 bytes for ``init(body:)`` to read the ``body`` back.
    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note body that is signed.
    public var body: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// Parses a note body (the part before the blank line).
    ///
    /// - Throws: ``CheckpointError`` unless the body is an origin line, a decimal size and a base64
    ///   32-byte root, each ending in a newline.
    public init(body: String) throws(CheckpointError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "", !lines[0].isEmpty,
            let size = Int64(lines[1]), size >= 0, String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])), root.count == 32
        else {
            throw CheckpointError("not a checkpoint: expected origin, size and a base64 SHA-256 root, one per line")
        }
        self.init(origin: String(lines[0]), size: size, root: [UInt8](root))
    }
}

/// A signed note: a body and its signature lines.
public struct SignedNote: Sendable, Equatable {
    /// The signed text, ending in a newline (for a head, a ``Checkpoint/body``).
    public var body: String
    /// One entry per signature line: the signer's key name, its 4-byte key hash, and the 64-byte Ed25519 signature.
    public var signatures: [(name: String, keyHash: UInt32, signature: [UInt8])]

    /// Takes the fields as given; nothing is verified (``VerifierKey/open(_:)`` does that).
    public init(body: String, signatures: [(name: String, keyHash: UInt32, signature: [UInt8])]) {
        self.body = body
        self.signatures = signatures
    }

    /// Equal when the bodies and every signature, in order, are equal.
    public static func == (a: SignedNote, b: SignedNote) -> Bool {
        a.body == b.body && a.signatures.count == b.signatures.count
            && zip(a.signatures, b.signatures).allSatisfy {
                $0.name == $1.name && $0.keyHash == $1.keyHash && $0.signature == $1.signature
            }
    }

    /// The note as text: body, blank line, one `— name base64` line per signature.
    public var text: String {
        body + "\n"
            + signatures.map { s in
                var blob = withUnsafeBytes(of: s.keyHash.bigEndian) { Array($0) }
                blob += s.signature
                return "\u{2014} \(s.name) \(Data(blob).base64EncodedString())\n"
            }.joined()
    }

    /// Parses a note's text.
    ///
    /// - Throws: ``CheckpointError`` when there is no blank line before the signatures, a signature line is
    ///   malformed, or there is no signature. Signatures are not verified here.
    public init(text: String) throws(CheckpointError) {
        guard let split = text.range(of: "\n\n") else {
            throw CheckpointError("not a signed note: no blank line before the signatures")
        }
        body = String(text[..<split.lowerBound]) + "\n"
        signatures = []
        for line in text[split.upperBound...].split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "\u{2014}", let blob = Data(base64Encoded: String(parts[2])),
                blob.count == 68
            else {
                throw CheckpointError("not a signed note: bad signature line \(String(line).prefix(80))")
            }
            let bytes = [UInt8](blob)
            let hash = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append((String(parts[1]), hash, Array(bytes[4...])))
        }
        guard !signatures.isEmpty else { throw CheckpointError("not a signed note: no signature") }
    }
}

/// A checkpoint or note that cannot be read.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, one sentence for the user.
    public let message: String
    /// An error whose ``message`` is `message`, shown to the user as it is.
    public init(_ message: String) { self.message = message }
    /// The ``message``, unchanged.
    public var description: String { message }
}
