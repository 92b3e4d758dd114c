public import RedressDomain

/// The ledger's head: the latest position and when it was recorded.
public struct LedgerHead: Sendable, Equatable {
    /// 0 for an empty ledger.
    public var position: Int64
    /// When the event at ``position`` was stored; `nil` for an empty ledger.
    public var recordedAt: Timestamp?

    /// Takes the fields as given; checks nothing.
    public init(position: Int64, recordedAt: Timestamp?) {
        self.position = position
        self.recordedAt = recordedAt
    }
}

/// A head recorded by a write transaction.
public struct RecordedHead: Sendable, Equatable {
    /// The ledger's head position after the transaction.
    public var position: Int64
    /// The ledger-wide root over positions 1…position.
    public var root: [UInt8]
    /// The signed note (a C2SP checkpoint) when the writer held a signing key.
    public var signedNote: String?

    /// Takes the fields as given; checks nothing (`verify` recomputes and checks recorded heads).
    public init(position: Int64, root: [UInt8], signedNote: String?) {
        self.position = position
        self.root = root
        self.signedNote = signedNote
    }
}
