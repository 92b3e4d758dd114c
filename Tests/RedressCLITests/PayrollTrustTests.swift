import Foundation
import Testing

/// What payroll reads is covered: the read models against a fold of the log (`verify --projections`,
/// `rewards issue`, `rewards diff`), and the issued statements by their chain, its signatures and the
/// statements head file (`verify`). Each falsification is made as an insider would, with the sqlite3
/// shell on the real file, and must be named.
@Suite struct PayrollTrustTests {
    var cli = CLI()
    let key = "payroll.key"
    let month = "2026-02"

    /// A signed ledger with `months` of complaints and one statement issued per month in `issued`.
    func ledger(signed: Bool = false, issued: [String] = []) throws {
        try cli.setup(["generate", "--complaints", "240", "--seed", "5", "--months", "3", "-o", "in.ndjson"])
        var signing: [String] = []
        if signed {
            try cli.setup(["keys", "create", "--name", "payroll", "-o", key])
            signing = ["--signing-key", key]
        }
        try cli.setup(["import"] + signing + ["in.ndjson"])
        for month in issued { try cli.setup(["rewards", "issue", "--month", month] + signing) }
    }

    func insider(_ sql: String) throws {
        let out = try cli.sqlite(sql)
        try #require(out.status == 0, "\(out.stderr)")
    }

    func generation(_ name: String) throws -> String {
        try cli.sqlite("SELECT generation FROM projections WHERE name = '\(name)'").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func verify(_ extra: [String] = []) throws -> CLI.Output { try cli.run(["verify"] + extra) }

    @Test func aFalsifiedRewardsReadModelIsRefusedByIssueAndDiffAndNamedByVerify() throws {
        try ledger(issued: [month])
        let g = try generation("rewards")
        // Every credit of the month to one person, as the first round's tester did.
        try insider("UPDATE rewards_candidates_g\(g) SET staff = 'agent.mallory'")
        let issue = try cli.run(["rewards", "issue", "--month", "2026-03"])
        #expect(issue.status != 0)
        #expect(issue.stderr.contains("disagrees with the log"), "\(issue.stderr)")
        #expect(issue.stderr.contains("agent.mallory"), "\(issue.stderr)")
        #expect(issue.stderr.contains("nothing was issued"), "\(issue.stderr)")
        #expect(try cli.sqlite("SELECT count(*) FROM reward_statements").stdout.hasPrefix("1"))
        let diff = try cli.run(["rewards", "diff", "--month", month])
        #expect(diff.status != 0)
        #expect(diff.stderr.contains("disagrees with the log"), "\(diff.stderr)")
        let checked = try verify(["--projections"])
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("the rewards read model disagrees with the log"), "\(checked.stderr)")
        #expect(checked.stderr.contains("agent.mallory"), "\(checked.stderr)")
        // A rebuild from the log repairs it.
        try cli.setup(["projections", "rebuild"])
        #expect(try verify(["--projections"]).status == 0)
    }

    @Test func aMovedCheckpointAndAnEditedRecoveryRowAreNamedByVerifyProjections() throws {
        try ledger()
        #expect(try verify(["--projections"]).stdout.contains("the read models equal a fold of the log"))
        try insider("UPDATE projections SET position = position - 300 WHERE name = 'rewards'")
        let moved = try verify(["--projections"])
        #expect(moved.status != 0)
        #expect(moved.stderr.contains("rewards read model"), "\(moved.stderr)")
        try cli.setup(["projections", "rebuild"])
        let g = try generation("recovery")
        let id = try cli.sqlite("SELECT complaint_id FROM recovery_complaints_g\(g) WHERE ack_ms IS NOT NULL LIMIT 1")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try insider("UPDATE recovery_complaints_g\(g) SET ack_ms = received_ms + 1000 WHERE complaint_id = '\(id)'")
        let edited = try verify(["--projections"])
        #expect(edited.status != 0)
        #expect(edited.stderr.contains("complaint \(id)"), "\(edited.stderr)")
        #expect(edited.stderr.contains("first acknowledged"), "\(edited.stderr)")
    }

    @Test func anEditedStatementIsNamedByVerifyWhateverFieldChanged() throws {
        for (column, value) in [
            ("statement_sha256", "'\(String(repeating: "0", count: 64))'"), ("as_of_position", "as_of_position - 1"),
            ("policy", "policy || ' '"), ("month", "'2025-12'"),
        ] {
            let cli = CLI()
            let test = PayrollTrustTests(cli: cli)
            try test.ledger(issued: ["2026-01", month])
            #expect(try cli.run(["verify"]).stdout.contains("2 issued statements chain and reproduce from the log"))
            try test.insider(
                "DROP TRIGGER statements_refuse_update; UPDATE reward_statements SET \(column) = \(value) "
                    + "WHERE sequence = 1")
            let out = try cli.run(["verify"])
            #expect(out.status != 0, "\(column)")
            #expect(out.stderr.contains("issued statement 1 ("), "\(column): \(out.stderr)")
            #expect(out.stderr.contains("was altered"), "\(column): \(out.stderr)")
        }
    }

    @Test func aDeletedStatementIsNamedInTheMiddleByTheChainAndAtTheEndByTheStatementsHead() throws {
        try ledger(signed: true, issued: ["2026-01", month, "2026-03"])
        #expect(FileManager.default.fileExists(atPath: cli.directory + "/\(key).statements"))
        let ok = try verify(["--signing-key", key])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("3 issued statements chain and reproduce from the log, signed"), "\(ok.stdout)")
        try insider("DROP TRIGGER statements_refuse_delete; DELETE FROM reward_statements WHERE sequence = 3")
        let tail = try verify(["--signing-key", key])
        #expect(tail.status != 0)
        #expect(tail.stderr.contains("covers 3 issued statements but the ledger holds 2"), "\(tail.stderr)")
        // An auditor with the public key and a copy of the statements head sees the same.
        let auditor = try verify(["--public-key", "\(key).pub", "--head", "\(key).statements"])
        #expect(auditor.status != 0)
        #expect(auditor.stderr.contains("issued statements were deleted"), "\(auditor.stderr)")
        try insider("DELETE FROM reward_statements WHERE sequence = 1")
        let middle = try verify()
        #expect(middle.status != 0)
        #expect(middle.stderr.contains("issued statement 1 is missing"), "\(middle.stderr)")
    }

    /// A forger with write access but without the key: a row outside the chain, a row chained
    /// correctly (SHA-256 is public) with a digest the log does not give, and a correctly chained
    /// copy of a real statement that the key never signed.
    @Test func aForgedStatementIsNamedByTheChainTheLogOrTheSignatures() throws {
        try ledger(signed: true, issued: [month])
        try insider(
            "INSERT INTO reward_statements (month, as_of_position, policy_sha256, statement_sha256, policy, "
                + "issued_ms) SELECT month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms + 1 "
                + "FROM reward_statements")
        let outside = try verify()
        #expect(outside.status != 0)
        #expect(outside.stderr.contains("has no place in the chain"), "\(outside.stderr)")
        try remove("sequence IS NULL")
        #expect(try verify().status == 0)

        try forgeLink(statementSHA256: String(repeating: "a", count: 64))
        let wrong = try verify()
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("issued statement 2 (\(month)"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("does not reproduce from the log"), "\(wrong.stderr)")
        try remove("sequence = 2")

        try forgeLink(statementSHA256: nil)
        #expect(try verify().status == 0, "without the key a well-made forgery of a true statement passes")
        let signed = try verify(["--public-key", "\(key).pub"])
        #expect(signed.status != 0)
        #expect(signed.stderr.contains("issued statement 2 (\(month)"), "\(signed.stderr)")
        #expect(signed.stderr.contains("not covered by a signature"), "\(signed.stderr)")
    }

    /// Statements issued before the chain existed are linked, unsigned and in the order they were
    /// issued, by the migration that adds it (the next write); verify then checks them like any other.
    @Test func statementsIssuedBeforeTheChainAreLinkedByItsMigration() throws {
        try ledger(issued: ["2026-01", month])
        let digests = try cli.sqlite("SELECT statement_sha256 FROM reward_statements ORDER BY id").stdout
        try insider(
            "DROP INDEX reward_statements_sequence; ALTER TABLE reward_statements DROP COLUMN sequence; "
                + "ALTER TABLE reward_statements DROP COLUMN chain_hash; "
                + "ALTER TABLE reward_statements DROP COLUMN chain_note; "
                + "DELETE FROM grdb_migrations WHERE identifier = 'v6-statement-chain'; PRAGMA user_version = 7")
        let old = try verify()
        #expect(old.status != 0 && old.stderr.contains("run any write command on it once"), "\(old.stderr)")
        try cli.setup(["receive", "LATE-1", "--customer", "c", "--channel", "web", "--category", "service"])
        let linked = try verify()
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(linked.stdout.contains("2 issued statements chain and reproduce from the log"), "\(linked.stdout)")
        #expect(try cli.sqlite("SELECT statement_sha256 FROM reward_statements ORDER BY sequence").stdout == digests)
    }

    /// On a signed ledger, the statements linked by the migration are unsigned: verify with the key says
    /// so (not proven, not a failure), and the next statement issued with the key signs the chain
    /// through them.
    @Test func aSignedLedgersOldStatementsAreSignedThroughByTheNextIssue() throws {
        try ledger(signed: true, issued: ["2026-01"])
        try insider(
            "DROP INDEX reward_statements_sequence; ALTER TABLE reward_statements DROP COLUMN sequence; "
                + "ALTER TABLE reward_statements DROP COLUMN chain_hash; "
                + "ALTER TABLE reward_statements DROP COLUMN chain_note; "
                + "DELETE FROM grdb_migrations WHERE identifier = 'v6-statement-chain'; PRAGMA user_version = 7")
        try FileManager.default.removeItem(atPath: cli.directory + "/\(key).statements")
        try cli.setup(
            ["receive", "LATE-1", "--customer", "c", "--channel", "web", "--category", "service", "--signing-key", key])
        let old = try verify(["--signing-key", key])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout.contains("the 1 issued statements are not signed"), "\(old.stdout)")
        try cli.setup(["rewards", "issue", "--month", month, "--signing-key", key])
        let signed = try verify(["--signing-key", key])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(
            signed.stdout.contains("2 issued statements chain and reproduce from the log, signed"), "\(signed.stdout)")
    }

    /// Deletes statements as an insider would, putting the trigger back after.
    func remove(_ condition: String) throws {
        try insider(
            "DROP TRIGGER statements_refuse_delete; DELETE FROM reward_statements WHERE \(condition); "
                + "CREATE TRIGGER statements_refuse_delete BEFORE DELETE ON reward_statements "
                + "BEGIN SELECT RAISE(ABORT, 'issued statements are append-only: DELETE refused'); END;")
    }

    /// Appends a copy of statement 1 as statement 2, its chain hash computed as StatementChain does
    /// (in Python: the forger needs no Redress), with `statementSHA256` if given.
    func forgeLink(statementSHA256: String?) throws {
        let script = """
            import hashlib, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            (month, asof, psha, ssha, policy, issued, signed, prev) = db.execute(
                "SELECT month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head, "
                "chain_hash FROM reward_statements WHERE sequence = 1").fetchone()
            ssha = sys.argv[2] or ssha
            issued += 60000
            h = lambda t: hashlib.sha256(t.encode()).hexdigest()
            text = "\\n".join(["redress-statement/1", "2", month, str(asof), psha, ssha, h(policy), str(issued),
                h(signed or "")])
            chain = hashlib.sha256(prev + text.encode()).digest()
            db.execute("INSERT INTO reward_statements (month, as_of_position, policy_sha256, statement_sha256, "
                "policy, issued_ms, signed_head, sequence, chain_hash) VALUES (?,?,?,?,?,?,?,2,?)",
                (month, asof, psha, ssha, policy, issued, signed, chain))
            db.commit()
            """
        let out = try CLI.execute(
            "/usr/bin/env", ["python3", "-c", script, cli.db, statementSHA256 ?? ""], directory: cli.directory)
        try #require(out.status == 0, "\(out.stderr)")
    }
}
