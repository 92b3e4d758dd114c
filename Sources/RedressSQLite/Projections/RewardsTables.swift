import Foundation
import GRDB
import GRDBSQLite
import RedressDomain
import RedressProjections
import RedressStore

/// The rewards projection's table: the credit candidates.
///
/// A candidate row holds only what the event row at the same position does not: the rule (by its
/// `RewardRule.code`), the staff credited, when and the value; readers take the event id and the
/// complaint from `events` by position. Its per-complaint fold state is not stored: a fold that needs
/// it for a complaint it does not hold re-folds that complaint's own earlier events (a few rows through
/// the `events_stream` index).
enum RewardsTables: SQLiteProjection {
    static let name = ProjectionName.rewards
    /// The fold states of generations written before they were re-folded instead: dropped with them.
    static func streams(_ g: Int64) -> String { "rewards_streams_g\(g)" }
    /// Generation `g`'s table of reward candidates, keyed by the crediting event's position.
    static func candidates(_ g: Int64) -> String { "rewards_candidates_g\(g)" }

    /// Creates generation `g`'s candidate table, empty, with its `occurred_ms` index.
    static func create(_ db: Database, generation g: Int64) throws {
        try db.execute(
            sql: """
                CREATE TABLE \(candidates(g)) (
                    position INTEGER PRIMARY KEY, rule INTEGER NOT NULL, staff TEXT NOT NULL,
                    occurred_ms INTEGER NOT NULL, value INTEGER NOT NULL
                );
                CREATE INDEX \(candidates(g))_occurred ON \(candidates(g))(occurred_ms)
                """)
    }

    /// The candidates whose events occurred in `[from, to)` up to position `asOf`, in position order:
    /// columns as `decodeCandidate` reads them (the event id and complaint from the event row).
    static func select(generation g: Int64) -> String {
        """
        SELECT c.position, e.event_id, e.complaint_id, c.rule, c.staff, c.occurred_ms, c.value
        FROM \(candidates(g)) AS c CROSS JOIN events AS e ON e.position = c.position
        WHERE c.occurred_ms >= ? AND c.occurred_ms < ? AND c.position <= ? ORDER BY c.position
        """
    }

    /// Nothing: the `occurred_ms` index is made with the table. Candidates come in position order and
    /// events mostly occur in that order too, so its entries arrive at its right edge; kept as rows
    /// come, it costs the writer less than sorting a million entries after the last (a quarter of a
    /// second at the end of a rebuild of 500,000 complaints, with the other core idle).
    static func createIndexes(_ db: Database, generation g: Int64) throws {}

    /// Drops generation `g`'s tables (the fold states of older generations too), if there.
    static func drop(_ db: Database, generation g: Int64) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(streams(g)); DROP TABLE IF EXISTS \(candidates(g))")
    }

    /// Writes a fold's candidates (in position order: appended at the table's end).
    static func write(_ db: Database, _ g: Int64, candidates added: [RewardCandidate]) throws {
        let columns = ["position", "rule", "staff", "occurred_ms", "value"]
        try RowInserter(db: db, table: candidates(g), columns: columns).insert(added) { raw, base, c in
            raw.bind(base + 1, c.position)
            raw.bind(base + 2, c.rule.code)
            raw.bind(base + 3, c.staff)
            raw.bind(base + 4, c.occurredMs)
            raw.bind(base + 5, c.value)
        }
    }

    /// A candidate from a row of ``select(generation:)``; `nil` when its event id, rule or text is unreadable.
    static func decodeCandidate(_ r: RawStatement) -> RewardCandidate? {
        guard let eventID = EventID(bytes: r.bytes(1)), let rule = RewardRule(code: r.int64(3)),
            let complaintID = r.string(2), let staff = r.string(4)
        else { return nil }
        return RewardCandidate(
            position: r.int64(0), eventID: eventID, complaintID: complaintID, rule: rule, staff: staff,
            occurredMs: r.int64(5), value: r.int64(6))
    }

    /// Migration: candidate tables written with the event id, the complaint and the rule's name in
    /// every row (before the rule's code) are rewritten in the compact layout, keeping their rows and
    /// checkpoint; a rule name this binary does not know fails the migration (and leaves the table).
    static func compactCandidates(_ db: Database) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rewards_candidates_g%'")
        let code = "CASE rule " + RewardRule.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.code) " }.joined() + "END"
        for table in tables {
            let columns = try db.columns(in: table).map(\.name)
            guard columns.contains("event_id"), let g = Int64(table.dropFirst("rewards_candidates_g".count)) else {
                continue
            }
            try db.execute(sql: "ALTER TABLE \(table) RENAME TO \(table)_named")
            try db.execute(sql: "DROP INDEX IF EXISTS \(table)_occurred")
            try create(db, generation: g)
            try db.execute(
                sql: """
                    INSERT INTO \(table) (position, rule, staff, occurred_ms, value)
                    SELECT position, \(code), staff, occurred_ms, value FROM \(table)_named ORDER BY position
                    """)
            try db.execute(sql: "DROP TABLE \(table)_named")
        }
    }
}
