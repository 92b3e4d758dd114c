import Foundation
import Testing

/// A team lead's first hour (issue 33, items 4–6): mistakes that do not pass silently, suggestions
/// below the first word and for complaint ids, and help and output that read well.
@Suite struct FirstHourTests {
    let cli = CLI()

    func ledger() throws {
        try cli.setup(["generate", "--complaints", "30", "--seed", "41", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
    }

    /// One complaint received, acknowledged and closed in January 2026 by kim (positions 1–3).
    func january() throws {
        for args in [
            [
                "receive", "K-1", "--customer", "c", "--channel", "web", "--category", "service", "--at",
                "2026-01-05T10:00:00+09:00",
            ],
            ["acknowledge", "K-1", "--by", "kim", "--at", "2026-01-05T10:10:00+09:00"],
            ["close", "K-1", "--by", "kim", "--resolution", "resolved", "--at", "2026-01-06T10:00:00+09:00"],
        ] {
            try cli.setup(args)
        }
    }

    /// Display columns, Hangul and other wide characters counting two.
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { sum, scalar in
            let v = scalar.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }

    // MARK: 4. Mistakes that should not pass silently

    @Test func aWriteThatCreatesTheLedgerSaysWhereAndAReadOnNoneSaysHowToNameOne() throws {
        let noDB = ["REDRESS_DB": ""]
        let read = try cli.run(["verify"], environment: noDB)
        #expect(
            read.status == 66 && read.stderr == "redress: no ledger at ./redress.sqlite (set --db or REDRESS_DB)\n",
            "\(read.stderr)")
        let receive = ["receive", "K-1", "--customer", "c", "--channel", "web", "--category", "service"]
        let first = try cli.run(receive, environment: noDB)
        #expect(
            first.status == 0 && first.stderr == "redress: created a new ledger at ./redress.sqlite\n",
            "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.directory + "/redress.sqlite"))
        let second = try cli.run(["acknowledge", "K-1", "--by", "kim"], environment: noDB)
        #expect(second.status == 0 && second.stderr.isEmpty, "only the write that creates it says so: \(second.stderr)")
        // Any write that creates a ledger file: an import into a new --db path too.
        try cli.setup(["generate", "--complaints", "3", "-o", "in.ndjson"])
        let path = cli.directory + "/other.sqlite"
        let imported = try cli.run(["--db", path, "import", "in.ndjson"])
        #expect(
            imported.status == 0 && imported.stderr == "redress: created a new ledger at \(path)\n",
            "\(imported.stderr)")
        // A refused write says only why (the file it made is still a ledger, empty).
        let refused = try cli.run(["--db", cli.directory + "/third.sqlite", "import", "nope.ndjson"])
        #expect(refused.stderr == "redress: cannot open nope.ndjson: No such file or directory\n")
    }

    @Test func issuingAMonthAgainRecordsNothingUnlessTheStatementChanged() throws {
        try january()
        func statements() throws -> String {
            try cli.sqlite("SELECT count(*) FROM reward_statements").stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        let issued = try cli.setup(["rewards", "issue", "--month", "2026-01"])
        #expect(issued.stdout.hasPrefix("issued 2026-01 as of position 3: statement sha256 "), "\(issued.stdout)")
        let digest = try #require(issued.stdout.firstMatch(of: /statement sha256 ([0-9a-f]{64})/).map { String($0.1) })
        let again = try cli.run(["rewards", "issue", "--month", "2026-01"])
        #expect(
            again.status == 0
                && again.stdout
                    == "2026-01 was already issued at position 3 with the same digest "
                    + "(statement sha256 \(digest)): nothing recorded\n"
                && again.stderr.isEmpty,
            "\(again.stdout) \(again.stderr)")
        #expect(try statements() == "1")
        // A late event changes the statement: recorded, and it says what it supersedes.
        try cli.setup(["follow-up", "K-1", "--by", "kim", "--satisfaction", "4", "--at", "2026-01-07T10:00:00+09:00"])
        let changed = try cli.run(["rewards", "issue", "--month", "2026-01"])
        #expect(changed.status == 0 && changed.stdout.hasPrefix("issued 2026-01 as of position 4: "), "\(changed)")
        #expect(
            changed.stderr
                == "redress: this supersedes the statement of 2026-01 issued at position 3 "
                + "(statement sha256 \(digest.prefix(16))…); rewards diff now compares with this one\n",
            "\(changed.stderr)")
        #expect(try statements() == "2")
        // `rewards diff` compares with the latest statement (position 4, the new digest), not the first:
        // the follow-up is in it, so nothing is late; against the first it would be one event later.
        let newDigest = try #require(changed.stdout.firstMatch(of: /statement sha256 ([0-9a-f]{64})/).map { $0.1 })
        #expect(newDigest != digest)
        let diff = try cli.setup(["rewards", "diff", "--month", "2026-01"]).stdout
        #expect(
            diff.hasPrefix("Statement for 2026-01 issued at position 4 (sha256 \(newDigest.prefix(16))…, reproduces)")
                && diff.contains("head is at position 4: 0 event(s) later"),
            "\(diff)")
        let json = try cli.setup(["rewards", "diff", "--month", "2026-01", "--format", "json"]).stdout
        #expect(json.contains(#""issued_as_of_position":4"#), "\(json)")
        let help = try cli.run(["rewards", "issue", "--help"]).stdout
        #expect(help.contains("Issuing a month again is not an error"), "\(help)")
    }

    // MARK: 5. Suggestions one level down, and for ids

    @Test func aMistypedSubcommandOrOptionGetsTheClosestOne() throws {
        try ledger()
        let issue = try cli.run(["rewards", "isue", "--month", "2026-01"])
        #expect(
            issue.status == 64
                && issue.stderr
                    == "redress: unknown command 'rewards isue': did you mean `rewards issue`? "
                    + "(redress rewards --help lists its commands)\n",
            "\(issue.stderr)")
        let rebuild = try cli.run(["projections", "rebuld"])
        #expect(
            rebuild.status == 64 && rebuild.stderr.contains("did you mean `projections rebuild`?"), "\(rebuild.stderr)")
        let month = try cli.run(["metrics", "--mnth", "2026-01"])
        #expect(
            month.status == 64 && month.stderr.hasPrefix("Error: Unknown option '--mnth'. Did you mean '--month'?\n")
                && !month.stderr.contains("Missing"),
            "\(month.stderr)")
        let rewardsMonth = try cli.run(["rewards", "--mnth", "2026-01"])
        #expect(
            rewardsMonth.status == 64 && rewardsMonth.stderr.contains("Did you mean '--month'?")
                && rewardsMonth.stderr.contains("See 'redress rewards show --help'"),
            "\(rewardsMonth.stderr)")
        let far = try cli.run(["metrics", "--zzzzzz", "2026-01"])
        #expect(
            far.status == 64 && far.stderr.hasPrefix("Error: Unknown option '--zzzzzz'.\n"), "\(far.stderr)")
        // What was right stays right: = forms, the options readers still accept, values after --.
        #expect(try cli.run(["metrics", "--month=2026-01"]).status == 0)
        #expect(try cli.run(["metrics", "--month", "2026-01", "--lock-timeout", "5"]).status == 0)
        #expect(try cli.run(["rewards", "--month", "2026-01"]).status == 0)
        #expect(try cli.run(["--db", cli.db, "projections", "status"]).status == 0)
    }

    @Test func aComplaintIdOneZeroShortGetsTheOneThatExists() throws {
        try ledger()
        let replay = try cli.run(["replay", "C-000001"])
        #expect(
            replay.status == 1 && replay.stderr == "redress: no complaint C-000001; did you mean C-0000001?\n",
            "\(replay.stderr)")
        let lower = try cli.run(["replay", "c-0000002"])
        #expect(lower.stderr == "redress: no complaint c-0000002; did you mean C-0000002?\n", "\(lower.stderr)")
        let export = try cli.run(["export", "--complaint", "C00000003"])
        #expect(
            export.status == 1
                && export.stderr == "redress: no complaint C00000003 in this ledger; did you mean C-0000003?\n",
            "\(export.stderr)")
        // Nothing near: as before.
        #expect(try cli.run(["replay", "NOPE"]).stderr == "redress: complaint NOPE has no events\n")
        let never = try cli.run(["acknowledge", "NOPE-1", "--by", "kim"])
        #expect(
            never.status == 1
                && never.stderr.contains(
                    "there is no received event for it [rule needs-received]; receive it first "
                        + "(redress receive NOPE-1 --customer … --channel … --category …)"),
            "\(never.stderr)")
        let near = try cli.run(["acknowledge", "C-000001", "--by", "kim"])
        #expect(
            near.status == 1 && near.stderr.contains("did you mean C-0000001? If not, receive it first"),
            "\(near.stderr)")
    }

    @Test func importSaysWhatItWasGivenWhenItIsNotNDJSON() throws {
        let pretty = cli.write(
            "pretty.json",
            """
            {
              "event_id": "019b7507-849d-7ed9-b409-dc9828b04e0b",
              "complaint_id": "Z-1",
              "type": "received"
            }

            """)
        let jq = try cli.run(["import", pretty])
        #expect(
            jq.status == 1 && jq.stderr.contains("this looks like pretty-printed JSON")
                && jq.stderr.contains("jq -c . FILE writes it"),
            "\(jq.stderr)")
        let markdown = try cli.run(["import", cli.write("notes.md", "# Complaints, January\n\nSome text.\n")])
        #expect(
            markdown.status == 1 && markdown.stderr.contains("this looks like Markdown; import expects NDJSON"),
            "\(markdown.stderr)")
        try FileManager.default.createDirectory(atPath: cli.directory + "/exports", withIntermediateDirectories: false)
        let folder = try cli.run(["import", "exports"])
        #expect(
            folder.status == 1
                && folder.stderr.contains("cannot read exports: Is a directory; import reads one NDJSON file")
                && folder.stderr.contains("cat exports/*.ndjson | redress import -"),
            "\(folder.stderr)")
    }

    // MARK: 6. Help and output polish

    /// Examples are never broken onto an orphan line: a line after an example is another example
    /// (indented) or a new sentence.
    @Test func helpExamplesFitTheirLines() throws {
        let commands: [[String]] = [
            ["export"], ["receive"], ["acknowledge"], ["assign"], ["compensate"], ["follow-up"], ["pause"],
            ["resume"], ["close"], ["reopen"], ["replay"], ["verify"], ["keys", "create"], ["keys", "show"],
            ["projections", "status"], ["projections", "rebuild"], ["metrics"], ["due"], ["rewards", "show"],
            ["rewards", "issue"], ["rewards", "diff"], ["report"], ["migrate"], ["admin", "init-postgres"],
            ["serve"], ["tokens"], ["tokens", "create"], ["generate"], ["import"], ["complaints"],
        ]
        for command in commands {
            let help = try cli.run(command + ["--help"])
            let lines = help.stdout.components(separatedBy: "\nUSAGE:")[0].split(separator: "\n")
            for (previous, line) in zip(lines, lines.dropFirst())
            where previous.hasPrefix("  ") && !line.hasPrefix(" ") {
                #expect(line.first?.isUppercase == true, "\(command): an orphan line \"\(line)\" after \"\(previous)\"")
            }
        }
        let metrics = try cli.run(["metrics", "--help"]).stdout
        #expect(metrics.contains("\n  redress metrics --month 2026-03 --as-of-position 52000   # as it stood then\n"))
    }

    @Test func readersShowOnlyTheFlagsThatMeanSomethingToThem() throws {
        func usage(_ command: [String]) throws -> String {
            let help = try cli.run(command + ["--help"]).stdout
            return String(try #require(help.split(separator: "\n").first { $0.hasPrefix("USAGE:") }))
        }
        for reader: [String] in [
            ["export"], ["replay"], ["metrics"], ["due"], ["rewards", "show"], ["rewards", "diff"],
            ["projections", "status"], ["report"], ["tokens", "list"], ["verify"],
        ] {
            let line = try usage(reader)
            #expect(!line.contains("--lock-timeout"), "\(reader): \(line)")
            #expect(line.contains("--signing-key") == (reader == ["verify"]), "\(reader): \(line)")
        }
        for writer: [String] in [["close"], ["import"], ["rewards", "issue"], ["projections", "rebuild"]] {
            let line = try usage(writer)
            #expect(line.contains("--lock-timeout") && line.contains("--signing-key"), "\(writer): \(line)")
        }
    }

    /// A record command that needs --by shows it as required, as its help says, and its usage names
    /// every option the command takes.
    @Test func theUsageOfARecordCommandAgreesWithItsHelp() throws {
        for command in ["acknowledge", "assign", "compensate", "follow-up", "pause", "close"] {
            let help = try cli.run([command, "--help"]).stdout
            let usage = try #require(help.split(separator: "\n").first { $0.hasPrefix("USAGE:") })
            #expect(
                usage.hasPrefix("USAGE: redress \(command) <complaint> --by <by> ") && !usage.contains("[--by"),
                "\(usage)")
            #expect(help.contains("Required: COMPLAINT, --by STAFF"), "\(command)")
            let options = help.components(separatedBy: "OPTIONS:").last ?? ""
            for option in Set(options.matches(of: /(?m)^\s+(?:-[a-z], )?(--[a-z-]+)/).map { String($0.1) })
            where !["--help", "--version"].contains(option) {
                #expect(usage.contains(option + " "), "\(command): \(option) is not in \(usage)")
            }
        }
        for command in ["receive", "resume", "reopen"] {
            let help = try cli.run([command, "--help"]).stdout
            let usage = try #require(help.split(separator: "\n").first { $0.hasPrefix("USAGE:") })
            #expect(!usage.replacing("[--by <by>]", with: "").contains("--by"), "\(usage)")
            #expect(help.contains("--by optional"), "\(command)")
        }
    }

    @Test func helpExitCodesPrintsTheExitCodes() throws {
        let out = try cli.run(["help", "exit-codes"])
        #expect(out.status == 0 && out.stdout.hasPrefix("Exit status of every redress command:\n"), "\(out.stdout)")
        for code in [
            "0   success", "1   rejected input", "3   conflict", "4   verification failed", "64  usage error",
            "66  no ledger at the path", "75  another writer held the lock",
        ] {
            #expect(out.stdout.contains("\n  \(code)"), "\(code)")
        }
        #expect(!out.stdout.contains("OVERVIEW") && !out.stdout.contains("SUBCOMMANDS"))
    }

    @Test func eventTypesTakeTheirArticle() throws {
        let acknowledged =
            #"{"event_id":"019b7507-849d-7ed9-b409-dc9828b04e0b","complaint_id":"Z-1","type":"acknowledged","#
            + #""occurred_at":"2026-01-01T00:00:00Z","data":{}}"#
        let out = try cli.run(["import", "-"], stdin: acknowledged + "\n")
        #expect(out.status == 1 && out.stderr.contains("actor: is required on an acknowledged event"), "\(out.stderr)")
        let assigned =
            #"{"event_id":"019b7507-849d-7ed9-b409-dc9828b04e0c","complaint_id":"Z-1","type":"assigned","#
            + #""occurred_at":"2026-01-01T00:00:00Z","actor":"kim","data":{"to":"lee","bogus":1}}"#
        let field = try cli.run(["import", "-"], stdin: assigned + "\n")
        #expect(field.stderr.contains("data.bogus: unknown field for an assigned event"), "\(field.stderr)")
        let received = try cli.run(["import", "-"], stdin: acknowledged.replacing("acknowledged", with: "received"))
        #expect(!received.stderr.contains(" a acknowledged") && !received.stderr.contains("an received"))
    }

    @Test func aMonthWithoutRatingsSaysSoInTables() throws {
        try january()
        let table = try cli.setup(["rewards", "--month", "2026-01"]).stdout
        #expect(table.contains("· 0 surveys · no ratings\n") && !table.contains("mean rating null"), "\(table)")
        try cli.setup(["rewards", "issue", "--month", "2026-01"])
        try cli.setup(["follow-up", "K-1", "--by", "kim", "--satisfaction", "4", "--at", "2026-01-07T10:00:00+09:00"])
        let diff = try cli.setup(["rewards", "diff", "--month", "2026-01"]).stdout
        #expect(diff.contains("month mean rating — → 4") && !diff.contains("mean rating null"), "\(diff)")
    }

    /// The replay fits 100 columns, however long its text and however many durations it has reached.
    @Test func theReplayFitsOneHundredColumns() throws {
        let summary = String(repeating: "배송이 늦었고 포장이 파손되어 도착했습니다. ", count: 8)
        for args in [
            [
                "receive", "K-1", "--customer", "고객-0000001", "--channel", "web", "--category", "product",
                "--summary", summary, "--remedy-sought", "환불", "--at", "2026-01-05T10:00:00+09:00",
            ],
            ["acknowledge", "K-1", "--by", "agent.with-a-long-name", "--at", "2026-01-05T10:10:00+09:00"],
            ["assign", "K-1", "--by", "kim", "--to", "agent.another-long-name", "--at", "2026-01-05T11:00:00+09:00"],
            [
                "compensate", "K-1", "--by", "kim", "--kind", "refund", "--amount", "15000", "--currency", "KRW",
                "--note", summary, "--at", "2026-01-06T10:00:00+09:00",
            ],
            ["close", "K-1", "--by", "kim", "--resolution", "resolved", "--at", "2026-01-07T10:00:00+09:00"],
            ["reopen", "K-1", "--reason", summary, "--at", "2026-01-08T10:00:00+09:00"],
            ["close", "K-1", "--by", "kim", "--resolution", "resolved", "--at", "2026-01-09T10:00:00+09:00"],
            [
                "follow-up", "K-1", "--by", "kim", "--satisfaction", "5", "--comment", summary, "--at",
                "2026-01-20T10:00:00+09:00",
            ],
        ] {
            try cli.setup(args)
        }
        let replay = try cli.setup(["replay", "K-1"]).stdout
        let wide = replay.split(separator: "\n").filter { Self.columns($0) > 100 }
        #expect(wide.isEmpty, "\(wide)")
        for text in ["final_close 4d 00h", "follow_up", "acknowledge 10m 00s", "agent.another-l", "15000 KRW"] {
            #expect(replay.contains(text), "\(text): \(replay)")
        }
        try ledger()
        for id in ["C-0000001", "C-0000007", "C-0000019"] {
            let lines = try cli.setup(["replay", id]).stdout.split(separator: "\n")
            #expect(lines.allSatisfy { Self.columns($0) <= 100 }, "\(id): \(lines)")
        }
    }

    @Test func anUnknownServiceRouteIsAProblemDocument() throws {
        try ledger()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["--db", cli.db, "serve", "--listen", "127.0.0.1:0"]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var printed = ""
        let started = Date()
        while !printed.contains("\n"), Date().timeIntervalSince(started) < 60 {
            printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        let base = try #require(printed.firstMatch(of: /listening on (http:\S+)/).map { String($0.1) }, "\(printed)")
        let response = try CLI.execute(
            "/usr/bin/curl", ["-s", "-i", base + "/v2/nothing"], directory: cli.directory)
        let text = response.stdout.lowercased()
        #expect(text.hasPrefix("http/1.1 404"), "\(response.stdout)")
        #expect(text.contains("content-type: application/problem+json"), "\(response.stdout)")
        #expect(
            response.stdout.contains(#""type":"https://redress.example/problems/not-found","title":"Not Found","#)
                && response.stdout.contains(#""status":404,"detail":"no route GET /v2/nothing"#),
            "\(response.stdout)")
    }

    @Test func completionOffersTheValues() throws {
        // ArgumentParser writes a list of values one per line: 'phone'$'\n''email'…
        let bash = try cli.run(["--generate-completion-script", "bash"]).stdout.replacing("'$'\\n''", with: " ")
        for values in [
            "phone email web chat store social letter other", "low medium high critical",
            "resolved partially-resolved unresolved withdrawn rejected", "table json csv", "text json",
            "service product customer other", "awaiting-customer awaiting-third-party other",
        ] {
            #expect(bash.contains(values), "\(values)")
        }
    }

    /// tools/test, tools/install, tools/demo and tools/pgcluster say what they install before they do,
    /// and tools/test and tools/install say they build.
    @Test func theScriptsSayWhatTheyInstallWhileTheyDo() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for name in ["test", "install", "demo", "pgcluster", "api-check"] {
            let lines = try String(contentsOf: root.appendingPathComponent("tools/" + name), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            for (i, line) in lines.enumerated()
            where line.contains("apt-get install") || line.contains("pip install") || line.contains("pip\" install") {
                let before = lines[max(0, i - 3)..<i]
                #expect(
                    before.contains { $0.contains("echo \"tools/\(name): installing") },
                    "tools/\(name) line \(i + 1) installs without saying so: \(line)")
            }
        }
        for name in ["test", "install"] {
            let text = try String(contentsOf: root.appendingPathComponent("tools/" + name), encoding: .utf8)
            #expect(text.contains("echo \"tools/\(name): building"), "tools/\(name)")
        }
    }
}
