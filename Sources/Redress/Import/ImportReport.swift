import RedressDomain
import RedressStore

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// Lines read.
    public var lines = 0
    /// Events newly stored.
    public var appended = 0
    /// Events already in the ledger with the same content (no-ops).
    public var alreadyStored = 0
    /// Lines rejected (only with ``ImportMode/skipInvalid(rejects:)``).
    public var rejected = 0
    /// The head after the import.
    public var headPosition: Int64 = 0
    /// Bytes of the input read so far (for progress against the file's size).
    public var bytesRead: Int64 = 0

    /// This report followed by `later` (counts add up, the head is the later one).
    func adding(_ later: ImportReport) -> ImportReport {
        ImportReport(
            lines: lines + later.lines, appended: appended + later.appended,
            alreadyStored: alreadyStored + later.alreadyStored,
            rejected: rejected + later.rejected, headPosition: later.headPosition,
            bytesRead: max(bytesRead, later.bytesRead))
    }
}
