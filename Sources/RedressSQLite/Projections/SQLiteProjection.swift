import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// One projection's tables in SQLite, per generation.
protocol SQLiteProjection: SendableMetatype {
    /// Which projection these tables hold.
    static var name: ProjectionName { get }
    /// Creates a generation's tables, without the indexes readers need that are cheaper built once
    /// the rows are in (those whose keys arrive in random order).
    static func create(_ db: Database, generation: Int64) throws
    /// Creates the indexes readers need that ``create(_:generation:)`` left out, once the generation is filled.
    static func createIndexes(_ db: Database, generation: Int64) throws
    /// Drops a generation's tables, if there.
    static func drop(_ db: Database, generation: Int64) throws
}

extension SQLiteProjection {
    /// The projection's migration: its first generation of tables and its checkpoint at position 0,
    /// unless the ledger has them already.
    static func install(_ db: Database) throws {
        let exists =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM projections WHERE name = ?)",
                arguments: [name.rawValue]) ?? false
        guard !exists else { return }
        try create(db, generation: 1)
        try createIndexes(db, generation: 1)
        try db.execute(
            sql: "INSERT INTO projections (name, generation, position) VALUES (?, 1, 0)", arguments: [name.rawValue])
    }
}

/// The SQLite tables of each projection.
enum ProjectionCatalog {
    /// The tables type of `name`.
    static func kind(_ name: ProjectionName) -> any SQLiteProjection.Type {
        switch name {
        case .recovery: return RecoveryTables.self
        case .rewards: return RewardsTables.self
        }
    }
}
