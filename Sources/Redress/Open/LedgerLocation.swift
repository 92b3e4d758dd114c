/// Where a ledger lives, as `--db` names it: a SQLite file (a path, or a `file:` URL) or a PostgreSQL
/// database (a `postgres://` URL).
///
/// Reading a location checks only its form; ``Ledger/open(_:options:)-(LedgerLocation,_)`` reads a
/// `postgres://` URL in full (user, host, database, parameters) when it connects. ``description`` is
/// the location as given with any password replaced by `***`: errors and logs print it.
public struct LedgerLocation: Sendable, Equatable {
    /// Which store a location opens.
    enum Backend: Sendable, Equatable {
        /// A SQLite file at this path.
        case sqlite(path: String)
        /// A PostgreSQL database at this `postgres://` (or `postgresql://`) URL.
        case postgres(url: String)
    }

    /// The location as it was given.
    public let text: String
    let backend: Backend

    init(text: String, backend: Backend) {
        self.text = text
        self.backend = backend
    }

    /// The SQLite file at `path`, taken as it is (no URL is read from it).
    public static func sqlite(path: String) -> LedgerLocation {
        LedgerLocation(text: path, backend: .sqlite(path: path))
    }

    /// Whether this location names a PostgreSQL database.
    public var isPostgres: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// The SQLite file this location names (`nil`: a PostgreSQL database).
    public var sqlitePath: String? {
        if case .sqlite(let path) = backend { return path }
        return nil
    }
}
