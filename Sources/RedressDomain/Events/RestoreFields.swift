/// The four fields an exported event carries beyond the interchange ones.
/// An imported line that has them is a *restore* (SPEC 1.1).
public struct RestoreFields: Sendable, Equatable {
    public var version: Int
    public var position: Int64
    public var recordedAt: Timestamp
    /// Lowercase hex SHA-256.
    public var hash: String

    public init(version: Int, position: Int64, recordedAt: Timestamp, hash: String) {
        self.version = version
        self.position = position
        self.recordedAt = recordedAt
        self.hash = hash
    }
}
