import Foundation
import Redress
import Testing

@Suite struct ReportCLITests {
    let cli = CLI()
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func validate(_ schema: String, _ file: String) throws -> CLI.Output {
        try CLI.execute(
            "/usr/bin/env",
            [
                "python3", root.appendingPathComponent("tools/validate_ndjson.py").path,
                root.appendingPathComponent("Schemas/\(schema)").path, cli.directory + "/" + file,
            ], directory: cli.directory)
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
        #expect(csv[0].hasPrefix("group,value,complaints,open,reopened,paused,acknowledge_n,acknowledge_p50_seconds"))
        #expect(csv[1].hasPrefix("month,2026-01,"))
        #expect(Set(csv.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }).count == 1)
        let statement = try cli.run(["rewards", "--month", "2026-01"])
        #expect(statement.stdout.hasPrefix("Reward statement for 2026-01 (Asia/Seoul)"))
        #expect(
            try cli.run(["rewards", "show", "--month", "2026-01", "--format", "csv"]).stdout.hasPrefix(
                "staff,points,amount,eligible"))
    }

    @Test func badPolicyAndMonthAreOneLineErrors() throws {
        try cli.setup([
            "receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other", "--at",
            "2026-01-05T10:00:00+09:00",
        ])
        _ = cli.write("policy.json", #"{"sla":{"acknowledge_seconds":"fast"}}"#)
        let bad = try cli.run(["metrics", "--month", "2026-01", "--policy", "policy.json"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr == "redress: policy.json: policy: sla.acknowledge_seconds: must be an integer, not a string\n")
        let month = try cli.run(["rewards", "--month", "2026-13"])
        #expect(month.status == 1 && month.stderr.contains("month \"2026-13\": the month must be 01 to 12"))
        let past = try cli.run(["metrics", "--month", "2026-01", "--as-of-position", "5"])
        #expect(past.status == 1 && past.stderr.contains("past the ledger's head 1"))
        _ = cli.write("ny.json", #"{"timezone":"America/New_York","currency":"USD"}"#)
        let ok = try cli.run(["rewards", "--month", "2026-01", "--policy", "ny.json", "--format", "json"])
        #expect(ok.stdout.contains(#""timezone":"America/New_York","as_of_position":1,"currency":"USD""#))
    }

    @Test func issueAndDiffFromTheCommandLine() throws {
        try cli.setup([
            "receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other", "--at",
            "2026-01-05T10:00:00+09:00",
        ])
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
        #expect(
            current.first { $0.hasPrefix("recovery:") }?.hasSuffix("lag 0 event(s), generation 1") == true, "\(current)"
        )
        #expect(
            current.first { $0.hasPrefix("rewards:") }?.hasSuffix("lag 0 event(s), generation 1") == true, "\(current)")
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
            let building = try cli.sqlite(
                "SELECT coalesce(building_position, 0) FROM projections WHERE name = 'recovery'"
            ).stdout
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

    /// A JSON value as the text a table or CSV cell would show (`""` for null).
    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let number as NSNumber: return number.stringValue
        case let string as String: return string
        default: return "\(value!)"
        }
    }

    /// Every number of the CSV and table outputs, read back and compared with the JSON, cell by cell.
    @Test func tablesAndCSVAgreeWithTheJSONNumberByNumber() throws {
        try cli.setup(["generate", "--complaints", "400", "--seed", "33", "--months", "2", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(cli.setup(["metrics", "--month", "2026-01", "--format", "json"]).stdout.utf8))
                as? [String: Any])
        func group(_ kind: String, _ value: String) throws -> [String: Any] {
            if kind == "month" { return json }
            return try #require((json["by_" + kind] as? [String: Any])?[value] as? [String: Any], "\(kind) \(value)")
        }
        let metrics = ["acknowledge", "compensate", "close", "final_close", "follow_up"]
        // CSV: one row per group, every column.
        let csv = try cli.setup(["metrics", "--month", "2026-01", "--format", "csv"]).stdout.split(separator: "\n").map
        { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(csv.first)
        #expect(
            csv.count == 1 + 1 + ((json["by_channel"] as? [String: Any])?.count ?? 0)
                + ((json["by_category"] as? [String: Any])?.count ?? 0)
                + ((json["by_severity"] as? [String: Any])?.count ?? 0))
        var cells = 0
        for row in csv.dropFirst() {
            try #require(row.count == header.count)
            let g = try group(row[0], row[1])
            for (name, cell) in zip(header, row).dropFirst(2) {
                let expected: Any?
                if let m = metrics.first(where: {
                    name.hasPrefix($0 + "_") && !(name.hasPrefix("final_close") && $0 == "close")
                }) {
                    let field = String(name.dropFirst(m.count + 1))
                    let figures = g[m] as? [String: Any]
                    if field.hasPrefix("sla_elapsed_") {
                        expected =
                            (figures?["sla_elapsed"] as? [String: Any])?[
                                String(field.dropFirst("sla_elapsed_".count))]
                    } else {
                        expected = figures?[field]
                    }
                } else if name.hasPrefix("satisfaction_") || name == "csat_percent" {
                    expected =
                        (g["satisfaction"] as? [String: Any])?[
                            name == "csat_percent" ? name : String(name.dropFirst("satisfaction_".count))]
                } else {
                    expected = g[name]
                }
                #expect(
                    cell == Self.text(expected), "\(row[0]) \(row[1]) \(name): csv \(cell), json \(Self.text(expected))"
                )
                cells += 1
            }
        }
        #expect(cells > 200)
        // Table: the counts, SLA figures and durations of the month.
        let table = try cli.setup(["metrics", "--month", "2026-01"]).stdout.split(separator: "\n").map(String.init)
        #expect(
            table[1]
                == "complaints \(Self.text(json["complaints"])) · open \(Self.text(json["open"])) · "
                + "reopened \(Self.text(json["reopened"])) · paused \(Self.text(json["paused"]))"
        )
        func duration(_ seconds: Any?) -> String {
            guard let number = seconds as? NSNumber else { return "—" }
            return DurationText.format(milliseconds: Int64((number.doubleValue * 1000).rounded()))
        }
        for m in metrics {
            let row = try #require(table.first { $0.hasPrefix(m + " ") }).split(separator: " ").map(String.init)
            let f = try #require(json[m] as? [String: Any])
            // Durations print as two words ("1h 05m"): rebuild the cells from the JSON and compare the whole row.
            var expected = [m, Self.text(f["n"])]
            for key in ["p50_seconds", "p90_seconds", "p99_seconds", "max_seconds", "mean_seconds"] {
                expected += duration(f[key]).split(separator: " ").map(String.init)
            }
            if let sla = f["sla_seconds"] {
                expected += duration(sla).split(separator: " ").map(String.init)
                expected += [Self.text(f["sla_met"]), Self.text(f["sla_breached"]), Self.text(f["sla_pending"])]
            }
            #expect(row == expected, "\(m)")
        }
        // Rewards: table and CSV against the statement's JSON.
        let rewards = try #require(
            try JSONSerialization.jsonObject(
                with: Data(cli.setup(["rewards", "--month", "2026-01", "--format", "json"]).stdout.utf8))
                as? [String: Any])
        let staff = try #require(rewards["staff"] as? [[String: Any]])
        try #require(!staff.isEmpty)
        let rcsv = try cli.setup(["rewards", "--month", "2026-01", "--format", "csv"]).stdout.split(separator: "\n")
            .dropFirst()
        try #require(rcsv.count == staff.count)
        let rtable = try cli.setup(["rewards", "--month", "2026-01"]).stdout.split(separator: "\n").map(String.init)
        for (line, s) in zip(rcsv, staff) {
            let items = (s["items"] as? [Any])?.count ?? -1
            let expected = [
                Self.text(s["staff"]), Self.text(s["points"]), Self.text(s["amount"]),
                (s["eligible"] as? Bool) == true ? "true" : "false", Self.text(s["surveys"]),
                Self.text(s["satisfaction_mean"]), Self.text(s["satisfaction_index"]), "\(items)",
            ]
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) == expected)
            let row = try #require(rtable.first { $0.hasPrefix(Self.text(s["staff"]) + " ") }).split(separator: " ")
                .map(String.init)
            let eligible = (s["eligible"] as? Bool) == true ? "yes" : "no"
            let index = s["satisfaction_index"] is NSNull ? "null" : Self.text(s["satisfaction_index"])
            let mean = s["satisfaction_mean"] is NSNull ? "null" : Self.text(s["satisfaction_mean"])
            #expect(
                row == [
                    Self.text(s["staff"]), Self.text(s["points"]), Self.text(s["surveys"]), mean, index, eligible,
                    Self.text(s["amount"]),
                ],
                "\(row)")
        }
    }
}
