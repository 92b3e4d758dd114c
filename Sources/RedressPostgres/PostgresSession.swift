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
///
/// **Every wait on the server is bounded**: the connection by ``PostgresLocation/connectTimeout``,
/// each statement by ``PostgresLocation/statementTimeout`` (the lock statement by the lock timeout
/// too), and the server is told the same `statement_timeout`, so it gives up when the client does.
/// A connection that fails or does not answer in time is dropped (the server rolls back what it
/// held) and the command fails with ``PostgresStoreError/unavailable(_:)``; the next transaction
/// connects again, at most one attempt per ``reconnectInterval``, so a long-running service serves
/// again once the server is back.
final class PostgresSession: @unchecked Sendable {
    /// The live connection; `nil` once it was lost (only touched on the queue, or before it is used).
    private var connection: PostgresConnection?
    let location: PostgresLocation
    private let queue: DispatchQueue
    let logger: Logger
    /// Statements run on every new connection (the store's settings), before it is used.
    private var setUp: (PostgresSession) throws -> Void = { _ in }
    /// The extra seconds a statement may take on the client's clock beyond the server's own
    /// `statement_timeout`, so that the server's clearer error arrives first when it is alive.
    static let clientMargin = 2.0
    /// The least time between two attempts to connect again after a loss.
    static let reconnectInterval: Duration = .milliseconds(500)
    private var lastAttempt: ContinuousClock.Instant?
    private var lastFailure = ""

    /// Connects (blocking, within ``PostgresLocation/connectTimeout``).
    init(_ location: PostgresLocation, label: String) throws {
        self.location = location
        queue = DispatchQueue(label: "redress.postgres.\(label)")
        var logger = Logger(label: "redress.postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            connection = try Self.connect(location, logger: logger)
        } catch {
            throw PostgresStoreError.cannotConnect("cannot open the ledger \(location): \(Self.explain(error))")
        }
    }

    /// Runs `setUp` now and on every connection made again after a loss (the caller's settings).
    func prepare(_ setUp: @escaping (PostgresSession) throws -> Void) throws {
        self.setUp = setUp
        try setUp(self)
    }

    /// Runs `body` on the session's queue, off the cooperative pool. When the calling task is cancelled
    /// (a request that timed out, a shutdown), it throws `CancellationError` at once: a body that has not
    /// started is skipped, one already running finishes on the queue (within its statements' bounds) and
    /// its result is dropped.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        let once = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                once.set(continuation)
                queue.async {
                    guard !once.finished else { return }
                    once.resume(with: Result { try body(self) })
                }
            }
        } onCancel: {
            once.resume(with: .failure(CancellationError()))
        }
    }

    /// Runs `body` on the queue and waits (for synchronous callers such as opening a store).
    func runSync<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try queue.sync { try body(self) }
    }

    /// The connection, or ``PostgresStoreError/unavailable(_:)`` when it was lost. Call on the queue.
    private func live() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        lose()
        throw PostgresStoreError.unavailable(
            "lost the connection to the ledger \(location): the server closed it (restarted or stopped?); what "
                + "was in progress is not stored: run the command again once the server answers")
    }

    /// Connects again when the connection was lost (at most once per ``reconnectInterval``) and runs the
    /// set-up on it. Call on the queue, only between transactions.
    private func reconnectIfLost() throws {
        if let connection, !connection.isClosed { return }
        lose()
        let now = ContinuousClock.now
        if let lastAttempt, now - lastAttempt < Self.reconnectInterval {
            throw PostgresStoreError.unavailable("the ledger \(location) does not answer: \(lastFailure)")
        }
        lastAttempt = now
        do {
            connection = try Self.connect(location, logger: logger)
            try setUp(self)
            lastFailure = ""
        } catch {
            lose()
            lastFailure = Self.explain(error)
            throw PostgresStoreError.unavailable("the ledger \(location) does not answer: \(lastFailure)")
        }
    }

    /// Drops the connection without waiting (the server rolls back whatever it held).
    private func lose() {
        guard let connection else { return }
        self.connection = nil
        Self.discard(connection)
    }

    static func discard(_ connection: PostgresConnection) {
        // The callback keeps the connection alive until it is closed (postgres-nio asserts that).
        connection.close().whenComplete { _ in _ = connection }
    }

    /// One statement with bound values; all its rows. Call on the queue.
    ///
    /// - Parameter seconds: how long the server may take (default: the location's statement timeout).
    /// - Throws: the server's refusal as postgres-nio gives it; ``PostgresStoreError/unavailable(_:)``
    ///   when the connection is lost or the server does not answer in time (the connection is then dropped).
    @discardableResult
    func query(_ query: PostgresQuery, seconds: Double? = nil) throws -> [PostgresRow] {
        let connection = try live()
        let limit = (seconds ?? location.statementTimeout) + Self.clientMargin
        do {
            return try Self.wait(for: connection.query(query, logger: logger), seconds: limit).rows
        } catch is TimedOut {
            lose()
            throw PostgresStoreError.unavailable(
                "the ledger \(location) did not answer within \(Self.seconds(seconds ?? location.statementTimeout)) s "
                    + "(\(seconds == nil ? "REDRESS_STATEMENT_TIMEOUT" : "--lock-timeout")); the connection was "
                    + "dropped and what was in progress is not stored")
        } catch let error where Self.sqlState(error) == "57014" && seconds == nil {
            // The server's statement_timeout (the transaction is rolled back; the connection stays).
            throw PostgresStoreError.unavailable(
                "the ledger \(location) did not finish a statement within "
                    + "\(Self.seconds(location.statementTimeout)) s (REDRESS_STATEMENT_TIMEOUT)")
        } catch let error where Self.isConnectionLoss(error) {
            lose()
            var reason = Self.explain(error)
            if (error as? PSQLError)?.code == .connectionError {
                // Not "cannot reach": it was reached, then the connection broke (a reset, a kill).
                reason =
                    "the connection broke"
                    + (reason.firstRange(of: " (").map { String(reason[$0.lowerBound...]) } ?? "")
            }
            throw PostgresStoreError.unavailable(
                "lost the connection to the ledger \(location): \(reason); what was in progress is not stored: "
                    + "run the command again once the server answers")
        }
    }

    /// One statement without parameters. Call on the queue.
    func execute(_ sql: String, seconds: Double? = nil) throws {
        try query(PostgresQuery(unsafeSQL: sql), seconds: seconds)
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws. Connects again
    /// first when the connection was lost.
    ///
    /// A connection lost before the commit stored nothing (the server rolls back); a connection lost
    /// during the commit leaves its outcome unknown, and the error says so.
    func transaction<T>(_ begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        try reconnectIfLost()
        try execute(begin)
        let result: T
        do {
            result = try body()
        } catch {
            // A lost connection rolls back on the server; otherwise roll back here (bounded like any statement).
            if connection != nil { try? execute("ROLLBACK") }
            throw error
        }
        do {
            try execute("COMMIT")
        } catch PostgresStoreError.unavailable(let message) {
            // Lost during the commit: the server may have committed before the connection went.
            let cause = message.components(separatedBy: "; ").first ?? message
            throw PostgresStoreError.unavailable(
                cause + "; whether the commit went through is unknown: run the command again once the server "
                    + "answers (what is already stored is not stored twice)")
        }
        return result
    }

    /// Closes the connection on the queue, after what runs there (waiting at most a few seconds: a body
    /// still running is bounded by its statements' timeouts, and the process may end meanwhile).
    func close() {
        let closed = DispatchSemaphore(value: 0)
        queue.async {
            if let connection = self.connection {
                self.connection = nil
                if !connection.isClosed { _ = try? Self.wait(for: connection.close(), seconds: 5) }
            }
            closed.signal()
        }
        _ = closed.wait(timeout: .now() + 5)
    }

    /// A store dropped without `close()` (a test's) still says goodbye to the server.
    deinit {
        if let connection, !connection.isClosed { Self.discard(connection) }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A continuation resumed exactly once: by the queue with the body's result, or at once on cancellation.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var done = false

    var finished: Bool { lock.withLock { done } }

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = lock.withLock {
            if let early = self.early { return early }
            self.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(with result: Result<T, any Error>) {
        let continuation: CheckedContinuation<T, any Error>? = lock.withLock {
            guard !done else { return nil }
            done = true
            guard let continuation = self.continuation else {
                early = result
                return nil
            }
            self.continuation = nil
            return continuation
        }
        continuation?.resume(with: result)
    }
}
#endif
