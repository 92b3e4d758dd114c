#if PostgreSQL
import Foundation
import NIOCore
import PostgresNIO

extension PostgresSession {
    /// One line for a person: what the server said (message, SQLSTATE, detail and hint), or why it could
    /// not be reached — never postgres-nio's "PSQLError – Generic description…" nor its case names.
    /// The server's words never hold a password (it does not echo one).
    static func explain(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                var text = message + (psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
                if let detail = psql.serverInfo?[.detail] { text += "; detail: \(detail)" }
                if let hint = psql.serverInfo?[.hint] { text += "; hint: \(hint)" }
                return text
            }
            switch psql.code {
            case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                // Not postgres-nio's code name ("serverClosedConnection"): what happened and what to do.
                return "the connection to the server was lost (did it stop or restart?): run the command again "
                    + "once it answers"
            case .connectionError:
                return psql.underlying.map { "cannot reach the server (\(plain($0)))" } ?? "cannot reach the server"
            default: break
            }
            if let underlying = psql.underlying { return plain(underlying) }
            return "the connection failed (\(psql.code))"
        }
        if let error = error as? PostgresStoreError { return error.description }
        return plain(error)
    }

    /// Whether postgres-nio gave up connecting on its own clock.
    static func timedOut(_ error: (any Error)?) -> Bool {
        if case .connectTimeout = error as? ChannelError { return true }
        return false
    }

    /// A system error as its message (`connection refused`), not as a Swift value.
    static func plain(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        return "\(error)"
    }

    /// SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// Whether `error` means the connection is gone or unusable (not a refusal of one statement):
    /// the socket closed or failed, or the server is shutting down or restarting (SQLSTATE 57P0x, 08xxx).
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError else { return error is IOError || error is ChannelError }
        if let state = psql.serverInfo?[.sqlState] { return state.hasPrefix("57P") || state.hasPrefix("08") }
        return [
            .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown,
            .messageDecodingFailure, .unexpectedBackendMessage,
        ].contains(psql.code)
    }
}
#endif
