public import RedressDomain

/// A statement as recorded by `rewards issue`: one link of the ledger's chain of issued statements.
public struct IssuedStatement: Sendable, Equatable {
    public var id: Int64
    public var month: String
    public var asOfPosition: Int64
    public var policySHA256: String
    public var statementSHA256: String
    /// The policy's canonical JSON, so the statement can be recomputed exactly.
    public var policyJSON: String
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
