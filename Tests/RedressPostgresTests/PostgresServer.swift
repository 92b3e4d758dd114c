#if PostgreSQL
import Foundation
import Testing
import RedressPostgres

/// The throwaway PostgreSQL cluster `tools/test` starts on a Unix socket for this run
/// (`REDRESS_TEST_POSTGRES`: a `postgres://` URL of its superuser and the socket directory).
/// Each test gets a database of its own. Without the cluster the tests fail, saying so: never skip.
enum PostgresServer {
    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["REDRESS_TEST_POSTGRES"] else {
                throw Missing()
            }
            return url
        }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "no PostgreSQL server for the tests: run them through tools/test, which starts a throwaway cluster "
                + "and sets REDRESS_TEST_POSTGRES"
        }
    }

    /// A new, empty database; its location.
    static func database(_ prefix: String = "t") throws -> PostgresLocation {
        let admin = try PostgresLocation(url: try url)
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let out = try psql(admin, database: "postgres", "CREATE DATABASE \(name)")
        try #require(out.status == 0, "CREATE DATABASE failed: \(out.stderr)")
        var location = admin
        location.database = name
        return location
    }

    /// The location as a URL the CLI takes.
    static func url(of location: PostgresLocation) -> String {
        "postgres://\(location.user)@/\(location.database)?host=\(location.host)"
    }

    /// Runs SQL through the real `psql` client as the cluster's superuser (an insider with every right).
    @discardableResult
    static func psql(_ location: PostgresLocation, database: String? = nil, _ sql: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", location.host, "-p",
            String(location.port),
            "-U", location.user, "-d", database ?? location.database, "-c", sql,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }
}
#endif
