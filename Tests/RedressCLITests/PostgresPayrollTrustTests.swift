#if PostgreSQL
import Foundation
import Testing

/// ``PayrollTrustTests`` on PostgreSQL: the same falsifications, made with psql as the database's
/// superuser, are named by the same commands.
@Suite struct PostgresPayrollTrustTests {
    let cli = CLI()
    let month = "2026-02"

    var server: (host: String, user: String) {
        get throws {
            let url = try #require(
                ProcessInfo.processInfo.environment["REDRESS_TEST_POSTGRES"],
                "no PostgreSQL server: run the tests through tools/test, which starts one")
            return (String(try #require(url.firstMatch(of: /host=([^&]+)/)).1), "redress")
        }
    }

    /// A new database with 240 complaints and statements issued for January and February; its URL
    /// and name.
    func ledger() throws -> (url: String, name: String) {
        let (host, user) = try server
        let name = "trust_\(UUID().uuidString.prefix(8).lowercased())"
        try psql("CREATE DATABASE \(name)", database: "postgres")
        let url = "postgres://\(user)@/\(name)?host=\(host)"
        try cli.setup(["generate", "--complaints", "240", "--seed", "5", "--months", "3", "-o", "in.ndjson"])
        try cli.setup(["--db", url, "import", "in.ndjson"])
        for month in ["2026-01", month] { try cli.setup(["--db", url, "rewards", "issue", "--month", month]) }
        return (url, name)
    }

    func psql(_ sql: String, database: String) throws {
        let (host, user) = try server
        let out = try CLI.execute(
            "/usr/bin/env",
            [
                "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-U", user, "-d", database,
                "-c", sql,
            ],
            directory: cli.directory)
        try #require(out.status == 0, "\(sql): \(out.stderr)")
    }

    @Test func aFalsifiedReadModelIsRefusedByIssueAndNamedByVerify() throws {
        let (url, name) = try ledger()
        let ok = try cli.run(["--db", url, "verify", "--projections"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("2 issued statements chain and reproduce from the log"), "\(ok.stdout)")
        try psql("UPDATE rewards_candidates_g1 SET staff = 'agent.mallory'", database: name)
        let issue = try cli.run(["--db", url, "rewards", "issue", "--month", "2026-03"])
        #expect(issue.status != 0)
        #expect(issue.stderr.contains("disagrees with the log") && issue.stderr.contains("agent.mallory"))
        let checked = try cli.run(["--db", url, "verify", "--projections"])
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("the rewards read model disagrees with the log"), "\(checked.stderr)")
        try cli.setup(["--db", url, "projections", "rebuild"])
        try psql("UPDATE projections SET position = position - 300 WHERE name = 'rewards'", database: name)
        let moved = try cli.run(["--db", url, "verify", "--projections"])
        #expect(moved.status != 0)
        #expect(moved.stderr.contains("rewards read model"), "\(moved.stderr)")
    }

    @Test func anEditedOrDeletedStatementIsNamedByVerify() throws {
        let (url, name) = try ledger()
        try psql(
            "ALTER TABLE reward_statements DISABLE TRIGGER reward_statements_refuse_change; "
                + "UPDATE reward_statements SET statement_sha256 = repeat('0', 64) WHERE sequence = 2",
            database: name)
        let edited = try cli.run(["--db", url, "verify"])
        #expect(edited.status != 0)
        #expect(edited.stderr.contains("issued statement 2 (\(month)"), "\(edited.stderr)")
        #expect(edited.stderr.contains("was altered"), "\(edited.stderr)")
        let diff = try cli.run(["--db", url, "rewards", "diff", "--month", month])
        #expect(diff.status != 0, "rewards diff compares with a statement that no longer reproduces")
        try psql("DELETE FROM reward_statements WHERE sequence = 1", database: name)
        let deleted = try cli.run(["--db", url, "verify"])
        #expect(deleted.status != 0)
        #expect(deleted.stderr.contains("issued statement 1 is missing"), "\(deleted.stderr)")
    }
}
#endif
