/// Why a ledger's store could not be opened or used, whichever store it is: the one vocabulary the
/// command line (exit statuses) and the service (503s) read. ``init(_:)`` reads it from any error a
/// store throws; the error itself, unchanged, stays what is shown (its message is the store's).
public enum LedgerStoreFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A command that only reads was given a location with no ledger; nothing was created.
    /// `file`: the SQLite file that was looked for (`nil`: a PostgreSQL database).
    case noLedger(String, file: String?)
    /// Another writer held the ledger's write lock past the lock timeout.
    case locked(String)
    /// The ledger was written by a newer Redress: its schema has migrations this binary does not know.
    case newerSchema(String)
    /// The database stopped answering (a restart, a stop, a network failure); the next transaction
    /// connects again.
    case unavailable(String)
    /// The location cannot be read, or the ledger cannot be opened or connected to.
    case cannotOpen(String)
    /// The database refused a set-up step.
    case refused(String)
    /// This redress was built without the store the location names.
    case notBuilt(String)

    /// The store's own message, unchanged.
    public var description: String {
        switch self {
        case .noLedger(let message, _), .locked(let message), .newerSchema(let message),
            .unavailable(let message), .cannotOpen(let message), .refused(let message), .notBuilt(let message):
            return message
        }
    }
}
