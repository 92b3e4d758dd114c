/// One access token of the HTTP service as the ledger keeps it: never the token itself, only a
/// random salt and SHA-256 of salt and secret.
public struct AccessTokenRecord: Sendable, Equatable {
    /// The token's public id (the part before the dot), shown by `tokens list` and in access logs.
    public var id: String
    /// `intake`, `staff`, `auditor`, `payroll` or `admin`.
    public var role: String
    /// The staff id a `staff` token records work as.
    public var staff: String?
    /// The channel an `intake` token may post for (`nil`: any).
    public var channel: String?
    /// 16 random bytes.
    public var salt: [UInt8]
    /// SHA-256 of salt followed by the secret's UTF-8 bytes.
    public var secretHash: [UInt8]
    /// When it was made, epoch milliseconds.
    public var createdMs: Int64
    /// When it was revoked, epoch milliseconds (`nil`: in force).
    public var revokedMs: Int64?

    /// Stores the fields exactly as given; checks nothing.
    public init(
        id: String, role: String, staff: String?, channel: String?, salt: [UInt8], secretHash: [UInt8],
        createdMs: Int64, revokedMs: Int64? = nil
    ) {
        self.id = id
        self.role = role
        self.staff = staff
        self.channel = channel
        self.salt = salt
        self.secretHash = secretHash
        self.createdMs = createdMs
        self.revokedMs = revokedMs
    }
}

/// Where the service's access tokens are kept: a table in the ledger's database beside the events,
/// never in the event log (a token is not a fact about a complaint, and revoking one must not need
/// a new event).
///
/// An implementation must:
/// - store a record exactly as given and refuse a second record with the same id;
/// - return a revoked record with its revocation time (the caller refuses it);
/// - answer an older ledger that has no token table yet as one with no tokens.
public protocol AccessTokenStore: Sendable {
    /// The store's clock (the one that stamps `recorded_at`), epoch milliseconds.
    var clockMilliseconds: Int64 { get }
    /// Stores a new token.
    func insertToken(_ record: AccessTokenRecord) async throws
    /// The token with this id, revoked or not.
    func token(id: String) async throws -> AccessTokenRecord?
    /// Every token, oldest first.
    func allTokens() async throws -> [AccessTokenRecord]
    /// Marks the token revoked at `milliseconds`; returns whether a token in force was revoked.
    func revokeToken(id: String, atMilliseconds milliseconds: Int64) async throws -> Bool
}
