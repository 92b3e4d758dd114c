#if PostgreSQL
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One connection to the server and the serial queue its statements run on.
///
/// The store protocols' transaction bodies are synchronous (a decider reads and appends in one
/// go), so the queue's thread blocks on postgres-nio's futures: never an event-loop thread, never
/// the cooperative pool. One transaction at a time per session, as on SQLite's connection.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let location: PostgresLocation
    private let queue: DispatchQueue
    let logger: Logger

    /// Connects (blocking), then sets what every Redress session runs with.
    init(_ location: PostgresLocation, label: String) throws {
        self.location = location
        queue = DispatchQueue(label: "redress.postgres.\(label)")
        var logger = Logger(label: "redress.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration: PostgresConnection.Configuration
        if let socket = location.unixSocketPath {
            configuration = .init(
                unixSocketPath: socket, username: location.user, password: location.password,
                database: location.database)
        } else {
            configuration = .init(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: try Self.tls(location))
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1,
                logger: logger
            ).wait()
        } catch {
            throw PostgresStoreError.cannotConnect("cannot open the ledger \(location): \(Self.explain(error))")
        }
    }

    static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var client = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable:
            return .disable
        case .prefer, .require:
            client.certificateVerification = .none
            let context = try NIOSSLContext(configuration: client)
            return location.sslMode == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            client.certificateVerification = .fullVerification
            return .require(try NIOSSLContext(configuration: client))
        }
    }

    /// One line for a person: what the server said (message, SQLSTATE, detail and hint), or why it could
    /// not be reached — never postgres-nio's "PSQLError – Generic description…". The server's words
    /// never hold a password (it does not echo one).
    static func explain(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                var text = message + (psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
                if let detail = psql.serverInfo?[.detail] { text += "; detail: \(detail)" }
                if let hint = psql.serverInfo?[.hint] { text += "; hint: \(hint)" }
                return text
            }
            switch "\(psql.code)" {
            case "serverClosedConnection", "connectionError", "uncleanShutdown", "clientClosedConnection":
                // Not postgres-nio's code name ("serverClosedConnection"): what happened and what to do.
                return "the connection to the server was lost (did it stop or restart?): run the command again "
                    + "once it answers"
            default: break
            }
            if let underlying = psql.underlying { return "\(underlying)" }
            return "\(psql.code)"
        }
        return "\(error)"
    }

    /// SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// Runs `body` on the session's queue, off the cooperative pool.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self) })
            }
        }
    }

    /// Runs `body` on the queue and waits (for synchronous callers such as opening a store).
    func runSync<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try queue.sync { try body(self) }
    }

    /// One statement with bound values; all its rows. Call on the queue.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try connection.query(query, logger: logger).wait().rows
    }

    /// One statement without parameters. Call on the queue.
    func execute(_ sql: String) throws {
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func close() {
        guard !connection.isClosed else { return }
        try? connection.close().wait()
    }

    /// A store dropped without `close()` (a test's) still says goodbye to the server.
    deinit {
        let connection = self.connection
        if !connection.isClosed {
            // The callback keeps the connection alive until it is closed (postgres-nio asserts that).
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in _ = connection }
        }
    }
}
#endif
