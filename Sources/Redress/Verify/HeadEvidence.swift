import Crypto
import Foundation
import RedressDomain
public import RedressStore

/// What `verify` checks heads against: the public key of the ledger's signer and the newest
/// signed heads known from outside the database.
public struct HeadEvidence: Sendable {
    /// Checks every signed head, and that every position is covered by one.
    public var key: VerifierKey?
    /// Signed heads held outside the database (the signer's head file, an auditor's copy),
    /// each with where it came from: the ledger must extend every one.
    public var knownHeads: [(source: String, checkpoint: Checkpoint)]
    /// Signed heads of the ledger's issued statements held outside the database (the signer's
    /// `KEY.statements` file, an auditor's copy), each with where it came from: the chain of issued
    /// statements must extend every one.
    public var knownStatementHeads: [(source: String, checkpoint: Checkpoint)] = []
    /// How the key was given when ``key`` and ``knownHeads`` are a writer's signing key and its head
    /// file (`REDRESS_SIGNING_KEY (PATH)` or `--signing-key PATH`) rather than an auditor's
    /// `--public-key` and `--head`.
    ///
    /// A writer's key is often set for another ledger (an exported `REDRESS_SIGNING_KEY`): when no
    /// head of this ledger is signed by it, `verify` refuses it as input, saying so, instead of
    /// reporting a fork or a rollback against another ledger's head. An auditor's evidence is never
    /// explained away: with it, a ledger stripped of its signatures is still a fork or a rollback.
    public var signingKeySource: String?

    /// Evidence as given; nothing is read or checked until `verify` runs with it.
    public init(
        key: VerifierKey? = nil, knownHeads: [(source: String, checkpoint: Checkpoint)] = [],
        signingKeySource: String? = nil
    ) {
        self.key = key
        self.knownHeads = knownHeads
        self.signingKeySource = signingKeySource
    }
}
