import Foundation
import Testing

/// Promises an auditor and payroll rely on, each pinned where a deliberate bug would break it.
@Suite struct PromiseTests {
    let cli = CLI()
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func ledgerOf(_ complaints: Int, seed: Int = 21) throws {
        #expect(
            try cli.run(["generate", "--complaints", "\(complaints)", "--seed", "\(seed)", "-o", "in.ndjson"]).status
                == 0)
        let imported = try cli.run(["import", "in.ndjson"])
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    /// The sqlite3 shell, as an insider with the triggers dropped.
    func insider(_ sql: String) throws {
        let out = try cli.sqlite(sql)
        try #require(out.status == 0, "\(out.stderr)")
    }

    @Test func replayOfABrokenChainExits4AndMarksTheRow() throws {
        try ledgerOf(20)
        try insider("DROP TRIGGER events_refuse_update; UPDATE events SET actor = 'mallory' WHERE position = 3")
        let complaint = try cli.sqlite("SELECT complaint_id FROM events WHERE position = 3").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let replay = try cli.run(["replay", complaint])
        #expect(replay.status == 4, "\(replay.stderr)")
        #expect(replay.stdout.contains("HASH CHAIN BROKEN"))
        #expect(replay.stdout.split(separator: "\n").contains { $0.contains("mallory") && $0.contains(" BAD") })
        #expect(replay.stderr == "redress: complaint \(complaint): the hash chain does not verify (see the BAD rows)\n")
        let json = try cli.run(["replay", complaint, "--format", "json"])
        #expect(json.status == 4 && json.stdout.contains(#""chain_verifies":false"#))
    }

    @Test func rewardsDiffRefusesAStatementThatNoLongerReproduces() throws {
        try ledgerOf(300)
        #expect(try cli.run(["rewards", "issue", "--month", "2026-01"]).status == 0)
        #expect(try cli.run(["rewards", "diff", "--month", "2026-01"]).status == 0)
        try insider(
            "DROP TRIGGER statements_refuse_update; "
                + "UPDATE reward_statements SET statement_sha256 = "
                + "replace(statement_sha256, substr(statement_sha256, 1, 1), 'x')"
        )
        let diff = try cli.run(["rewards", "diff", "--month", "2026-01"])
        #expect(diff.status == 4, "\(diff.stdout)")
        #expect(
            diff.stderr.contains("the statement issued for 2026-01 at position")
                && diff.stderr.contains("no longer reproduces"), "\(diff.stderr)")
    }

    @Test func importErrorPathsSayWhatIsWrongAndStoreNothing() throws {
        let missing = try cli.run(["import", "nope.ndjson"])
        #expect(
            missing.status == 1 && missing.stderr == "redress: cannot open nope.ndjson: No such file or directory\n",
            "\(missing.stderr)")
        try FileManager.default.createDirectory(atPath: cli.directory + "/folder", withIntermediateDirectories: false)
        let folder = try cli.run(["import", "folder"])
        #expect(folder.status == 1 && folder.stderr.contains("Is a directory"), "\(folder.stderr)")
        let good =
            #"{"event_id":"019b7507-849d-7ed9-b409-dc9828b04e0b","complaint_id":"Z-1","type":"received","#
            + #""occurred_at":"2026-01-01T00:00:00Z","data":{"customer":"c","channel":"web","category":"service"}}"#
        let long = try cli.run([
            "import", cli.write("long.ndjson", good + "\n" + String(repeating: " ", count: 1 << 20) + "{}\n"),
        ])
        #expect(long.status == 1 && long.stderr.contains("line 2: longer than 1048576 bytes"), "\(long.stderr)")
        #expect(try cli.run(["export"]).stdout.isEmpty, "the good line before it was stored")
    }

    @Test func policyFilesAreCheckedByTheLedgerAndTheSchemaAlike() throws {
        try ledgerOf(30)
        let cases: [(String, String)] = [
            ("invalid.json", #"{"timezone": "Asia/Seoul",}"#),
            ("types.json", #"{"sla":{"acknowledge_seconds":"3600"}}"#),
            ("currency.json", #"{"currency":"krw"}"#),
            ("unknown.json", #"{"point_valu":1000}"#),
            ("negative.json", #"{"cap":-1}"#),
        ]
        let expected = [
            "invalid JSON", "sla.acknowledge_seconds: must be an integer", "currency: must be an ISO 4217 code",
            "point_valu: unknown key", "cap: must be",
        ]
        for ((name, text), message) in zip(cases, expected) {
            let path = cli.write(name, text + "\n")
            let out = try cli.run(["metrics", "--month", "2026-01", "--policy", path])
            #expect(
                out.status == 1 && out.stderr.hasPrefix("redress: \(path): policy: ") && out.stderr.contains(message),
                "\(name): \(out.stderr)")
            let schema = try CLI.execute(
                "/usr/bin/env",
                [
                    "python3", root.appendingPathComponent("tools/validate_ndjson.py").path,
                    root.appendingPathComponent("Schemas/policy.schema.json").path, path,
                ],
                directory: cli.directory)
            #expect(schema.status != 0, "the schema accepts \(name)")
        }
        let good = cli.write(
            "good.json", #"{"timezone":"UTC","currency":"USD","sla":{"acknowledge_seconds":60}}"# + "\n")
        #expect(try cli.run(["metrics", "--month", "2026-01", "--policy", good]).status == 0)
        #expect(
            try CLI.execute(
                "/usr/bin/env",
                [
                    "python3", root.appendingPathComponent("tools/validate_ndjson.py").path,
                    root.appendingPathComponent("Schemas/policy.schema.json").path, good,
                ],
                directory: cli.directory
            ).status == 0)
        let unreadable = try cli.run(["metrics", "--month", "2026-01", "--policy", "missing.json"])
        #expect(
            unreadable.status == 1 && unreadable.stderr == "redress: cannot read the policy file missing.json\n",
            "\(unreadable.stderr)")
    }

    @Test func usageErrorsExit64() throws {
        try ledgerOf(5)
        for arguments in [
            ["metrics"], ["metrics", "--month", "2026-01", "--bogus"], ["nosuchcommand"],
            ["replay"], ["export", "--after-position", "x"],
        ] {
            let out = try cli.run(arguments)
            #expect(out.status == 64, "\(arguments): \(out.status) \(out.stderr)")
            #expect(out.stderr.hasPrefix("Error: "), "\(arguments): \(out.stderr)")
        }
    }

    /// Two rebuilds at once: one takes over from the other or both finish; the view stays whole.
    @Test func twoRebuildsAtOnceLeaveOneWholeView() throws {
        try ledgerOf(3000, seed: 22)
        let before = try cli.run(["metrics", "--month", "2026-02", "--format", "json"]).stdout
        var processes: [(Process, Pipe)] = []
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = ["--db", cli.db, "projections", "rebuild"]
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            processes.append((process, err))
        }
        var outcomes: [String] = []
        for (process, err) in processes {
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            outcomes.append("\(process.terminationStatus) \(message)")
        }
        #expect(outcomes.contains { $0.hasPrefix("0 ") }, "\(outcomes)")
        for outcome in outcomes where !outcome.hasPrefix("0 ") {
            #expect(outcome.hasPrefix("1 ") && outcome.contains("took over"), "\(outcome)")
        }
        let status = try cli.run(["projections", "status"]).stdout
        #expect(
            status.split(separator: "\n").allSatisfy { $0.contains("lag 0 event(s)") && !$0.contains("stopped") },
            "\(status)")
        #expect(try cli.run(["metrics", "--month", "2026-02", "--format", "json"]).stdout == before)
        #expect(try cli.run(["verify"]).status == 0)
    }

    /// Signed heads from the command line, as a DBA and an auditor would use them.
    @Test func signingKeysFromTheCommandLine() throws {
        let create = try cli.run(["keys", "create", "--name", "payroll-2026", "-o", "ledger.key"])
        #expect(create.status == 0 && create.stdout.contains("payroll-2026+"), "\(create.stderr)")
        #expect(try cli.run(["keys", "create", "-o", "ledger.key"]).status == 1, "a key is never overwritten")
        let mode =
            try FileManager.default.attributesOfItem(atPath: cli.directory + "/ledger.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let signing = ["REDRESS_SIGNING_KEY": cli.directory + "/ledger.key"]
        #expect(try cli.run(["keys", "show"], environment: signing).stdout.contains("no head signed yet"))
        try cli.setup(["generate", "--complaints", "40", "--seed", "23", "-o", "in.ndjson"])
        #expect(try cli.run(["import", "in.ndjson"], environment: signing).status == 0)
        #expect(
            try cli.run(
                ["receive", "K-1", "--customer", "c", "--channel", "web", "--category", "other"], environment: signing
            ).status == 0)
        let shown = try cli.run(["keys", "show"], environment: signing).stdout
        #expect(shown.contains("newest signed head") && shown.contains("redress/payroll-2026\n"), "\(shown)")
        // Without the key, a write is refused; the auditor verifies with the public key and a copy of the head.
        let unsigned = try cli.run(["acknowledge", "K-1", "--by", "kim"])
        #expect(
            unsigned.status == 1 && unsigned.stderr.contains("this ledger's heads are signed"), "\(unsigned.stderr)")
        try FileManager.default.copyItem(
            atPath: cli.directory + "/ledger.key.head", toPath: cli.directory + "/auditor.head")
        let audit = try cli.run(["verify", "--public-key", "ledger.key.pub", "--head", "auditor.head"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(
            audit.stdout.contains("signed heads verify through position")
                && audit.stdout.contains("extends the signed head in auditor.head"),
            "\(audit.stdout)")
        #expect(!audit.stdout.contains("not proven"), "\(audit.stdout)")
        let plain = try cli.run(["verify"])
        #expect(
            plain.status == 0 && plain.stdout.contains("not proven: signed heads were not checked"), "\(plain.stdout)")
        #expect(try cli.run(["verify", "--head", "auditor.head"]).status == 1, "a head needs the public key")
        // The insider cuts the last write; the auditor's head shows the rollback.
        let head = try cli.sqlite("SELECT max(position) FROM events").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        try insider(
            "DROP TRIGGER events_refuse_delete; DELETE FROM events WHERE position = \(head); "
                + "DROP TRIGGER heads_refuse_delete; DELETE FROM ledger_heads WHERE position = \(head)"
        )
        let cut = try cli.run(["verify", "--public-key", "ledger.key.pub", "--head", "auditor.head"])
        #expect(cut.status == 4 && cut.stderr.contains("events were cut off (a rollback)"), "\(cut.stderr)")
        let withKey = try cli.run(["verify"], environment: signing)
        #expect(
            withKey.status == 4 && withKey.stderr.contains("a rollback"),
            "the signing key's head file is checked too: \(withKey.stderr)")
    }

    @Test func brokenReadModelsAreNamed() throws {
        try ledgerOf(40)
        try insider(
            "UPDATE rewards_candidates_g1 SET rule = 99 "
                + "WHERE position = (SELECT min(position) FROM rewards_candidates_g1)"
        )
        let rewards = try cli.run(["rewards", "--month", "2026-01"])
        #expect(
            rewards.status == 1 && rewards.stderr.contains("unreadable reward candidate at position"),
            "\(rewards.stderr)")
        try insider("DELETE FROM projections WHERE name = 'recovery'")
        let metrics = try cli.run(["metrics", "--month", "2026-01"])
        #expect(
            metrics.status == 1 && metrics.stderr.contains("the projection recovery is missing from this ledger"),
            "\(metrics.stderr)")
    }

    /// Reading commands open a ledger file they could write read-only (issue 28, item 7c): every other
    /// read-only test used a file SQLite cannot write anyway. strace shows how each opens the main file
    /// (O_RDONLY, never O_RDWR, O_WRONLY or O_CREAT) and that none writes to the ledger or its WAL.
    @Test func readingCommandsOpenAWritableLedgerReadOnly() throws {
        try ledgerOf(40)
        try cli.setup(["rewards", "issue", "--month", "2026-01"])
        let complaint = try cli.sqlite("SELECT complaint_id FROM events WHERE position = 1").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(access(cli.db, W_OK) == 0, "the ledger file must be writable for this test to mean anything")
        let readers: [[String]] = [
            ["export"], ["verify"], ["replay", complaint], ["metrics", "--month", "2026-01"],
            ["rewards", "--month", "2026-01"], ["rewards", "diff", "--month", "2026-01"],
            ["report", "--month", "2026-01", "-o", "page.html"], ["due"], ["complaints"], ["projections", "status"],
        ]
        for command in readers {
            let trace = cli.directory + "/open.txt"
            let out = try CLI.execute(
                "/usr/bin/strace",
                ["-f", "-y", "-e", "trace=openat,open,write,pwrite64,writev", "-o", trace, CLI.binary, "--db", cli.db]
                    + command,
                directory: cli.directory)
            let name = command.joined(separator: " ")
            #expect(out.status == 0, "\(name): \(out.stderr)")
            let lines = cli.read("open.txt").split(separator: "\n")
            let opens = lines.filter { $0.contains("open") && $0.contains("\"\(cli.db)\"") && !$0.contains("ENOENT") }
            #expect(!opens.isEmpty, "\(name): the ledger was never opened?")
            for open in opens {
                #expect(
                    open.contains("O_RDONLY") && !open.contains("O_RDWR") && !open.contains("O_WRONLY")
                        && !open.contains("O_CREAT"),
                    "\(name) opened the ledger for writing: \(open)")
            }
            let writes = lines.filter {
                ($0.contains("write(") || $0.contains("pwrite64(") || $0.contains("writev("))
                    && ($0.contains("\(cli.db)>") || $0.contains("\(cli.db)-wal>"))
            }
            #expect(writes.isEmpty, "\(name) wrote to the ledger: \(writes.prefix(2))")
        }
    }

    /// A service post is answered only after its transaction is durable (issue 28, item 7a): strace of the
    /// real `redress serve` shows, after the request is read, the WAL's fdatasync completing before the
    /// 201 is written to the socket.
    @Test func aServicePostIsAnsweredOnlyAfterItsCommitIsSynced() throws {
        let token = try cli.setup(["tokens", "create", "--role", "intake"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let trace = cli.directory + "/serve.txt"
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        serve.arguments = [
            "-f", "-y", "-s", "64", "-e", "trace=fdatasync,fsync,read,recvfrom,write,writev,sendto,sendmsg", "-o",
            trace, CLI.binary, "--db", cli.db, "serve", "--listen", "127.0.0.1:0",
        ]
        serve.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
        let out = Pipe()
        serve.standardOutput = out
        serve.standardError = FileHandle.nullDevice
        try serve.run()
        // strace blocks fatal signals while it traces (-o FILE PROG): SIGTERM goes to the traced redress.
        func stop() {
            let children = try? String(
                contentsOfFile: "/proc/\(serve.processIdentifier)/task/\(serve.processIdentifier)/children",
                encoding: .utf8)
            let child = children?.split(separator: " ").first.flatMap { Int32($0) }
            kill(child ?? serve.processIdentifier, SIGTERM)
            serve.waitUntilExit()
        }
        defer { if serve.isRunning { stop() } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let address = try #require(
            String(decoding: line, as: UTF8.self).firstMatch(of: /listening on (http:\/\/\S+)/).map { String($0.1) })
        let body =
            #"{"event_id":"0190f8a3-0000-7000-8000-000000000001","complaint_id":"SYNC-1","type":"received","#
            + #""occurred_at":"2026-03-02T09:00:00+09:00","data":{"customer":"c","channel":"web","category":"other"}}"#
        let post = try CLI.execute(
            "/usr/bin/curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", address + "/v1/events", "-H",
                "Authorization: Bearer \(token)", "-H", "Content-Type: application/json", "--data-binary", body,
            ],
            directory: cli.directory)
        #expect(post.stdout == "201", "\(post.stdout) \(post.stderr)")
        stop()
        let lines = cli.read("serve.txt").split(separator: "\n")
        let request = lines.firstIndex { $0.contains("POST /v1/events") }
        let answer = lines.firstIndex { $0.contains("HTTP/1.1 201") }
        // A completed fdatasync of the WAL: its line ends in "= 0" (whole, or the "resumed" half).
        let synced = lines.indices.filter {
            (lines[$0].contains("fdatasync(") || lines[$0].contains("fdatasync resumed>")) && lines[$0].hasSuffix("= 0")
        }
        let walSync = synced.filter { index in
            lines[index].contains("ledger.sqlite-wal>")
                || (lines[index].contains("fdatasync resumed>")
                    && lines[..<index].last { $0.contains("fdatasync(") && $0.contains("unfinished") }?
                        .contains("ledger.sqlite-wal>") == true)
        }
        let request0 = try #require(request, "the request was never read: \(lines.count) lines")
        let answer0 = try #require(answer, "no 201 written")
        #expect(request0 < answer0)
        let between = lines[request0...answer0].filter { $0.contains("sync") || $0.contains("HTTP/1.1") }
        #expect(
            walSync.contains { request0 < $0 && $0 < answer0 },
            "no fdatasync of the WAL completed between reading the post and writing its 201: \(between)")
    }
}
