import Foundation
import RedressPostgres
public import RedressSQLite
import RedressStore

// The composition root: the one place that knows the stores. A location and options come in
// backend-neutral (`LedgerLocation`, `LedgerOptions`, which is the stores' one `StoreOptions`), and
// every store's errors are read into `LedgerStoreFailure` here.

extension Ledger {
    /// A ledger on one SQLite file, whose read models live in the same file.
    public convenience init(store: SQLiteEventStore, importStateCacheLimit: Int = 120_000) {
        self.init(
            store: store, projections: store.projections, issuedStatements: store.issuedStatements,
            accessTokens: store.accessTokens, importStateCacheLimit: importStateCacheLimit)
    }

    /// Opens the ledger at `location`: a file path or `file:` URL (SQLite), or a `postgres://` URL.
    ///
    /// - Throws: the errors of ``LedgerLocation/init(_:)`` and of ``open(_:options:)-(LedgerLocation,_)``.
    public static func open(_ location: String, options: LedgerOptions = .init()) throws -> Ledger {
        try open(try LedgerLocation(location), options: options)
    }

    /// Opens the ledger at `location`.
    ///
    /// With `LedgerOptions.Access.readOnly` nothing is created or written: a location with no ledger
    /// throws an error that ``LedgerStoreFailure/init(_:)`` reads as ``LedgerStoreFailure/noLedger(_:file:)``.
    public static func open(_ location: LedgerLocation, options: LedgerOptions = .init()) throws -> Ledger {
        switch location.backend {
        case .postgres(let url):
            return try openPostgres(try PostgresLocation(url: url), options: options)
        case .sqlite(let path):
            return Ledger(store: try SQLiteEventStore(path: path, options: options))
        }
    }

    /// A ledger in a PostgreSQL database, opened with the options a SQLite file takes; refused with the
    /// rebuild flag in a build without the PostgreSQL trait.
    static func openPostgres(_ location: PostgresLocation, options: LedgerOptions) throws -> Ledger {
        #if PostgreSQL
        let store = try PostgresEventStore(location: location, options: options)
        return Ledger(
            store: store, projections: store.projections, issuedStatements: store.issuedStatements,
            accessTokens: store.accessTokens)
        #else
        throw PostgresStoreError.notBuilt
        #endif
    }

    /// The SQLite file this open created (a write on a path where there was none); `nil` otherwise.
    public var createdFile: String? {
        guard let store = store as? SQLiteEventStore, store.created else { return nil }
        return store.path
    }

    /// Creates a PostgreSQL ledger's tables as their owner, hands `script` the grants that leave
    /// `appRole` only reading and appending, and runs them when `apply` (`admin init-postgres`).
    public static func initPostgres(
        _ location: LedgerLocation, appRole: String, apply: Bool, script: (String) -> Void
    ) async throws {
        #if PostgreSQL
        let store = try PostgresEventStore(location: try PostgresLocation(url: location.text))
        defer { try? store.close() }
        script(PostgresEventStore.privilegeScript(appRole: appRole))
        if apply { try await store.applyPrivileges(appRole: appRole) }
        #else
        throw PostgresStoreError.notBuilt
        #endif
    }
}

extension LedgerLocation: CustomStringConvertible {
    /// Reads `--db`: a `postgres://` (or `postgresql://`) URL, a `file:` URL (`file:/path`,
    /// `file:///path`, `file:relative`, percent-encoded, without parameters), or a file path.
    ///
    /// - Throws: ``LedgerError/input(_:)`` for a `file:` URL with parameters or a host, and for any
    ///   other `scheme://`.
    public init(_ text: String) throws {
        if PostgresLocation.isURL(text) {
            self.init(text: text, backend: .postgres(url: text))
            return
        }
        var path = text
        if text.hasPrefix("file:") {
            // file:/path, file:///path and file:relative name a SQLite file; query parameters are not taken.
            guard !text.contains("?") else {
                throw LedgerError.input("--db \(text): file: URLs with parameters are not supported; give the path")
            }
            path = String(text.dropFirst("file:".count))
            if path.hasPrefix("///") {
                path.removeFirst(2)
            } else if path.hasPrefix("//") {
                throw LedgerError.input("--db \(text): a file: URL names a local file (file:///path/to/ledger.sqlite)")
            }
            path = path.removingPercentEncoding ?? path
        } else if let scheme = text.range(of: "://").map({ String(text[..<$0.lowerBound]) }),
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }), !scheme.isEmpty
        {
            throw LedgerError.input(
                "--db \(text): unknown URL scheme \(scheme)://; give a SQLite file path or a postgres:// URL")
        }
        self.init(text: text, backend: .sqlite(path: path))
    }

    /// The location as given, any password in it replaced by `***`.
    public var description: String { PostgresLocation.redacted(text) }
}

extension LedgerStoreFailure {
    /// What a store's `error` means, whichever store threw it (`nil`: not a store's failure).
    public init?(_ error: any Error) {
        switch error {
        case let failure as LedgerStoreFailure:
            self = failure
        case let error as SQLiteStoreError:
            switch error {
            case .cannotOpen(let message): self = .cannotOpen(message)
            case .noLedger(let path): self = .noLedger(error.description, file: path)
            case .locked(let message): self = .locked(message)
            case .newerSchema(let message): self = .newerSchema(message)
            }
        case let error as PostgresStoreError:
            switch error {
            case .badLocation(let message), .cannotConnect(let message): self = .cannotOpen(message)
            case .noLedger(let message): self = .noLedger(message, file: nil)
            case .notBuilt: self = .notBuilt(error.description)
            case .locked(let message): self = .locked(message)
            case .refused(let message): self = .refused(message)
            case .unavailable(let message): self = .unavailable(message)
            }
        default:
            return nil
        }
    }
}
