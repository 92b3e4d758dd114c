/// The four fields an exported event carries beyond the interchange ones.
/// An imported line that has them is a *restore* (SPEC 1.1).
public struct RestoreFields: Sendable, Equatable {
    /// The event's version in its stream, which the append must land on exactly.
    public var version: Int
    /// The ledger position, which the append must land on exactly.
    public var position: Int64
    /// The original `recorded_at`, stored instead of the clock's; never before the previous event's.
    public var recordedAt: Timestamp
    /// Lowercase hex SHA-256.
    public var hash: String

    /// Takes the fields as given; the store checks them against the ledger when it appends.
    public init(version: Int, position: Int64, recordedAt: Timestamp, hash: String) {
        self.version = version
        self.position = position
        self.recordedAt = recordedAt
        self.hash = hash
    }
}
