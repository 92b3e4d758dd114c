#if PostgreSQL
import Foundation
import Testing

/// The real binary with `--db postgres://…` against the cluster tools/test starts: every command gives
/// the output it gives on SQLite for the same ledger, two processes conflict as on SQLite, and
/// connection errors are one line without the password.
@Suite struct PostgresCLITests {
    let cli = CLI()

    /// The cluster's socket directory and superuser, from tools/test.
    var server: (host: String, user: String) {
        get throws {
            let url = try #require(
                ProcessInfo.processInfo.environment["REDRESS_TEST_POSTGRES"],
                "no PostgreSQL server: run the tests through tools/test, which starts one")
            let host = try #require(url.firstMatch(of: /host=([^&]+)/)).1
            return (String(host), "redress")
        }
    }

    /// A new database; its URL.
    func database() throws -> String {
        let (host, user) = try server
        let name = "cli_\(UUID().uuidString.prefix(8).lowercased())"
        let out = try CLI.execute(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-h", host, "-U", user, "-d", "postgres", "-c", "CREATE DATABASE \(name)"],
            directory: cli.directory)
        try #require(out.status == 0, "\(out.stderr)")
        return "postgres://\(user)@/\(name)?host=\(host)"
    }

    /// recorded_at (and the digests over it) differ between two ledgers that recorded at different times.
    func masked(_ text: String) -> String {
        text.replacing(/"recorded_at":"[^"]*"/, with: "\"recorded_at\":\"…\"")
            .replacing(/[0-9a-f]{64}/, with: "…")
            .replacing(/\d{4}-\d\d-\d\dT[\d:.]+Z/, with: "…")
    }

    @Test func everyCommandGivesTheSameOutputOnPostgreSQLAsOnSQLite() throws {
        let pg = try database()
        let sqlite = cli.db
        let korea = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies/korea.json").path
        try cli.setup(["generate", "--complaints", "300", "--seed", "17", "--months", "3", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        #expect(cli.read("in.ndjson").contains(#""type":"paused""#), "the ledger has pauses")
        try cli.setup(["rewards", "issue", "--month", "2026-02"])
        try cli.setup(["export", "-o", "ledger.ndjson"])
        // The same ledger on the server: a restore keeps every position, time and hash.
        try cli.setup(["--db", pg, "import", "ledger.ndjson"])
        #expect(try cli.run(["--db", pg, "rewards", "issue", "--month", "2026-02"]).status == 0)
        let commands: [[String]] = [
            ["export"], ["export", "--plain"], ["export", "--complaint", "C-0000003"], ["replay", "C-0000003"],
            ["replay", "C-0000003", "--format", "json"], ["replay", "C-0000003", "--as-of-position", "40"],
            ["verify"], ["projections", "status"],
            ["metrics", "--month", "2026-02"], ["metrics", "--month", "2026-02", "--format", "json"],
            ["metrics", "--month", "2026-02", "--format", "csv"],
            ["metrics", "--month", "2026-01", "--as-of-position", "500", "--format", "json"],
            ["rewards", "--month", "2026-02"], ["rewards", "--month", "2026-02", "--items"],
            ["rewards", "--month", "2026-02", "--format", "json"],
            ["rewards", "--month", "2026-03", "--format", "csv"],
            ["rewards", "diff", "--month", "2026-02"], ["metrics", "--month", "2031-01"], ["replay", "NOPE"],
            // SPEC 7: the business clock, pauses and deadlines.
            ["metrics", "--month", "2026-02", "--policy", korea, "--format", "json"],
            ["metrics", "--month", "2026-02", "--policy", korea],
            ["rewards", "--month", "2026-02", "--policy", korea, "--format", "json"],
            ["due", "--policy", korea, "--at", "2026-03-31T18:00:00+09:00"],
            ["due", "--policy", korea, "--as-of-position", "900", "--format", "json"],
            ["due", "--within", "4h", "--at", "2026-03-31T18:00:00+09:00", "--format", "csv"],
        ]
        for command in commands {
            let a = try cli.run(["--db", sqlite] + command)
            let b = try cli.run(["--db", pg] + command)
            #expect(
                a.status == b.status,
                "\(command): exit \(a.status) on SQLite, \(b.status) on PostgreSQL \(b.stderr)")
            #expect(a.stdout == b.stdout, "\(command): stdout differs")
            #expect(a.stderr == b.stderr, "\(command): \(a.stderr) vs \(b.stderr)")
        }
        // The month page on the business clock, byte for byte (a month not issued: an issue's time is
        // each ledger's own).
        for (db, name) in [(sqlite, "sqlite.html"), (pg, "pg.html")] {
            try cli.setup([
                "--db", db, "report", "--month", "2026-03", "--policy", korea, "--lang", "ko", "--as-of-position",
                "1200", "-o", name,
            ])
        }
        // Every line but the footer's command, which names each ledger's --db.
        func page(_ name: String) -> [Substring] {
            cli.read(name).split(separator: "\n").filter { !$0.contains("report --month") }
        }
        #expect(page("sqlite.html") == page("pg.html"), "the page differs")
        // Writes: the same commands, the same events, up to the time each ledger recorded them.
        let writes: [[String]] = [
            [
                "receive", "PG-1", "--customer", "고객-1", "--channel", "web", "--category", "service", "--at",
                "2026-03-02T10:00:00+09:00", "--event-id", "0190f0f0-0000-7000-8000-000000000001",
            ],
            [
                "acknowledge", "PG-1", "--by", "agent.kim", "--at", "2026-03-02T10:05:00+09:00", "--event-id",
                "0190f0f0-0000-7000-8000-000000000002",
            ],
            [
                "close", "PG-1", "--by", "agent.kim", "--resolution", "resolved", "--at",
                "2026-03-02T10:04:00+09:00", "--event-id", "0190f0f0-0000-7000-8000-000000000003",
            ],
            ["projections", "rebuild"],
        ]
        for command in writes {
            let a = try cli.run(["--db", sqlite] + command)
            let b = try cli.run(["--db", pg] + command)
            #expect(a.status == b.status, "\(command): exit \(a.status) vs \(b.status): \(b.stderr)")
            #expect(
                masked(a.stdout).replacing(/in [\d.]+ s/, with: "")
                    == masked(b.stdout).replacing(/in [\d.]+ s/, with: ""),
                "\(command)")
            #expect(a.stderr == b.stderr, "\(command): \(a.stderr) vs \(b.stderr)")
        }
        let a = try cli.run(["--db", sqlite, "report", "--month", "2026-02", "-o", "a.html"])
        let b = try cli.run(["--db", pg, "report", "--month", "2026-02", "-o", "b.html"])
        #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
        func page(_ name: String, _ db: String) -> String {
            masked(cli.read(name)).replacingOccurrences(of: db, with: "DB").replacingOccurrences(
                of: "&#39;DB&#39;", with: "DB"
            )
            .replacingOccurrences(of: "-o \(name)", with: "-o X")
        }
        let (pageA, pageB) = (page("a.html", sqlite), page("b.html", pg))
        let firstDifference = zip(pageA.split(separator: "\n"), pageB.split(separator: "\n")).first { $0 != $1 }
        #expect(pageA == pageB, "first difference: \(String(describing: firstDifference))")
    }

    /// Two processes record against the same stream version: one wins, the other exits 3 and stores nothing.
    @Test func twoProcessesAtTheSameVersionConflictAndOneWins() throws {
        let pg = try database()
        try cli.setup([
            "--db", pg, "receive", "K-1", "--customer", "c", "--channel", "phone", "--category", "service",
        ])
        // Two real processes at once (not through a shell: its `wait` can hang under the test runner).
        let processes = ["a", "b"].map { name -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = ["--db", pg, "acknowledge", "K-1", "--by", "agent.\(name)", "--expect-version", "1"]
            process.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        let codes = processes.map(\.terminationStatus).sorted()
        #expect(codes == [0, 3], "one wins, the other exits 3: \(codes)")
        let export = try cli.setup(["--db", pg, "export"]).stdout.split(separator: "\n")
        #expect(export.count == 2, "received and the one acknowledgement that won")
    }

    @Test func connectionErrorsAreOneLineAndNeverShowThePassword() throws {
        let (host, _) = try server
        let refused = try cli.run(["--db", "postgres://redress_pw:s3cret-value@127.0.0.1:1/x", "verify"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("redress: cannot open the ledger postgres://redress_pw@127.0.0.1:1/x"))
        #expect(!refused.stderr.contains("s3cret"))
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        let wrong = try cli.run(["--db", "postgres://redress_pw:wrong-horse@/postgres?host=\(host)", "verify"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-horse"))
        let missing = try cli.run(["--db", "postgres://redress@/no_such_db?host=\(host)", "verify"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\"no_such_db\" does not exist"), "\(missing.stderr)")
        // The password from PGPASSWORD, then from a .pgpass file.
        let db = try database().replacingOccurrences(of: "postgres://redress@", with: "postgres://redress_pw@")
        let env = try cli.run(
            ["--db", db, "receive", "P-1", "--customer", "c", "--channel", "web", "--category", "service"],
            environment: ["PGPASSWORD": "right-horse"])
        #expect(env.status == 0, "\(env.stderr)")
        let file = cli.write("pgpass", "*:*:*:redress_pw:right-horse\n")
        let fromFile = try cli.run(["--db", db, "verify"], environment: ["PGPASSFILE": file, "PGPASSWORD": ""])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let readOnlyEmpty = try cli.run(["--db", try database(), "metrics", "--month", "2026-01"])
        #expect(readOnlyEmpty.status == 66, "a reading command on an empty database: \(readOnlyEmpty.stderr)")
    }

    /// The DBA's set-up: the tables' owner creates them and grants the application role only SELECT and
    /// INSERT on events; redress connected as that role records, reads and rebuilds, and cannot change
    /// an event even by hand.
    @Test func theApplicationRoleMayInsertButNeverChangeEvents() throws {
        let (host, user) = try server
        let owner = try database()
        let role = "app_\(UUID().uuidString.prefix(6).lowercased())"
        let create = try CLI.execute(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-h", host, "-U", user, "-d", "postgres", "-c", "CREATE ROLE \(role) LOGIN"],
            directory: cli.directory)
        try #require(create.status == 0, "\(create.stderr)")
        let printed = try cli.setup(["--db", owner, "admin", "init-postgres", "--app-role", role, "--apply"])
        #expect(
            printed.stdout.contains(
                "GRANT SELECT, INSERT ON events, ledger_heads, reward_statements TO \"\(role)\""))
        let app = owner.replacingOccurrences(of: "postgres://\(user)@", with: "postgres://\(role)@")
        try cli.setup([
            "--db", app, "receive", "R-1", "--customer", "c", "--channel", "phone", "--category", "service",
        ])
        try cli.setup(["--db", app, "acknowledge", "R-1", "--by", "agent.kim"])
        try cli.setup(["--db", app, "projections", "rebuild"])
        try cli.setup(["--db", app, "rewards", "issue", "--month", "2026-11"])
        #expect(try cli.run(["--db", app, "verify"]).status == 0)
        let database = String(try #require(owner.firstMatch(of: /@\/([^?]+)/)).1)
        for sql in ["UPDATE events SET actor = 'x'", "DELETE FROM ledger_heads", "TRUNCATE reward_statements"] {
            let out = try CLI.execute(
                "/usr/bin/env", ["psql", "-X", "-q", "-h", host, "-U", role, "-d", database, "-c", sql],
                directory: cli.directory)
            #expect(out.status != 0 && out.stderr.contains("permission denied"), "\(sql): \(out.stderr)")
        }
    }

    /// What the server refuses during `admin init-postgres --apply` is the server's own words — message,
    /// SQLSTATE, hint — never postgres-nio's "PSQLError – Generic description…": here an owner who is not
    /// a superuser finds one of the projections' tables taken by the administrator.
    @Test func aRefusedGrantIsTheServersOwnMessage() throws {
        let (host, user) = try server
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let (owner, app, database) = ("own_\(suffix)", "app_\(suffix)", "grants_\(suffix)")
        func psql(_ sql: String, database: String = "postgres") throws {
            let out = try CLI.execute(
                "/usr/bin/env", ["psql", "-X", "-q", "-h", host, "-U", user, "-d", database, "-c", sql],
                directory: cli.directory)
            try #require(out.status == 0, "\(sql): \(out.stderr)")
        }
        defer {
            for sql in [
                "DROP DATABASE IF EXISTS \(database)", "DROP ROLE IF EXISTS \(app)", "DROP ROLE IF EXISTS \(owner)",
            ] {
                _ = try? psql(sql)
            }
        }
        for sql in [
            "CREATE ROLE \(owner) LOGIN", "CREATE ROLE \(app) LOGIN", "CREATE DATABASE \(database) OWNER \(owner)",
            "GRANT \(app) TO \(owner)",
        ] {
            try psql(sql)
        }
        let ledger = "postgres://\(owner)@/\(database)?host=\(host)"
        try cli.setup(["--db", ledger, "admin", "init-postgres", "--app-role", app])
        try psql("ALTER TABLE recovery_complaints_g1 OWNER TO \(user)", database: database)
        let refused = try cli.run(["--db", ledger, "admin", "init-postgres", "--app-role", app, "--apply"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "redress: cannot apply the grants to \(app) in postgres://\(owner)@/\(database)?host=\(host): "
                    + "must be owner of table recovery_complaints_g1 (SQLSTATE 42501)"),
            "\(refused.stderr)")
        #expect(!refused.stderr.contains("PSQLError"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
    }

    /// SQLite → PostgreSQL → a new SQLite file: one command each way, both verify to the same anchor,
    /// every export byte-identical; running it again is a no-op.
    @Test func migrateMovesALedgerBothWaysByteForByte() throws {
        let pg = try database()
        try cli.setup(["generate", "--complaints", "150", "--seed", "3", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        let original = try cli.setup(["export"]).stdout
        let there = try cli.setup(["migrate", "--to", pg])
        #expect(there.stdout.contains("both verify to"), "\(there.stdout)")
        #expect(try cli.setup(["--db", pg, "export"]).stdout == original)
        #expect(try cli.run(["migrate", "--to", pg]).status == 0, "running it again is safe")
        let back = cli.directory + "/back.sqlite"
        try cli.setup(["--db", pg, "migrate", "--to", back])
        #expect(try cli.setup(["--db", back, "export"]).stdout == original)
    }
}
#endif
