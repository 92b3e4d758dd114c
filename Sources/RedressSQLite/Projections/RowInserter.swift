import GRDB
import GRDBSQLite

/// Inserts many rows into one table through multi-row `INSERT … VALUES (…), (…), …` statements:
/// one statement step (and its set-up and halt) per ``rowsPerStatement`` rows instead of per row,
/// which is what a read model's bulk writes spend most of their time on otherwise.
struct RowInserter {
    static let rowsPerStatement = 64
    let db: Database
    let table: String
    let columns: [String]
    /// `INSERT OR REPLACE` instead of `INSERT`.
    var replacing = false

    /// Inserts `items`, `bind` setting one row's values at parameters `base + 1 … base + columns.count`.
    ///
    /// The statements are `INSERT OR FAIL`: a multi-row `INSERT` that may abort makes SQLite copy every
    /// page it touches to a statement journal first, so that it can undo its own rows (a rebuild at
    /// 100,000 complaints wrote 60 MB of them to temporary files); `FAIL` keeps the rows before the
    /// failing one instead.
    /// - Throws: the database's error; the rows of the failing statement before the one that broke a
    ///   constraint stay written, so the caller replaces the chunk or lets its transaction roll back.
    func insert<T>(_ items: some Collection<T>, bind: (RawStatement, Int32, T) -> Void) throws {
        guard !items.isEmpty else { return }
        let full = items.count / Self.rowsPerStatement
        var rest = items[...]
        if full > 0 {
            let many = try statement(rows: Self.rowsPerStatement)
            for _ in 0..<full {
                let raw = RawStatement(many, db, clearing: false)
                for (i, item) in rest.prefix(Self.rowsPerStatement).enumerated() {
                    bind(raw, Int32(i * columns.count), item)
                }
                try raw.execute()
                rest = rest.dropFirst(Self.rowsPerStatement)
            }
        }
        if !rest.isEmpty {
            let one = try statement(rows: 1)
            for item in rest {
                let raw = RawStatement(one, db, clearing: false)
                bind(raw, 0, item)
                try raw.execute()
            }
        }
    }

    /// The cached `INSERT` of `rows` rows at once (`INSERT OR REPLACE` when replacing, else `INSERT OR FAIL`).
    private func statement(rows: Int) throws -> Statement {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let values = Array(repeating: row, count: rows).joined(separator: ",")
        let verb = replacing ? "INSERT OR REPLACE" : "INSERT OR FAIL"
        return try db.cachedStatement(
            sql: "\(verb) INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values)")
    }
}
