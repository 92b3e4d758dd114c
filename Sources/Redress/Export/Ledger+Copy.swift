public import Foundation
import RedressDomain
import RedressStore

/// What a copy of a ledger into another one did.
public struct CopyReport: Sendable {
    /// Events written into the target (or found there already, from an earlier run).
    public var events: Int
    /// The anchor (`position:digest`) both ledgers verify to.
    public var anchor: String
}

extension Ledger {
    /// Copies this ledger into `target` (SQLite to PostgreSQL or back): its export, restored in
    /// `target` — every position, version, `recorded_at` and hash as they are — then both verified to
    /// the same anchor.
    ///
    /// All or nothing: the restore is one transaction, so a failure leaves `target` as it was. Re-running
    /// after a failure, or into a target that already holds a prefix of this ledger, is safe: events
    /// already there restore as no-ops. The export goes through a file in `scratchDirectory`, so memory
    /// stays bounded whatever the ledger's size.
    ///
    /// - Throws: `LedgerError.verification` when either ledger does not verify or their anchors differ.
    public func copy(
        to target: Ledger, scratchDirectory: String = NSTemporaryDirectory(),
        progress: (@Sendable (ImportReport) -> Void)? = nil
    ) async throws -> CopyReport {
        let source = try await verify()
        guard source.ok else {
            throw LedgerError.verification("the ledger to copy does not verify: \(source.failure ?? "")")
        }
        let path = scratchDirectory + "/redress-copy-\(UUID().uuidString).ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try OutputSink(path: path)
        let events = try await export(to: sink)
        try sink.flush()
        _ = try await target.importNDJSON(path: path, progress: progress)
        let copied = try await target.verify()
        guard copied.ok, copied.anchor == source.anchor else {
            throw LedgerError.verification(
                "the copy does not verify to the original's anchor \(source.anchor): "
                    + (copied.failure ?? "it verifies to \(copied.anchor)"))
        }
        return CopyReport(events: events, anchor: copied.anchor)
    }
}
