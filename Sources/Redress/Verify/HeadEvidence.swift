import Crypto
import Foundation
import RedressDomain
import RedressStore

/// What `verify` checks heads against: the public key of the ledger's signer and the newest
/// signed heads known from outside the database.
public struct HeadEvidence: Sendable {
    /// Checks every signed head, and that every position is covered by one.
    public var key: VerifierKey?
    /// Signed heads held outside the database (the signer's head file, an auditor's copy),
    /// each with where it came from: the ledger must extend every one.
    public var knownHeads: [(source: String, checkpoint: Checkpoint)]

    public init(key: VerifierKey? = nil, knownHeads: [(source: String, checkpoint: Checkpoint)] = []) {
        self.key = key
        self.knownHeads = knownHeads
    }
}
