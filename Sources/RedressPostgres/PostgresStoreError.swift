/// Why a PostgreSQL ledger could not be opened or used. Messages name the server and database,
/// never the password.
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `postgres://` URL cannot be read.
    case badLocation(String)
    /// The server cannot be reached, refused the login, or has no such database.
    case cannotConnect(String)
    /// A reading command found no Redress ledger in the database (it creates nothing).
    case noLedger(String)
    /// This redress was built without the PostgreSQL trait.
    case notBuilt
    /// Another writer held the ledger's write lock past the timeout.
    case locked(String)
    /// The server refused a set-up step (`admin init-postgres --apply`): why, in its words.
    case refused(String)
    /// The connection was lost, or the server did not answer in time (a restart, a stop, a network
    /// failure): the transaction in progress stored nothing, unless the message says its commit's
    /// outcome is unknown. The next transaction connects again.
    case unavailable(String)

    /// The message the case carries (never a password); for ``notBuilt``, how to build with PostgreSQL.
    public var description: String {
        switch self {
        case .badLocation(let message), .cannotConnect(let message), .locked(let message), .noLedger(let message),
            .refused(let message), .unavailable(let message):
            return message
        case .notBuilt:
            return "this redress was built without PostgreSQL: rebuild with `swift build --traits PostgreSQL` "
                + "(or tools/install --postgres)"
        }
    }
}
