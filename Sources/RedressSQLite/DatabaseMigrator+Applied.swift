import GRDB

extension DatabaseMigrator {
    /// The migrations a ledger has applied, in the order it applied them.
    static func appliedIdentifiers(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
    }
}
