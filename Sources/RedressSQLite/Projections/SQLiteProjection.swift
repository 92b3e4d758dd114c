import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// One projection's tables in SQLite, per generation, and how a batch of events is folded into them.
protocol SQLiteProjection: SendableMetatype {
    /// One complaint's fold state, as the tables hold it.
    associatedtype State
    static var name: ProjectionName { get }
    static func create(_ db: Database, generation: Int64) throws
    static func drop(_ db: Database, generation: Int64) throws
    /// Folds `events` (in position order) into the generation's tables, through `cache`: per-complaint
    /// fold states kept across the batches of one catch-up or rebuild.
    static func apply(_ db: Database, generation: Int64, events: [ProjectionEvent], cache: FoldCache<State>) throws
    /// Writes complaint states into the generation's tables (insert or replace).
    static func write(_ db: Database, _ generation: Int64, _ rows: [(String, State)]) throws
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
        try db.execute(
            sql: "INSERT INTO projections (name, generation, position) VALUES (?, 1, 0)", arguments: [name.rawValue])
    }

    /// Writes every state a deferring cache still holds.
    static func flush(_ db: Database, generation: Int64, cache: FoldCache<State>) throws {
        try write(db, generation, cache.drain())
    }
}

/// The SQLite tables of each projection.
enum ProjectionCatalog {
    static func kind(_ name: ProjectionName) -> any SQLiteProjection.Type {
        switch name {
        case .recovery: return RecoveryTables.self
        case .rewards: return RewardsTables.self
        }
    }
}
