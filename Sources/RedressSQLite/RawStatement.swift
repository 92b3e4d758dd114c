import GRDB
import GRDBSQLite
import RedressDomain

/// Binding and stepping through a GRDB statement's raw handle, for hot paths:
/// no `StatementArguments` boxing, no `Row`.
struct RawStatement {
    let handle: OpaquePointer
    let db: Database

    /// - Parameter clearing: whether to unbind the previous values (not needed when every
    ///   parameter is bound again).
    init(_ statement: Statement, _ db: Database, clearing: Bool = true) {
        handle = statement.sqliteStatement
        self.db = db
        sqlite3_reset(handle)
        if clearing { sqlite3_clear_bindings(handle) }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds `value` to parameter `index` (1-based), `NULL` for `nil`.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a copy of `value`'s UTF-8 to parameter `index` (1-based), `NULL` for `nil`.
    func bind(_ index: Int32, _ value: String?) {
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bind(index, utf8: $0) }
    }

    /// Binds a copy of `blob` (SQLite copies it before this returns).
    func bind(_ index: Int32, blob: UnsafeRawBufferPointer) {
        _ = sqlite3_bind_blob(handle, index, blob.baseAddress, Int32(blob.count), Self.transient)
    }

    /// Binds a copy of `utf8`, UTF-8 text (SQLite copies it before this returns).
    func bind(_ index: Int32, utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else {
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        _ = sqlite3_bind_text(
            handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(utf8.count),
            Self.transient)
    }

    /// Binds `utf8` as text without copying it: the bytes must stay where they are, unchanged, until
    /// the statement has been stepped (and reset) with this binding — or it is bound again.
    func bind(_ index: Int32, unmovingUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress, !utf8.isEmpty else { return bind(index, utf8: utf8) }
        _ = sqlite3_bind_text(
            handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(utf8.count),
            Self.unmoving)
    }

    /// Binds `blob` without copying it, on the terms of ``bind(_:unmovingUTF8:)``.
    func bind(_ index: Int32, unmovingBlob blob: UnsafeBufferPointer<UInt8>) {
        guard let base = blob.baseAddress, !blob.isEmpty else { return bind(index, blob: UnsafeRawBufferPointer(blob)) }
        _ = sqlite3_bind_blob(handle, index, base, Int32(blob.count), Self.unmoving)
    }

    /// `SQLITE_STATIC`: SQLite reads the caller's buffer in place.
    private static let unmoving: sqlite3_destructor_type? = nil

    /// Runs a statement that returns no rows, then resets it.
    func execute() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)), message: message)
        }
        sqlite3_reset(handle)
    }

    /// Steps to the next row; false at the end.
    func next() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// The current row's integer in `column` (0-based); 0 for `NULL`.
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    /// Whether the current row's `column` (0-based) is `NULL`.
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The current row's text in `column` (0-based), `nil` for `NULL`; invalid UTF-8 is repaired, not refused.
    func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The current row's bytes in `column` (0-based), empty for `NULL`. Valid only until the statement
    /// steps or is reset: copy what must outlive the row.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let base = sqlite3_column_blob(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }
}
