import Foundation
import RedressDomain
import RedressStore

/// Errors opening or locking a SQLite ledger.
public enum SQLiteStoreError: Error, Sendable, CustomStringConvertible {
    /// The database cannot be opened or is not a ledger.
    case cannotOpen(String)
    /// A command that only reads was pointed at a path with no ledger; nothing was created.
    case noLedger(String)
    /// Another writer holds the writer lock past the timeout.
    case locked(String)
    /// The ledger was written by a newer Redress (its schema has migrations this binary does not know).
    case newerSchema(String)

    /// The message the case carries; for ``noLedger(_:)``, `no ledger at PATH`.
    public var description: String {
        switch self {
        case .cannotOpen(let message), .locked(let message), .newerSchema(let message): return message
        case .noLedger(let path): return "no ledger at \(path)"
        }
    }
}
