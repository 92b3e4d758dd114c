public import RedressDomain

/// A statement as recorded by `rewards issue`: one link of the ledger's chain of issued statements.
public struct IssuedStatement: Sendable, Equatable {
    /// The statement's id in the store (its row id).
    public var id: Int64
    /// The statement's month, `YYYY-MM`.
    public var month: String
    /// The position the statement was computed as of.
    public var asOfPosition: Int64
    /// ``Policy/sha256`` of the policy applied.
    public var policySHA256: String
    /// SHA-256 (lowercase hex) of the statement's JSON, exactly as issued.
    public var statementSHA256: String
    /// The policy's canonical JSON, so the statement can be recomputed exactly.
    public var policyJSON: String
    /// When it was issued, by the store's clock.
    public var issuedAt: Timestamp
    /// The signed head (a C2SP checkpoint note) at ``asOfPosition``, when the ledger's heads are signed.
    public var signedHead: String?
    /// The statement's place in the ledger's chain of issued statements: 1, 2, 3… without gaps.
    public var sequence: Int64
    /// SHA-256 over the previous statement's ``chainHash`` and this statement's fields
    /// (``StatementChain/hash(previous:of:)``): editing or removing an earlier statement breaks every
    /// later link.
    public var chainHash: [UInt8]
    /// A C2SP checkpoint note over the chain at this statement (origin `redress/NAME/statements`,
    /// size ``sequence``, root ``chainHash``), signed when the ledger's writers sign.
    public var chainNote: String?

    /// Takes the fields as given; the chain fields default to a statement not yet linked.
    public init(
        id: Int64, month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String,
        policyJSON: String,
        issuedAt: Timestamp, signedHead: String? = nil, sequence: Int64 = 0, chainHash: [UInt8] = [],
        chainNote: String? = nil
    ) {
        self.id = id
        self.month = month
        self.asOfPosition = asOfPosition
        self.policySHA256 = policySHA256
        self.statementSHA256 = statementSHA256
        self.policyJSON = policyJSON
        self.issuedAt = issuedAt
        self.signedHead = signedHead
        self.sequence = sequence
        self.chainHash = chainHash
        self.chainNote = chainNote
    }
}
