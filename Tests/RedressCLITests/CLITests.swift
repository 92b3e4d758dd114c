import Foundation
import Testing

@Suite struct CLITests {
    let cli = CLI()

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    @Test func generateImportExportRestoreIsByteIdentical() throws {
        try cli.setup(["generate", "--complaints", "500", "--seed", "11", "-o", "in.ndjson"])
        let imported = try cli.run(["import", "in.ndjson"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported "))
        let exported = try cli.run(["export", "-o", "out.ndjson"])
        #expect(exported.status == 0)
        let restored = try cli.run(["--db", "copy.sqlite", "import", "out.ndjson"])
        #expect(restored.status == 0, "\(restored.stderr)")
        let again = try cli.run(["export", "--db", "copy.sqlite"])
        #expect(again.stdout == cli.read("out.ndjson"))
        #expect(lines(again.stdout).count == lines(cli.read("in.ndjson")).count)
        // Restore from standard input too.
        let piped = try cli.run(["--db", "piped.sqlite", "import", "-"], stdin: cli.read("out.ndjson"))
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try cli.run(["export", "--db", "piped.sqlite"]).stdout == cli.read("out.ndjson"))
    }

    @Test func generateIsDeterministicPerSeed() throws {
        let a = try cli.run(["generate", "--complaints", "200", "--seed", "5"]).stdout
        let b = try cli.run(["generate", "--complaints", "200", "--seed", "5"]).stdout
        let c = try cli.run(["generate", "--complaints", "200", "--seed", "6"]).stdout
        #expect(a == b)
        #expect(a != c)
        #expect(a.contains("\"currency\":\"USD\"") && a.contains("\"currency\":\"KRW\""))
        #expect(a.contains("\"type\":\"reopened\"") || c.contains("\"type\":\"reopened\""))
    }

    @Test func aRejectedImportExitsNonZeroWithOneLineAndStoresNothing() throws {
        try cli.setup(["generate", "--complaints", "20", "--seed", "2", "-o", "in.ndjson"])
        #expect(try cli.run(["import", "in.ndjson"]).status == 0)
        let before = try cli.run(["export"]).stdout
        var more = lines(try cli.run(["generate", "--complaints", "20", "--seed", "3"]).stdout).map(String.init)
        more = more.map { $0.replacingOccurrences(of: "\"C-", with: "\"D-") }
        more[4] =
            more[4].contains("\"data\":{}")
            ? more[4].replacingOccurrences(of: "\"data\":{}", with: "\"data\":{\"bogus\":true}")
            : more[4].replacingOccurrences(of: "\"data\":{", with: "\"data\":{\"bogus\":true,")
        _ = cli.write("bad.ndjson", more.joined(separator: "\n") + "\n")
        let result = try cli.run(["import", "bad.ndjson"])
        #expect(result.status == 1)
        #expect(lines(result.stderr).count == 1)
        #expect(result.stderr.hasPrefix("redress: line 5: complaint D-"))
        #expect(result.stderr.contains("data.bogus: unknown field"))
        #expect(try cli.run(["export"]).stdout == before)
    }

    @Test func skipInvalidWritesRejectsWithReasons() throws {
        let text = try cli.run(["generate", "--complaints", "10", "--seed", "4"]).stdout
        var input = lines(text).map(String.init)
        input.insert("not json", at: 2)
        _ = cli.write("in.ndjson", input.joined(separator: "\n") + "\n")
        let result = try cli.run(["import", "in.ndjson", "--skip-invalid", "rejects.ndjson"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\(input.count - 1) appended"))
        #expect(result.stdout.contains("1 rejected"))
        #expect(cli.read("rejects.ndjson").hasPrefix(#"{"line":3,"error":"invalid JSON at column 1"#))
        #expect(cli.read("rejects.ndjson").contains(#""input":"not json""#))
    }

    @Test func recordCommandsFollowTheLifecycle() throws {
        func ok(_ args: [String]) throws -> String {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout
        }
        let first = try ok([
            "receive", "K-1", "--customer", "고객-77", "--channel", "phone", "--category", "service",
            "--summary", "배송이 늦었어요", "--at", "2026-05-01T09:00:00+09:00",
        ])
        #expect(first.contains(#""version":1,"position":1,"type":"received""#))
        _ = try ok(["acknowledge", "K-1", "--by", "kim", "--at", "2026-05-01T09:30:00+09:00", "--expect-version", "1"])
        _ = try ok(["assign", "K-1", "--by", "kim", "--to", "lee", "--at", "2026-05-01T09:40:00+09:00"])
        _ = try ok([
            "compensate", "K-1", "--by", "lee", "--kind", "refund", "--amount", "15000", "--currency", "KRW",
            "--at", "2026-05-01T10:00:00+09:00",
        ])
        _ = try ok(["close", "K-1", "--by", "lee", "--resolution", "resolved", "--at", "2026-05-01T11:00:00+09:00"])
        _ = try ok([
            "follow-up", "K-1", "--by", "lee", "--satisfaction", "5", "--comment", "감사합니다", "--at",
            "2026-05-02T11:00:00+09:00",
        ])
        _ = try ok(["reopen", "K-1", "--reason", "다시 고장", "--at", "2026-05-03T11:00:00+09:00"])

        let twice = try cli.run(["reopen", "K-1", "--at", "2026-05-03T12:00:00+09:00"])
        #expect(twice.status == 1)
        #expect(twice.stderr.hasPrefix("redress: complaint K-1, event "))
        #expect(twice.stderr.contains("(reopened)") && twice.stderr.contains("[rule reopen-needs-closed]"))

        let stale = try cli.run(["assign", "K-1", "--by", "kim", "--to", "park", "--expect-version", "3"])
        #expect(stale.status == 3)
        #expect(stale.stderr.contains("conflict on complaint K-1") && stale.stderr.contains("stream is at version 7"))

        let backwards = try cli.run(["assign", "K-1", "--by", "kim", "--to", "park", "--at", "2026-05-01T00:00:00Z"])
        #expect(backwards.status == 1)
        #expect(backwards.stderr.contains("time-never-goes-backwards"))

        let money = try cli.run([
            "compensate", "K-1", "--by", "lee", "--kind", "refund", "--amount", "12.345", "--currency", "KRW",
        ])
        #expect(money.status == 1)
        #expect(
            money.stderr.hasPrefix("redress: complaint K-1: --amount: \"12.345\" is not a decimal amount"),
            "\(money.stderr)")

        let fixedID = "01890a5d-ac96-774b-bcce-b302099a8057"
        _ = try ok(["acknowledge", "K-1", "--by", "kim", "--event-id", fixedID, "--at", "2026-05-04T00:00:00Z"])
        let repeatRecord = try cli.run([
            "acknowledge", "K-1", "--by", "kim", "--event-id", fixedID, "--at", "2026-05-04T00:00:00Z",
        ])
        #expect(repeatRecord.status == 0)
        #expect(repeatRecord.stderr.contains("already stored"))
        // The same id with other content is the duplicate-id error, as on import, not a rule violation.
        let otherContent = try cli.run([
            "acknowledge", "K-1", "--by", "lee", "--event-id", fixedID, "--at", "2026-05-04T00:00:00Z",
        ])
        #expect(otherContent.status == 1)
        #expect(
            otherContent.stderr.contains(
                "event_id \(fixedID) is already in the ledger at position 8 with different content"),
            "\(otherContent.stderr)")
        #expect(lines(try cli.run(["export"]).stdout).count == 8)
    }

    @Test func replayTextAndJSON() throws {
        try cli.setup([
            "receive", "K-1", "--customer", "c", "--channel", "web", "--category", "product", "--summary",
            "환불이 아직 처리되지 않았습니다",
            "--at", "2026-05-01T09:00:00+09:00",
        ])
        try cli.setup(["acknowledge", "K-1", "--by", "kim", "--at", "2026-05-01T10:05:00+09:00", "--note", "확인"])
        try cli.setup(["close", "K-1", "--by", "kim", "--resolution", "resolved", "--at", "2026-05-03T09:00:00+09:00"])
        let text = try cli.run(["replay", "K-1"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("hash chain verifies"))
        #expect(text.stdout.contains("acknowledge 1h 05m"))
        #expect(text.stdout.contains("close 2d 00h"))
        let json = try cli.run(["replay", "K-1", "--format", "json", "--as-of-position", "2"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let events = object["events"] as! [[String: Any]]
        #expect(events.count == 2)
        #expect(object["as_of_position"] as? Int == 2)
        #expect((events[1]["durations_seconds"] as! [String: Any])["acknowledge"] as? Int == 3900)
        #expect((events[1]["state"] as! [String: Any])["owner"] as? String == "kim")
        let missing = try cli.run(["replay", "NOPE"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("complaint NOPE has no events"))
    }

    @Test func verifyPassesThenNamesTheTamperedEvent() throws {
        try cli.setup(["generate", "--complaints", "30", "--seed", "9", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        let good = try cli.run(["verify"])
        #expect(good.status == 0)
        #expect(good.stdout.hasPrefix("ok: "))
        let row = try cli.sqlite("SELECT lower(hex(event_id)) FROM events WHERE position = 17").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(row.count == 32)
        let refused = try cli.sqlite("UPDATE events SET actor = 'mallory' WHERE position = 17")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("append-only"))
        let tampered = try cli.sqlite(
            "DROP TRIGGER events_refuse_update; "
                + "UPDATE events SET data = replace(data, '\"', '\"') || '' WHERE position = 17; "
                + "UPDATE events SET actor = 'mallory' WHERE position = 17;"
        )
        #expect(tampered.status == 0, "\(tampered.stderr)")
        let bad = try cli.run(["verify"])
        #expect(bad.status == 4)
        #expect(lines(bad.stderr).count == 1)
        let uuid = row.enumerated().map { i, c in [8, 12, 16, 20].contains(i) ? "-\(c)" : "\(c)" }.joined()
        #expect(bad.stderr.contains("event \(uuid) at position 17"), "\(bad.stderr)")
    }

    @Test func theLedgerIsNamedByFlagBeforeOrAfterTheCommandOrByEnvironment() throws {
        try cli.setup([
            "--db", "a.sqlite", "receive", "A-1", "--customer", "c", "--channel", "web", "--category", "other",
        ])
        try cli.setup([
            "receive", "--db", "b.sqlite", "B-1", "--customer", "c", "--channel", "web", "--category", "other",
        ])
        #expect(try cli.run(["export", "--db", "a.sqlite"]).stdout.contains("A-1"))
        #expect(try cli.run(["--db", "b.sqlite", "export"]).stdout.contains("B-1"))
        #expect(
            try cli.run(["export"], environment: ["REDRESS_DB": cli.directory + "/a.sqlite"]).stdout.contains("A-1"))
        // A postgres:// location names a server (none listens on port 1): one line saying which.
        let pg = try cli.run(["--db", "postgres://someone@127.0.0.1:1/redress", "verify"])
        #expect(pg.status == 1)
        #expect(
            pg.stderr.hasPrefix("redress: cannot open the ledger postgres://someone@127.0.0.1:1/redress")
                || pg.stderr.contains("built without PostgreSQL: rebuild with"), "\(pg.stderr)")
    }

    @Test func exportsValidateAgainstTheSchemas() throws {
        try cli.setup(["generate", "--complaints", "300", "--seed", "12", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        try cli.setup(["export", "-o", "out.ndjson"])
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = schemas.appendingPathComponent("tools/validate_ndjson.py").path
        let exported = schemas.appendingPathComponent("Schemas/exported-event.schema.json").path
        let interchange = schemas.appendingPathComponent("Schemas/event.schema.json").path
        let python = "/usr/bin/env"
        let a = try CLI.execute(
            python, ["python3", script, exported, cli.directory + "/out.ndjson"], directory: cli.directory)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLI.execute(
            python, ["python3", script, interchange, cli.directory + "/in.ndjson"], directory: cli.directory)
        #expect(b.status == 0, "\(b.stderr)")
        // The schemas do reject what the ledger rejects: a float amount, a missing actor.
        let broken = cli.write(
            "broken.ndjson",
            """
            {"event_id":"01890a5d-ac96-774b-bcce-b302099a8057","complaint_id":"C-1","type":"compensated",\
            "occurred_at":"2026-01-01T00:00:00Z","actor":"k","data":{"kind":"refund","amount":12.5,"currency":"KRW"}}

            """)
        let c = try CLI.execute(python, ["python3", script, interchange, broken], directory: cli.directory)
        #expect(c.status == 1)
        #expect(c.stderr.contains("line 1: data/amount"))
        let noActor = cli.write(
            "noactor.ndjson",
            """
            {"event_id":"01890a5d-ac96-774b-bcce-b302099a8057","complaint_id":"C-1","type":"closed",\
            "occurred_at":"2026-01-01T00:00:00Z","data":{"resolution":"resolved"}}

            """)
        #expect(
            try CLI.execute(python, ["python3", script, interchange, noActor], directory: cli.directory).status == 1)
    }
}

@Suite struct DocumentedHashEncodingTests {
    let cli = CLI()

    /// tools/verify_export.py knows only the description of the encoding in docs/integrity.md.
    @Test func anIndependentCheckerVerifiesAnExportAndCatchesAnEdit() throws {
        try cli.setup(["generate", "--complaints", "200", "--seed", "21", "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        try cli.setup([
            "receive", "K-1", "--customer", "고객", "--channel", "chat", "--category", "service", "--summary",
            "탭\t과 \"따옴표\" \\ 😀",
        ])
        try cli.setup(["export", "-o", "out.ndjson"])
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("tools/verify_export.py").path
        let good = try CLI.execute(
            "/usr/bin/env", ["python3", script, cli.directory + "/out.ndjson"], directory: cli.directory)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.hasPrefix("\(cli.read("out.ndjson").split(separator: "\n").count) events"))
        let edited = cli.read("out.ndjson").replacingOccurrences(of: "따옴표", with: "따옴표!")
        _ = cli.write("edited.ndjson", edited)
        let bad = try CLI.execute(
            "/usr/bin/env", ["python3", script, cli.directory + "/edited.ndjson"], directory: cli.directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("does not verify"))
    }
}
