import Crypto
public import RedressDomain
import RedressStore

/// A service token in force, as the service sees it once the bearer has proved it.
public struct AccessToken: Sendable, Equatable {
    /// The token's public id (safe to log).
    public var id: String
    /// What the token may do; the routes check it.
    public var role: AccessRole
    /// The staff id a `staff` token records work as.
    public var staff: String?
    /// The only channel an `intake` token may post for (`nil`: any channel).
    public var channel: Channel?

    /// Takes the fields as given; checks nothing.
    public init(id: String, role: AccessRole, staff: String? = nil, channel: Channel? = nil) {
        self.id = id
        self.role = role
        self.staff = staff
        self.channel = channel
    }
}

/// The bearer text of a token: `rdr_` + 16 hex digits of id + `_` + 43 base64url characters of secret.
///
/// Only SHA-256 of a random salt and the secret is stored; the secret has 256 random bits, so a
/// fast hash is enough (nothing to brute-force), and the comparison takes the same time whatever
/// bytes differ.
enum TokenText {
    static let prefix = "rdr_"

    /// A new token: its bearer text, and the record to store.
    static func make(role: AccessRole, staff: String?, channel: Channel?, nowMs: Int64) -> (String, AccessTokenRecord) {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let id = Hex.encode(idBytes)
        let secret = base64URL(secretBytes)
        let record = AccessTokenRecord(
            id: id, role: role.rawValue, staff: staff, channel: channel?.rawValue, salt: salt,
            secretHash: hash(salt: salt, secret: secret), createdMs: nowMs)
        return (prefix + id + "_" + secret, record)
    }

    /// The id and secret of a bearer text, when it has the token's shape.
    static func parse(_ text: String) -> (id: String, secret: String)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 4 + 16 + 1 + 43, text.hasPrefix(prefix), bytes[20] == UInt8(ascii: "_") else {
            return nil
        }
        let id = bytes[4..<20]
        let secret = bytes[21...]
        guard id.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            secret.allSatisfy(isBase64URL)
        else { return nil }
        return (String(decoding: id, as: UTF8.self), String(decoding: secret, as: UTF8.self))
    }

    /// SHA-256 of `salt` followed by the secret's UTF-8 bytes: what a record keeps instead of the secret.
    static func hash(salt: [UInt8], secret: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Array(secret.utf8))
        return Array(hasher.finalize())
    }

    /// Equality whose time depends only on the lengths, never on where the bytes differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Whether `byte` is in base64url's alphabet (`A-Z a-z 0-9 - _`, no padding).
    static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
            || byte == 0x5F
    }

    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5): a token pastes into a header as is.
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(
            Base64.encode(bytes).compactMap { c -> Character? in
                c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c
            })
    }
}
