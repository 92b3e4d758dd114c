import RedressDomain
public import RedressStore

extension Ledger {
    func requireAccessTokens() throws -> any AccessTokenStore {
        guard let accessTokens else { throw LedgerError.input("this ledger's store keeps no access tokens") }
        return accessTokens
    }

    /// Makes a service token and stores its salted hash; returns the bearer text (shown once: it
    /// cannot be recovered) and the stored record.
    ///
    /// - Parameters:
    ///   - role: what the token may do.
    ///   - staff: required for `staff` (the staff id it records work as), refused for other roles.
    ///   - channel: for `intake` only: the one channel it may post complaints for (default: any).
    /// - Throws: `LedgerError.input` for a scope that does not fit the role or a bad staff id or channel,
    ///   or when the ledger's store keeps no tokens; what the store throws when it refuses the insert.
    public func createToken(role: AccessRole, staff: String? = nil, channel: String? = nil) async throws -> (
        token: String, record: AccessTokenRecord
    ) {
        if role == .staff {
            guard let staff else {
                throw LedgerError.input("a staff token needs --staff ID: the staff id it records as")
            }
            guard FieldRules.isValidStaffID(staff) else {
                throw LedgerError.input("--staff \(staff): a staff id is 1–64 characters of A-Z a-z 0-9 . _ : @ -")
            }
        } else if staff != nil {
            throw LedgerError.input("--staff is for staff tokens only (this one is \(role.rawValue))")
        }
        var parsedChannel: Channel?
        if let channel {
            guard role == .intake else {
                throw LedgerError.input("--channel is for intake tokens only (this one is \(role.rawValue))")
            }
            guard let value = Channel(rawValue: channel) else {
                throw LedgerError.input(
                    "--channel \(channel): one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            parsedChannel = value
        }
        let store = try requireAccessTokens()
        let (text, record) = TokenText.make(
            role: role, staff: staff, channel: parsedChannel, nowMs: store.clockMilliseconds)
        try await store.insertToken(record)
        return (text, record)
    }

    /// Every token, revoked ones included, oldest first (never a secret: only ids and roles).
    public func tokens() async throws -> [AccessTokenRecord] {
        try await requireAccessTokens().allTokens()
    }

    /// Revokes a token by its id (or its whole bearer text); throws when no token in force has it.
    public func revokeToken(_ idOrToken: String) async throws {
        let id = TokenText.parse(idOrToken)?.id ?? idOrToken
        let store = try requireAccessTokens()
        guard try await store.revokeToken(id: id, atMilliseconds: store.clockMilliseconds) else {
            throw LedgerError.input("no token in force has the id \(id) (redress tokens list shows them)")
        }
    }

    /// The token a bearer text proves, or `nil` when it is malformed, unknown, revoked or wrong.
    /// Never throws for a bad token, only when the store cannot be read.
    public func authenticate(bearer text: String) async throws -> AccessToken? {
        guard let id = Self.tokenID(bearer: text) else { return nil }
        return Self.prove(bearer: text, record: try await requireAccessTokens().token(id: id))
    }

    /// The public id part of a bearer text (`nil`: not a token's shape). Safe to log and to look up by.
    public static func tokenID(bearer text: String) -> String? { TokenText.parse(text)?.id }

    /// Whether `text` is the token `record` keeps the salted hash of (and it is in force): the
    /// hashes are compared in constant time, and an unknown id (`record` `nil`) costs the same work.
    public static func prove(bearer text: String, record: AccessTokenRecord?) -> AccessToken? {
        guard let (id, secret) = TokenText.parse(text) else { return nil }
        guard let record, record.id == id else {
            _ = TokenText.constantTimeEqual(TokenText.hash(salt: decoySalt, secret: secret), decoySalt)
            return nil
        }
        let matches = TokenText.constantTimeEqual(TokenText.hash(salt: record.salt, secret: secret), record.secretHash)
        guard matches, record.revokedMs == nil, let role = AccessRole(rawValue: record.role) else { return nil }
        return AccessToken(
            id: record.id, role: role, staff: record.staff, channel: record.channel.flatMap(Channel.init(rawValue:)))
    }

    private static let decoySalt = [UInt8](repeating: 0x5A, count: 32)
}
