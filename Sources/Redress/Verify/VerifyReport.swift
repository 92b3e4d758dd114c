import Crypto
import Foundation
import RedressDomain
import RedressStore

/// The outcome of ``Ledger/verify(anchor:evidence:projections:)``.
public struct VerifyReport: Sendable {
    /// Events read and checked: every event up to the head.
    public var events = 0
    /// Complaints (streams) whose chains were checked.
    public var complaints = 0
    /// The head position verified up to: the position of ``anchor``.
    public var headPosition: Int64 = 0
    /// SHA-256 over every event hash in position order: write it down with the head
    /// position, and a later `verify --anchor POSITION:DIGEST` proves the ledger up to
    /// there is unchanged — even if someone recomputed whole chains or cut the tail.
    public var anchorDigest = ""
    /// Heads recorded by write transactions and checked against the recomputed root.
    public var headsChecked = 0
    /// Signed heads whose signature was checked with the public key.
    public var signaturesChecked = 0
    /// The last position covered by a checked signature (0: none).
    public var signedThrough: Int64 = 0
    /// Known heads from outside the database that the ledger was found to extend.
    public var knownHeadsMatched: [String] = []
    /// Issued statements checked: chained, signed where the ledger signs, recomputed from the log.
    public var statements = 0
    /// Issued statements whose chain signature was checked with the public key.
    public var statementSignaturesChecked = 0
    /// Whether the read models were compared with a fold of the log (`verify --projections`).
    public var projectionsChecked = false
    /// What this run could not prove, one sentence each (no key, no known head, …).
    public var unproven: [String] = []
    /// The first failure, naming the event by id and position; `nil` when all is well.
    public var failure: String?

    /// Whether every check passed; what could not be proven (``unproven``) does not make it false.
    public var ok: Bool { failure == nil }
    /// `POSITION:DIGEST`, as `verify --anchor` takes it back.
    public var anchor: String { "\(headPosition):\(anchorDigest)" }
}
