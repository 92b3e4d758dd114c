import Foundation
import Testing

/// Mistakes a newcomer makes get a way forward: each message names what is wrong and what to write.
@Suite struct NewcomerTests {
    let cli = CLI()

    func ledger() throws {
        try cli.setup(["generate", "--complaints", "30", "--seed", "41", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
    }

    @Test func recordCommandsNameTheFlagNotTheJSONField() throws {
        try ledger()
        let cases: [([String], String)] = [
            (["acknowledge", "C-0000001"], "redress: complaint C-0000001: --by is required for acknowledge\n"),
            (
                [
                    "compensate", "C-0000001", "--by", "kim", "--kind", "refund", "--amount", "1.234", "--currency",
                    "KRW",
                ],
                "redress: complaint C-0000001: --amount: \"1.234\" is not a decimal amount ≥ 0 "
                    + "with at most 2 fraction digits\n"
            ),
            (
                ["receive", "Q-1", "--customer", "c", "--channel", "fax", "--category", "service"],
                "redress: complaint Q-1: --channel: \"fax\" is not one of "
                    + "phone, email, web, chat, store, social, letter, other\n"
            ),
            (
                [
                    "receive", "Q-1", "--customer", "c", "--channel", "web", "--category", "service", "--remedy-sought",
                    String(repeating: "x", count: 4001),
                ],
                "redress: complaint Q-1: --remedy-sought: "
            ),
            (
                [
                    "receive", "Q-1", "--customer", "c", "--channel", "web", "--category", "service", "--at",
                    "2026-01-01",
                ],
                "redress: complaint Q-1: --at: "
            ),
        ]
        for (arguments, expected) in cases {
            let out = try cli.run(arguments)
            #expect(out.status == 1 && out.stderr.hasPrefix(expected), "\(arguments[0]): \(out.stderr)")
        }
    }

    @Test func aMistypedCommandGetsTheClosestOne() throws {
        let typo = try cli.run(["metrcs", "--month", "2026-01"])
        #expect(
            typo.status == 64
                && typo.stderr
                    == "redress: unknown command 'metrcs': did you mean `metrics`? "
                    + "(redress --help lists the commands)\n",
            "\(typo.stderr)")
        let afterDB = try cli.run(["--db", cli.db, "verfy"])
        #expect(afterDB.status == 64 && afterDB.stderr.contains("did you mean `verify`?"), "\(afterDB.stderr)")
        let far = try cli.run(["xyzzy"])
        #expect(far.status == 64 && far.stderr.contains("Unexpected argument 'xyzzy'"), "\(far.stderr)")
    }

    @Test func negativeNumbersAndMalformedAnchorsAreUsageErrors() throws {
        try ledger()
        for (arguments, message) in [
            (["export", "--after-position", "-1"], "--after-position must be ≥ 0, got -1"),
            (["replay", "C-0000001", "--as-of-position", "-3"], "--as-of-position must be ≥ 0, got -3"),
            (["metrics", "--month", "2026-01", "--as-of-position", "-1"], "--as-of-position must be ≥ 0"),
            (["acknowledge", "C-0000001", "--by", "kim", "--expect-version", "-1"], "--expect-version must be ≥ 0"),
            (["verify", "--lock-timeout", "-2"], "--lock-timeout must be a number of seconds ≥ 0"),
            (["verify", "--anchor", "nonsense"], "--anchor must be POSITION:DIGEST as verify prints it"),
        ] {
            let out = try cli.run(arguments)
            #expect(out.status == 64 && out.stderr.hasPrefix("Error: \(message)"), "\(arguments): \(out.stderr)")
        }
        // A good anchor is confirmed.
        let anchor = try #require(
            try cli.run(["verify"]).stdout.firstMatch(of: /anchor (\d+:[0-9a-f]{64})/).map { String($0.1) })
        let held = try cli.run(["verify", "--anchor", anchor])
        #expect(
            held.status == 0 && held.stdout.contains("the anchor \(anchor.prefix(anchor.count - 48))… holds"),
            "\(held.stdout)")
    }

    @Test func monthsAndStartsSayWhatIsWrong() throws {
        try ledger()
        let thirteen = try cli.run(["metrics", "--month", "2026-13"])
        #expect(
            thirteen.status == 1
                && thirteen.stderr == "redress: month \"2026-13\": the month must be 01 to 12 (YYYY-MM, e.g. 2026-01)\n"
        )
        let word = try cli.run(["rewards", "--month", "Oct"])
        #expect(
            word.status == 1
                && word.stderr
                    == "redress: month \"Oct\" is not YYYY-MM: write the year and the month in digits, e.g. 2026-10\n"
        )
        let start = try cli.run(["generate", "--start", "2026-13", "-o", "never.ndjson"])
        #expect(
            start.status == 1 && start.stderr.contains("--start: month \"2026-13\": the month must be 01 to 12"),
            "\(start.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: cli.directory + "/never.ndjson"),
            "a refused generate wrote its file")
    }

    @Test func lookupsPastTheLedgerAreRefused() throws {
        try ledger()
        let replay = try cli.run(["replay", "C-0000001", "--as-of-position", "99999"])
        #expect(
            replay.status == 1 && replay.stderr.contains("--as-of-position 99999 is past the ledger's head"),
            "\(replay.stderr)")
        let export = try cli.run(["export", "--complaint", "NOPE"])
        #expect(
            export.status == 1 && export.stderr == "redress: no complaint NOPE in this ledger\n"
                && export.stdout.isEmpty)
    }

    @Test func importingSomethingElseThanNDJSONSaysWhatImportExpects() throws {
        let array = try cli.run(["import", cli.write("events.json", #"[{"event_id":"x"}]"# + "\n")])
        #expect(
            array.status == 1
                && array.stderr.contains(
                    "this looks like a JSON array; import expects NDJSON, one event object per line, e.g. {"),
            "\(array.stderr)")
        let csv = try cli.run(["import", cli.write("events.csv", "event_id,complaint_id,type\n1,K-1,received\n")])
        #expect(csv.status == 1 && csv.stderr.contains("this looks like CSV; import expects NDJSON"), "\(csv.stderr)")
        let allRejected = try cli.run(["import", "events.csv", "--skip-invalid", "rejects.ndjson"])
        #expect(
            allRejected.status == 1
                && allRejected.stderr.contains("every one of the 2 line(s) was rejected, see rejects.ndjson"),
            "\(allRejected.stderr)")
    }

    @Test func policyTyposAndURLSchemesGetSuggestions() throws {
        try ledger()
        let policy = cli.write("policy.json", #"{"sla":{"acknowledge_second":60}}"# + "\n")
        let typo = try cli.run(["metrics", "--month", "2026-01", "--policy", policy])
        #expect(
            typo.status == 1
                && typo.stderr.hasSuffix(
                    "policy: sla.acknowledge_second: unknown key (did you mean acknowledge_seconds?)\n"),
            "\(typo.stderr)")
        let scheme = try cli.run(["--db", "mysql://host/db", "verify"])
        #expect(scheme.status == 1 && scheme.stderr.contains("unknown URL scheme mysql://"), "\(scheme.stderr)")
        let file = try cli.run(["--db", "file://" + cli.db, "verify"])
        #expect(file.status == 0 && file.stdout.hasPrefix("ok: "), "\(file.stderr)")
        let remote = try cli.run(["--db", "file://host/ledger.sqlite", "verify"])
        #expect(remote.status == 1 && remote.stderr.contains("a file: URL names a local file"), "\(remote.stderr)")
    }

    @Test func helpListsExitCodesAndCompletionsAreThere() throws {
        let help = try cli.run(["help"])
        #expect(
            help.status == 0 && help.stdout.contains("66 no ledger at the path")
                && help.stdout.contains("75 another writer"),
            "\(help.stdout)")
        let bash = try cli.run(["--generate-completion-script", "bash"])
        #expect(
            bash.status == 0 && bash.stdout.contains("complete -o filenames -F _redress redress")
                && bash.stdout.contains("metrics"))
    }

    @Test func theIndependentCheckerSaysHowToUseIt() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("tools/verify_export.py").path
        let bare = try CLI.execute("/usr/bin/env", ["python3", script], directory: cli.directory)
        #expect(
            bare.status == 1 && bare.stderr.hasPrefix("usage: tools/verify_export.py EXPORT.ndjson"), "\(bare.stderr)")
        let empty = try CLI.execute(
            "/usr/bin/env", ["python3", script, cli.write("empty.ndjson", "")], directory: cli.directory)
        #expect(empty.status == 1 && empty.stderr.contains("holds no events"), "\(empty.stderr)")
    }

    /// The statement table is a summary with totals; the per-credit items come with --items.
    @Test func theRewardsTableSumsUpAndItemsComeOnRequest() throws {
        try cli.setup(["generate", "--complaints", "300", "--seed", "42", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(cli.setup(["rewards", "--month", "2026-01", "--format", "json"]).stdout.utf8))
                as? [String: Any])
        let staff = try #require(json["staff"] as? [[String: Any]])
        try #require(!staff.isEmpty)
        func sum(_ key: String) -> Int { staff.reduce(0) { $0 + (($1[key] as? NSNumber)?.intValue ?? 0) } }
        let itemCount = staff.reduce(0) { $0 + (($1["items"] as? [Any])?.count ?? 0) }
        let table = try cli.setup(["rewards", "--month", "2026-01"]).stdout.split(separator: "\n").map(String.init)
        let total = try #require(table.first { $0.hasPrefix("total (\(staff.count) staff)") })
        let eligible = staff.filter { ($0["eligible"] as? Bool) == true }.count
        #expect(
            total.split(separator: " ").map(String.init) == [
                "total", "(\(staff.count)", "staff)", "\(sum("points"))", "\(sum("surveys"))",
                "\(eligible)", "yes", "\(sum("amount"))",
            ], "\(total)")
        #expect(!table.contains("items") && table.last?.contains("--items") == true)
        let withItems = try cli.setup(["rewards", "--month", "2026-01", "--items"]).stdout.split(separator: "\n")
        #expect(withItems.filter { $0.hasPrefix("  ") && $0.contains(" position ") }.count == itemCount)
    }

    /// rewards diff shows payroll what changes money or eligibility; --all shows every changed line.
    @Test func theDiffListsWhatChangesPayUnlessAskedForAll() throws {
        for args in [
            [
                "receive", "K-1", "--customer", "c", "--channel", "web", "--category", "service", "--at",
                "2026-01-05T10:00:00+09:00",
            ],
            ["acknowledge", "K-1", "--by", "kim", "--at", "2026-01-05T10:10:00+09:00"],
            ["close", "K-1", "--by", "kim", "--resolution", "resolved", "--at", "2026-01-06T10:00:00+09:00"],
            ["rewards", "issue", "--month", "2026-01"],
            ["follow-up", "K-1", "--by", "kim", "--satisfaction", "3", "--at", "2026-01-07T10:00:00+09:00"],
        ] {
            try cli.setup(args)
        }
        let diff = try cli.setup(["rewards", "diff", "--month", "2026-01"]).stdout
        #expect(diff.contains("totals: points 12 → 12, amount 0 → 0 KRW, eligible 0 → 0"), "\(diff)")
        #expect(diff.contains("no staff member's points, amount or eligibility would change"), "\(diff)")
        #expect(
            diff.contains("(1 other staff member(s) change only in surveys or satisfaction index: --all shows them)"),
            "\(diff)")
        let all = try cli.setup(["rewards", "diff", "--month", "2026-01", "--all"]).stdout
        #expect(all.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(all)")
        let kim = try #require(all.split(separator: "\n").first { $0.hasPrefix("kim ") })
        #expect(kim.contains("12 → 12") && kim.contains("no → no") && kim.contains("0 → 1"), "\(kim)")
    }

    /// Every command's help has examples; record commands say which flags they need.
    @Test func helpTeachesWithExamples() throws {
        let commands: [[String]] = [
            ["import"], ["export"], ["replay"], ["verify"], ["generate"], ["metrics"], ["rewards", "show"],
            ["rewards", "issue"], ["receive"], ["acknowledge"], ["assign"], ["compensate"], ["follow-up"],
            ["close"], ["reopen"],
        ]
        for command in commands {
            let help = try cli.run(command + ["--help"])
            let invocation =
                command == ["rewards", "show"]
                ? "redress rewards --month" : "redress " + command.joined(separator: " ") + " "
            #expect(
                help.status == 0 && help.stdout.contains("Example") && help.stdout.contains(invocation),
                "\(command): \(help.stdout.prefix(200))")
        }
        #expect(try cli.run(["assign", "--help"]).stdout.contains("Required: COMPLAINT, --by STAFF, --to STAFF."))
        #expect(
            try cli.run(["receive", "--help"]).stdout.contains("Required: COMPLAINT, --customer, --channel, --category")
        )
    }

    @Test func anEmptyMonthSaysSoAndNamesTheMonthsTheLedgerCovers() throws {
        try cli.setup([
            "generate", "--complaints", "60", "--months", "2", "--start", "2026-01", "--seed", "5", "-o", "in.ndjson",
        ])
        try cli.setup(["import", "in.ndjson"])
        let metrics = try cli.run(["metrics", "--month", "2026-07"])
        #expect(metrics.status == 0 && metrics.stdout.contains("complaints 0"))
        #expect(
            metrics.stderr
                == "redress: no complaints were received in 2026-07 (Asia/Seoul); "
                + "this ledger's complaints were received from 2026-01 to 2026-02\n",
            "\(metrics.stderr)")
        let rewards = try cli.run(["rewards", "--month", "2025-12"])
        #expect(
            rewards.status == 0
                && rewards.stderr.hasPrefix(
                    "redress: no credits were earned in 2025-12 (Asia/Seoul); this ledger's complaints"),
            "\(rewards.stderr)")
        let json = try cli.run(["metrics", "--month", "2026-07", "--format", "json"])
        #expect(json.stderr.isEmpty, "JSON output is for scripts: no note")
        let empty = CLI()
        try empty.setup([
            "receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other", "--at",
            "2026-03-01T10:00:00+09:00",
        ])
        #expect(try empty.run(["metrics", "--month", "2026-04"]).stderr.contains("were received in 2026-03"))
    }

    /// One exported complaint goes into another ledger: restored as it was (only into an empty
    /// ledger), or with --plain as new events beside whatever that ledger holds.
    @Test func oneComplaintCopiesIntoAnotherLedger() throws {
        try ledger()
        let restore = try cli.setup(["export", "--complaint", "C-0000002"]).stdout
        let other = CLI()
        try other.setup(["receive", "MINE-1", "--customer", "c", "--channel", "web", "--category", "other"])
        let refused = try other.run(["import", "-"], stdin: restore)
        #expect(refused.status == 1 && refused.stderr.contains("restored position disagrees"), "\(refused.stderr)")
        let plain = try cli.setup(["export", "--complaint", "C-0000002", "--plain"]).stdout
        #expect(!plain.contains("\"hash\"") && !plain.contains("\"position\""))
        let copied = try other.run(["import", "-"], stdin: plain)
        #expect(copied.status == 0 && copied.stdout.contains("appended"), "\(copied.stderr)")
        let a = try cli.setup(["export", "--complaint", "C-0000002", "--plain"]).stdout
        let b = try other.setup(["export", "--complaint", "C-0000002", "--plain"]).stdout
        #expect(a == b && !a.isEmpty)
        #expect(try other.run(["verify"]).status == 0)
    }

    /// Long work shows progress on a terminal (a real pseudo-terminal, through util-linux `script`),
    /// and escape codes never reach a pipe or a NO_COLOR terminal.
    @Test func longWorkShowsProgressOnlyOnATerminal() throws {
        try cli.setup(["generate", "--complaints", "6000", "--seed", "8", "-o", "in.ndjson"])
        func onTerminal(_ command: String, noColor: Bool = false) throws -> String {
            let out = try CLI.execute(
                "/usr/bin/script", ["-qec", "\(CLI.binary) --db \(cli.db) \(command)", "/dev/null"],
                directory: cli.directory,
                environment: ["NO_COLOR": noColor ? "1" : "", "TERM": "xterm"])
            #expect(out.status == 0, "\(command): \(out.stdout)")
            return out.stdout
        }
        let imported = try onTerminal("import in.ndjson")
        #expect(
            imported.contains("importing: ") && imported.contains("% of in.ndjson") && imported.contains("s left"),
            "\(imported)")
        let rebuilt = try onTerminal("projections rebuild")
        // A position short of the head: progress while the rebuild runs, not only its end.
        let progress = rebuilt.matches(of: /rebuilding: position (\d+) of (\d+)/).map { (Int($0.1)!, Int($0.2)!) }
        #expect(progress.contains { $0.0 < $0.1 }, "\(rebuilt)")
        let generated = try onTerminal("generate --complaints 4000 -o more.ndjson")
        #expect(generated.contains("generating: 10000 events"), "\(generated)")
        let plain = try onTerminal("projections rebuild", noColor: true)
        #expect(!plain.contains("\u{1B}") && !plain.contains("rebuilding:"), "\(plain)")
        let piped = try cli.run(["projections", "rebuild"])
        #expect(!piped.stderr.contains("\u{1B}") && !piped.stdout.contains("\u{1B}"))
    }

    /// The generator's defaults make a statement that shows the policy at work: some staff eligible,
    /// some not, amounts that differ, nobody forced to the cap; and the tables fit 100 columns.
    @Test func theDefaultSampleShowsThePolicyAtWorkInTablesThatFit() throws {
        try cli.setup(["generate", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(cli.setup(["rewards", "--month", "2026-02", "--format", "json"]).stdout.utf8))
                as? [String: Any])
        let staff = try #require(json["staff"] as? [[String: Any]])
        let eligible = staff.filter { ($0["eligible"] as? Bool) == true }
        let amounts = Set(eligible.compactMap { ($0["amount"] as? NSNumber)?.intValue })
        #expect(!eligible.isEmpty && eligible.count < staff.count, "\(eligible.count) of \(staff.count) eligible")
        #expect(amounts.count > 1 && !amounts.allSatisfy { $0 == 500_000 }, "\(amounts)")
        for command in [
            ["metrics", "--month", "2026-02"], ["rewards", "--month", "2026-02"],
            ["rewards", "--month", "2026-02", "--items"],
        ] {
            let wide = try cli.setup(command).stdout.split(separator: "\n").filter { $0.count > 100 }
            #expect(wide.isEmpty, "\(command): \(wide)")
        }
    }
}
