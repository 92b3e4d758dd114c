import RedressDomain

/// A statement as recorded by `rewards issue`.
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

    public init(
        id: Int64, month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String,
        policyJSON: String,
        issuedAt: Timestamp, signedHead: String? = nil
    ) {
        self.id = id
        self.month = month
        self.asOfPosition = asOfPosition
        self.policySHA256 = policySHA256
        self.statementSHA256 = statementSHA256
        self.policyJSON = policyJSON
        self.issuedAt = issuedAt
        self.signedHead = signedHead
    }
}
