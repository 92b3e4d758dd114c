public import RedressDomain

/// What a backend's write transaction reads and writes, row by row, inside its own database
/// transaction. ``LedgerWriter`` keeps every rule (expected versions, the hash chain, restores,
/// `recorded_at`, the ledger-wide tree and signed heads) on top of it, so each backend only moves rows.
///
/// # Implementation requirements
///
/// - Every call runs inside the one database transaction the writer was made for, and every read
///   sees the rows inserted earlier in it.
/// - Rows are stored and read back exactly: an inserted event's columns come back byte for byte,
///   decoded through `StoredEvent(columnsAt:…)` so a tampered row fails the same way on every backend.
/// - ``insert(_:)`` answers `false` only for a uniqueness refusal (the event id, or the stream's
///   version, already taken), and leaves the transaction usable after it; the writer then looks the
///   id up to tell a repeat from a conflict.
/// - Decide nothing: no version check, hash or clock here. ``DryRunRows``, which keeps its inserts
///   in memory over another implementation, is a complete example.
public protocol LedgerRows: AnyObject {
    /// The last event's position and `recorded_at` (epoch ms); `nil` for an empty ledger.
    func lastEvent() throws -> (position: Int64, recordedMs: Int64)?
    /// The stream's latest version and hash; `nil` when the stream does not exist.
    func streamHead(_ complaintID: String) throws -> (version: Int, hash: [UInt8])?
    /// The stream's events in version order.
    func readStream(_ complaintID: String) throws -> [StoredEvent]
    /// The stored event with this id.
    func event(id: EventID) throws -> StoredEvent?
    /// Inserts the row; `false` when a uniqueness rule refused it (the id or the stream version is
    /// taken), any other failure throws.
    func insert(_ event: StoredEvent) throws -> Bool
    /// The last recorded head: its position and the tree's compact range there.
    func lastHead() throws -> (position: Int64, compact: [UInt8])?
    /// Calls `body` with each event hash after `position`, in position order.
    func eventHashes(after position: Int64, _ body: ([UInt8]) -> Void) throws
    /// The newest signed checkpoint note recorded, if any.
    func lastSignedCheckpoint() throws -> String?
    /// The root recorded with the head at `position`, if a head was recorded there.
    func recordedRoot(at position: Int64) throws -> [UInt8]?
    /// Records a head (append-only).
    func insertHead(position: Int64, root: [UInt8], compact: [UInt8], checkpoint: String?, recordedMs: Int64) throws
}
