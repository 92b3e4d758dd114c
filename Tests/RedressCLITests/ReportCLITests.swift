import Foundation
import Testing

@Suite struct ReportCLITests {
    let cli = CLI()
    var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    func validate(_ schema: String, _ file: String) throws -> CLI.Output {
        try CLI.execute("/usr/bin/env", ["python3", root.appendingPathComponent("tools/validate_ndjson.py").path,
                                         root.appendingPathComponent("Schemas/\(schema)").path, cli.directory + "/" + file], directory: cli.directory)
    }

    @Test func metricsAndRewardsInEveryFormatValidateAndReproduce() throws {
        try cli.setup(["generate", "--complaints", "400", "--seed", "31", "--months", "2", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        let metrics = try cli.run(["metrics", "--month", "2026-01", "--format", "json"])
        #expect(metrics.status == 0, "\(metrics.stderr)")
        _ = cli.write("metrics.json", metrics.stdout)
        #expect(try validate("metrics.schema.json", "metrics.json").status == 0)
        let rewards = try cli.run(["rewards", "--month", "2026-01", "--format", "json"])
        _ = cli.write("rewards.json", rewards.stdout)
        let check = try validate("rewards.schema.json", "rewards.json")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try cli.run(["rewards", "--month", "2026-01", "--format", "json"]).stdout == rewards.stdout)

        let table = try cli.run(["metrics", "--month", "2026-01"])
        #expect(table.stdout.contains("acknowledge") && table.stdout.contains("by channel"))
        #expect(table.stdout.range(of: #"\d+h \d\dm|\d+m \d\ds"#, options: .regularExpression) != nil)
        let csv = try cli.run(["metrics", "--month", "2026-01", "--format", "csv"]).stdout.split(separator: "\n")
        #expect(csv[0].hasPrefix("group,value,complaints,open,reopened,acknowledge_n,acknowledge_p50_seconds"))
        #expect(csv[1].hasPrefix("month,2026-01,"))
        #expect(Set(csv.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }).count == 1)
        let statement = try cli.run(["rewards", "--month", "2026-01"])
        #expect(statement.stdout.hasPrefix("Reward statement for 2026-01 (Asia/Seoul)"))
        #expect(try cli.run(["rewards", "show", "--month", "2026-01", "--format", "csv"]).stdout.hasPrefix("staff,points,amount,eligible"))
    }

    @Test func badPolicyAndMonthAreOneLineErrors() throws {
        try cli.setup(["receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other", "--at", "2026-01-05T10:00:00+09:00"])
        _ = cli.write("policy.json", #"{"sla":{"acknowledge_seconds":"fast"}}"#)
        let bad = try cli.run(["metrics", "--month", "2026-01", "--policy", "policy.json"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "redress: policy.json: policy: sla.acknowledge_seconds: must be an integer, not a string\n")
        let month = try cli.run(["rewards", "--month", "2026-13"])
        #expect(month.status == 1 && month.stderr.contains("month \"2026-13\" is not YYYY-MM"))
        let past = try cli.run(["metrics", "--month", "2026-01", "--as-of-position", "5"])
        #expect(past.status == 1 && past.stderr.contains("past the ledger's head 1"))
        _ = cli.write("ny.json", #"{"timezone":"America/New_York","currency":"USD"}"#)
        let ok = try cli.run(["rewards", "--month", "2026-01", "--policy", "ny.json", "--format", "json"])
        #expect(ok.stdout.contains(#""timezone":"America/New_York","as_of_position":1,"currency":"USD""#))
    }

    @Test func issueAndDiffFromTheCommandLine() throws {
        try cli.setup(["receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other", "--at", "2026-01-05T10:00:00+09:00"])
        try cli.setup(["acknowledge", "K-1", "--by", "kim", "--at", "2026-01-05T10:10:00+09:00"])
        let issued = try cli.run(["rewards", "issue", "--month", "2026-01"])
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stdout.hasPrefix("issued 2026-01 as of position 2: statement sha256 "))
        try cli.setup(["close", "K-1", "--by", "kim", "--resolution", "resolved", "--at", "2026-01-06T10:00:00+09:00"])
        let diff = try cli.run(["rewards", "diff", "--month", "2026-01"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("kim") && diff.stdout.contains("2 → 12"))
        #expect(diff.stdout.contains("late: position 3 K-1 closed_resolved +10"))
        let json = try cli.run(["rewards", "diff", "--month", "2026-01", "--format", "json"])
        #expect(json.stdout.contains(#""late_items":[{"position":3,"#))
        // The issued record is append-only in the database itself.
        let tamper = try cli.sqlite("UPDATE reward_statements SET as_of_position = 3")
        #expect(tamper.status != 0 && tamper.stderr.contains("append-only"))
        let none = try cli.run(["rewards", "diff", "--month", "2026-02"])
        #expect(none.status == 1 && none.stderr.contains("no statement has been issued for 2026-02"))
    }

    @Test func statusRebuildAndAKilledRebuildLeavesTheOldView() throws {
        try cli.setup(["generate", "--complaints", "10000", "--seed", "32", "--months", "2", "-o", "in.ndjson"])
        #expect(try cli.run(["import", "in.ndjson"]).status == 0)
        // The import brought both projections up to its head in the same transaction.
        let current = try cli.run(["projections", "status"]).stdout.split(separator: "\n")
        #expect(current.first { $0.hasPrefix("recovery:") }?.hasSuffix("lag 0 event(s), generation 1") == true, "\(current)")
        #expect(current.first { $0.hasPrefix("rewards:") }?.hasSuffix("lag 0 event(s), generation 1") == true, "\(current)")
        let before = try cli.run(["metrics", "--month", "2026-01", "--format", "json"]).stdout

        // Start a rebuild and kill -9 it once its first batch has committed.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["--db", cli.db, "projections", "rebuild", "recovery"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var killedMidway = false
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            let building = try cli.sqlite("SELECT coalesce(building_position, 0) FROM projections WHERE name = 'recovery'").stdout
            if let position = Int(building.trimmingCharacters(in: .whitespacesAndNewlines)), position > 0 {
                kill(process.processIdentifier, SIGKILL)
                killedMidway = true
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        #expect(killedMidway, "the rebuild finished before it could be interrupted")
        let stopped = try cli.run(["projections", "status"]).stdout
        #expect(stopped.contains("generation 1; rebuild of generation 2 stopped at position"), "\(stopped)")
        #expect(try cli.run(["metrics", "--month", "2026-01", "--format", "json"]).stdout == before)

        let rebuilt = try cli.run(["projections", "rebuild"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.hasPrefix("rebuilt all projections to position "))
        let after = try cli.run(["projections", "status"]).stdout
        #expect(after.contains("recovery: position") && after.contains("lag 0 event(s), generation 3"))
        #expect(!after.contains("stopped"))
        #expect(try cli.run(["metrics", "--month", "2026-01", "--format", "json"]).stdout == before)
        let unknown = try cli.run(["projections", "rebuild", "nope"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown projection nope"))
    }
}
