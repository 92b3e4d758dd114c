import Foundation
import GRDB
import RedressDomain
import RedressProjections

/// The projections' tables in the ledger's SQLite file, inside the caller's transaction;
/// `ProjectionEngine` runs the protocol on them.
struct SQLiteProjectionTables: ProjectionTables {
    let db: Database

    func head() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(position), 0) FROM events") ?? 0
    }

    func checkpoint(_ name: ProjectionName) throws -> ProjectionCheckpoint {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT generation, position, building_generation, building_position FROM projections "
                    + "WHERE name = ?",
                arguments: [name.rawValue])
        else {
            throw ProjectionError("the projection \(name.rawValue) is missing from this ledger")
        }
        return ProjectionCheckpoint(
            generation: row[0], position: row[1], buildingGeneration: row[2], buildingPosition: row[3])
    }

    func setCheckpoint(_ name: ProjectionName, _ cp: ProjectionCheckpoint) throws {
        try db.execute(
            sql: """
                UPDATE projections SET generation = ?, position = ?, building_generation = ?, building_position = ?
                WHERE name = ?
                """,
            arguments: [cp.generation, cp.position, cp.buildingGeneration, cp.buildingPosition, name.rawValue])
    }

    func create(_ name: ProjectionName, generation: Int64) throws {
        try ProjectionCatalog.kind(name).create(db, generation: generation)
    }

    func createIndexes(_ name: ProjectionName, generation: Int64) throws {
        try ProjectionCatalog.kind(name).createIndexes(db, generation: generation)
    }

    /// A dropped generation is derived data: its pages go to the free list (the next rebuild reuses
    /// them) without being zeroed first, which the system library's `secure_delete` default would do
    /// at the cost of writing every one of them twice more (to the WAL, then the file).
    func drop(_ name: ProjectionName, generation: Int64) throws {
        let before = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 0
        try db.execute(sql: "PRAGMA secure_delete = FAST")
        defer { try? db.execute(sql: "PRAGMA secure_delete = \(before)") }
        try ProjectionCatalog.kind(name).drop(db, generation: generation)
    }

    func events(after: Int64, upTo: Int64, limit: Int) throws -> [ProjectionEvent] {
        try ProjectionScan.read(db, after: after, upTo: upTo, limit: limit)
    }

    func stream(_ complaintID: String, before position: Int64) throws -> [ProjectionEvent] {
        try ProjectionScan.stream(db, complaintID, before: position)
    }

    func write(_ writes: ProjectionWrites, generation: Int64) throws {
        switch writes {
        case .recovery(let rows, let transitions):
            try RecoveryTables.write(db, generation, rows: rows, transitions: transitions)
        case .rewards(let candidates): try RewardsTables.write(db, generation, candidates: candidates)
        }
    }
}
