import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// The rewards projection's table: the credit candidates.
///
/// Its per-complaint fold state is not stored: a fold that needs it for a complaint it does not hold
/// re-folds that complaint's own earlier events (a few rows through the `events_stream` index).
enum RewardsTables: SQLiteProjection {
    static let name = ProjectionName.rewards
    /// The fold states of generations written before they were re-folded instead: dropped with them.
    static func streams(_ g: Int64) -> String { "rewards_streams_g\(g)" }
    static func candidates(_ g: Int64) -> String { "rewards_candidates_g\(g)" }

    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(
            sql: """
                CREATE TABLE \(candidates(g)) (
                    position INTEGER PRIMARY KEY, event_id BLOB NOT NULL, complaint_id TEXT NOT NULL, \
                rule TEXT NOT NULL,
                    staff TEXT NOT NULL, occurred_ms INTEGER NOT NULL, value INTEGER NOT NULL
                )
                """)
    }

    static func createIndexes(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "CREATE INDEX \(candidates(g))_occurred ON \(candidates(g))(occurred_ms)")
    }

    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(streams(g)); DROP TABLE IF EXISTS \(candidates(g))")
    }

    /// Writes a fold's candidates (in position order: appended at the table's end).
    static func write(_ db: Database, _ g: Int64, candidates added: [RewardCandidate]) throws {
        let columns = ["position", "event_id", "complaint_id", "rule", "staff", "occurred_ms", "value"]
        try RowInserter(db: db, table: candidates(g), columns: columns).insert(added) { raw, base, c in
            raw.bind(base + 1, c.position)
            raw.bind(base + 2, blob: c.eventID.bytes)
            raw.bind(base + 3, c.complaintID)
            raw.bind(base + 4, c.rule.rawValue)
            raw.bind(base + 5, c.staff)
            raw.bind(base + 6, c.occurredMs)
            raw.bind(base + 7, c.value)
        }
    }

    static func decodeCandidate(_ r: RawStatement) -> RewardCandidate? {
        guard let eventID = EventID(bytes: r.bytes(1)), let rule = RewardRule(rawValue: r.string(3) ?? ""),
            let complaintID = r.string(2), let staff = r.string(4)
        else { return nil }
        return RewardCandidate(
            position: r.int64(0), eventID: eventID, complaintID: complaintID, rule: rule, staff: staff,
            occurredMs: r.int64(5), value: r.int64(6))
    }
}
