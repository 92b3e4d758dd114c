#if PostgreSQL
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

extension PostgresSession {
    static func connect(_ location: PostgresLocation, logger: Logger) throws -> PostgresConnection {
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
        let seconds = location.connectTimeout
        configuration.options.connectTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
        let future = PostgresConnection.connect(
            on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1, logger: logger)
        do {
            return try Self.wait(for: future, seconds: seconds)
        } catch let error as PSQLError where error.code == .connectionError && Self.timedOut(error.underlying) {
            throw PostgresStoreError.unavailable(
                "the server did not answer within \(Self.seconds(seconds)) s (connect_timeout)")
        } catch is TimedOut {
            // Too late: a connection made after all is closed at once.
            future.whenSuccess { connection in Self.discard(connection) }
            throw PostgresStoreError.unavailable(
                "the server did not answer within \(Self.seconds(seconds)) s (connect_timeout)")
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
}
#endif
