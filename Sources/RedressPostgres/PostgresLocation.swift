public import Foundation

/// Where a PostgreSQL ledger lives, read from a `postgres://` URL the way libpq reads one, so a DBA's
/// usual settings work: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=MODE`, a Unix socket
/// directory as `host=/path` in the query, the password from the URL, `PGPASSWORD` or the password
/// file (`PGPASSFILE`, else `~/.pgpass`, lines `host:port:database:user:password` with `*` wildcards);
/// how long to wait for the server from `connect_timeout` (or `PGCONNECT_TIMEOUT`) and
/// `REDRESS_STATEMENT_TIMEOUT`.
///
/// ``description`` never shows the password: errors and logs print it.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// TLS as libpq's `sslmode` names it.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it (its certificate not checked), else plain. libpq's default.
        case prefer
        /// TLS, the certificate not checked.
        case require
        /// TLS, the certificate checked against the system's trust roots and the host name.
        case verifyFull = "verify-full"
    }

    /// The role to log in as: the URL's user (or `user=`), else `PGUSER`, else the operating system's user.
    public var user: String
    /// From the URL, `PGPASSWORD` or the password file, in that order; never printed.
    public var password: String?
    /// A host name, or the directory of a Unix socket (`/…`).
    public var host: String
    /// The URL's port (or `port=`), else 5432.
    public var port: Int
    /// The database holding the ledger's tables: the URL's path (or `dbname=`).
    public var database: String
    /// The URL's `sslmode`, else ``SSLMode/prefer`` (``SSLMode/disable`` for a Unix socket).
    public var sslMode: SSLMode
    /// Seconds to wait for a connection, login included: the URL's `connect_timeout`, else
    /// `PGCONNECT_TIMEOUT` (libpq's names), else 10.
    public var connectTimeout: Double
    /// Seconds one statement may run before the server cancels it (`statement_timeout`) and the
    /// client gives up on the connection: `REDRESS_STATEMENT_TIMEOUT`, else 60. A writer's wait for
    /// the write lock is bounded by the lock timeout instead, when that is longer.
    public var statementTimeout: Double

    /// The socket file when ``host`` is a directory, as PostgreSQL names it.
    public var unixSocketPath: String? { host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil }

    /// The location as a URL without the password (and the port when it is 5432): safe to print.
    public var description: String {
        let socketPart = host.hasPrefix("/") ? "?host=\(host)" : ""
        let hostPart = host.hasPrefix("/") ? "" : host + (port == 5432 ? "" : ":\(port)")
        return "postgres://\(user)@\(hostPart)/\(database)\(socketPart)"
    }

    /// Whether `location` names a PostgreSQL ledger.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` URL; the environment supplies `PGPASSWORD`, `PGPASSFILE`, `PGUSER` and `HOME`.
    ///
    /// - Throws: ``PostgresStoreError/badLocation(_:)`` naming what is wrong, without the password.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw PostgresStoreError.badLocation("not a postgres:// URL: \(Self.redacted(text))")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        for name in query.keys
        where !["host", "port", "sslmode", "user", "password", "dbname", "connect_timeout"].contains(name) {
            throw PostgresStoreError.badLocation(
                "\(Self.redacted(text)): unknown parameter \(name) "
                    + "(host, port, sslmode, user, dbname, connect_timeout are read)")
        }
        // As libpq: the URL's user, else PGUSER, else the operating system's user name.
        let user =
            components.percentEncodedUser?.removingPercentEncoding ?? query["user"] ?? environment["PGUSER"]
            ?? environment["USER"] ?? environment["LOGNAME"]
        guard let user, !user.isEmpty else {
            throw PostgresStoreError.badLocation("\(Self.redacted(text)): no user (postgres://USER@HOST/DATABASE)")
        }
        let database =
            query["dbname"] ?? String(components.percentEncodedPath.dropFirst()).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.badLocation("\(Self.redacted(text)): no database (postgres://USER@HOST/DATABASE)")
        }
        let host = query["host"] ?? components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let portText = query["port"] ?? components.port.map(String.init) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw PostgresStoreError.badLocation("\(Self.redacted(text)): port \(portText) is not a port number")
        }
        let modeText = query["sslmode"] ?? (host.hasPrefix("/") ? "disable" : "prefer")
        guard let mode = SSLMode(rawValue: modeText) else {
            throw PostgresStoreError.badLocation(
                "\(Self.redacted(text)): sslmode \(modeText) is not one of "
                    + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        connectTimeout = try Self.seconds(
            query["connect_timeout"] ?? environment["PGCONNECT_TIMEOUT"], default: 10,
            name: query["connect_timeout"] != nil ? "connect_timeout" : "PGCONNECT_TIMEOUT", in: text)
        statementTimeout = try Self.seconds(
            environment["REDRESS_STATEMENT_TIMEOUT"], default: 60, name: "REDRESS_STATEMENT_TIMEOUT", in: text)
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = mode
        password =
            components.percentEncodedPassword?.removingPercentEncoding ?? query["password"]
            ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.passwordFile(environment).flatMap {
                Self.password(in: $0, host: host, port: port, database: database, user: user)
            }
    }

    /// A timeout in seconds, more than 0 and at most a day (empty or absent: `default`).
    static func seconds(_ text: String?, default value: Double, name: String, in url: String) throws -> Double {
        guard let text, !text.isEmpty else { return value }
        guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
            throw PostgresStoreError.badLocation(
                "\(Self.redacted(url)): \(name) must be a number of seconds above 0 and at most 86400, got \(text)")
        }
        return seconds
    }

    /// The password file's text, when there is one.
    static func passwordFile(_ environment: [String: String]) -> String? {
        let path = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        return path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// The first matching line of a `.pgpass` file (`host:port:database:user:password`, `*` matches
    /// anything, `\:` and `\\` escape).
    static func password(in file: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in file.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            guard fields.count == 5 else { continue }
            let hostField = fields[0] == "localhost" && host.hasPrefix("/") ? host : fields[0]
            let wanted = [host, String(port), database, user]
            if zip([hostField, fields[1], fields[2], fields[3]], wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
                return fields[4]
            }
        }
        return nil
    }

    /// The URL with any password replaced by `***`, for messages.
    public static func redacted(_ text: String) -> String {
        guard let at = text.range(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at.lowerBound,
            let colon = text[scheme.upperBound..<at.lowerBound].firstIndex(of: ":")
        else {
            return text.replacingOccurrences(of: #"password=[^&]*"#, with: "password=***", options: .regularExpression)
        }
        return String(text[..<text.index(after: colon)]) + "***"
            + String(text[at.lowerBound...])
            .replacingOccurrences(of: #"password=[^&]*"#, with: "password=***", options: .regularExpression)
    }
}
