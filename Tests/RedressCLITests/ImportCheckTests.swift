import Foundation
import Testing

/// `import --skip-invalid` quotes every rejected line as it was read, whatever rejected it, so the
/// rejects file can be fixed and imported again; `import --check` lists every error an import would
/// meet and stores nothing.
@Suite struct ImportCheckTests {
    let cli = CLI()

    /// One interchange line, its event id made from `id`, at `time` (HH:MM) on 2026-03-01 in Seoul.
    static func line(
        _ id: Int, _ complaint: String, _ type: String, _ time: String, by actor: String? = "kim",
        data: String = "{}", expectedVersion: Int? = nil
    ) -> String {
        var text = #"{"event_id":"\#(eventID(id))","complaint_id":"\#(complaint)","type":"\#(type)","#
        text += #""occurred_at":"2026-03-01T\#(time):00+09:00","#
        if let actor { text += #""actor":"\#(actor)","# }
        text += #""data":\#(data)"#
        if let expectedVersion { text += #","expected_version":\#(expectedVersion)"# }
        return text + "}"
    }

    static func eventID(_ id: Int) -> String { "00000000-0000-4000-8000-" + String(format: "%012d", id) }

    static let customer = #"{"customer":"고객-1","channel":"phone","category":"service"}"#

    /// The ledger before the batch: A open and acknowledged, B open and not acknowledged, C closed,
    /// D paused, R open and not acknowledged.
    static let base: [String] = [
        line(1, "A", "received", "09:00", by: nil, data: customer),
        line(2, "A", "acknowledged", "09:10"),
        line(3, "B", "received", "09:00", by: nil, data: customer),
        line(4, "C", "received", "09:00", by: nil, data: customer),
        line(5, "C", "acknowledged", "09:10"),
        line(6, "C", "closed", "09:20", data: #"{"resolution":"resolved"}"#),
        line(7, "D", "received", "09:00", by: nil, data: customer),
        line(8, "D", "acknowledged", "09:10"),
        line(9, "D", "paused", "09:20", data: #"{"reason":"awaiting-customer"}"#),
        line(10, "R", "received", "09:00", by: nil, data: customer),
    ]

    /// A rejected line of the batch: its text, what its error says, and how it is fixed (the lines
    /// that replace it in the fixed rejects file, valid once the batch's good lines are stored).
    struct Bad {
        var text: String
        var says: String
        var fixed: [String]
    }

    /// One line of every kind of rejection (lines 2–16), between good lines (1, 17) and a line
    /// already stored (18). Some are written with spaces, escapes and Korean text, as a channel's
    /// export may write them: the rejects file must quote them byte for byte.
    static let bad: [Bad] = [
        Bad(
            text: #"{"event_id":"\#(eventID(102))", "complaint_id":"F","type":"received""#, says: "invalid JSON",
            fixed: [line(102, "F", "received", "10:01", by: nil, data: customer)]),
        Bad(
            text: String(line(103, "G", "received", "10:02", by: nil, data: customer).dropLast()) + #", "nope" : 1}"#,
            says: "nope: unknown field", fixed: [line(103, "G", "received", "10:02", by: nil, data: customer)]),
        Bad(
            text: line(
                104, "H", "received", "10:03", by: nil,
                data: #"{"customer":"c\u002d2","channel":"fax","category":"service"}"#),
            says: "fax", fixed: [line(104, "H", "received", "10:03", by: nil, data: customer)]),
        Bad(
            text: line(105, "X", "acknowledged", "10:04"), says: "[rule needs-received]",
            fixed: [
                line(205, "X", "received", "10:04", by: nil, data: customer), line(105, "X", "acknowledged", "10:04"),
            ]),
        Bad(
            text: line(106, "A", "received", "10:05", by: nil, data: customer), says: "[rule received-only-first]",
            fixed: [line(106, "A2", "received", "10:05", by: nil, data: customer)]),
        Bad(
            text: line(107, "B", "closed", "10:06", data: #"{"resolution":"resolved","root_cause":"배송 지연"}"#),
            says: "[rule needs-acknowledgement]",
            fixed: [
                line(207, "B", "acknowledged", "10:06"),
                line(107, "B", "closed", "10:06", data: #"{"resolution":"resolved","root_cause":"배송 지연"}"#),
            ]),
        Bad(
            text: line(108, "C", "assigned", "10:07", data: #"{"to":"lee"}"#), says: "[rule must-be-open]",
            fixed: [
                line(208, "C", "reopened", "10:07", by: nil),
                line(108, "C", "assigned", "10:07", data: #"{"to":"lee"}"#),
            ]),
        Bad(
            text: line(109, "A", "acknowledged", "10:08", data: #"{ "note" : "다시 \"확인\"\t\u00e9" }"#),
            says: "[rule acknowledge-once-per-cycle]",
            fixed: [line(109, "A", "assigned", "10:08", data: #"{"to":"lee"}"#)]),
        Bad(
            text: line(110, "R", "reopened", "10:09", by: nil), says: "[rule reopen-needs-closed]",
            fixed: [
                line(210, "R", "acknowledged", "10:09"),
                line(211, "R", "closed", "10:09", data: #"{"resolution":"withdrawn"}"#),
                line(110, "R", "reopened", "10:09", by: nil),
            ]),
        Bad(
            text: line(111, "A", "assigned", "08:00", data: #"{"to":"park"}"#),
            says: "[rule time-never-goes-backwards]",
            fixed: [line(111, "A", "assigned", "10:10", data: #"{"to":"park"}"#)]),
        Bad(
            text: line(112, "D", "paused", "10:11", data: #"{"reason":"other"}"#), says: "[rule pause-once-at-a-time]",
            fixed: [
                line(212, "D", "resumed", "10:11", by: nil),
                line(112, "D", "paused", "10:11", data: #"{"reason":"other"}"#),
            ]),
        Bad(
            text: line(113, "A", "resumed", "10:12", by: nil), says: "[rule resume-needs-paused]",
            fixed: [
                line(213, "A", "paused", "10:12", data: #"{"reason":"awaiting-third-party"}"#),
                line(113, "A", "resumed", "10:12", by: nil),
            ]),
        Bad(
            text: line(114, "E", "acknowledged", "10:16", expectedVersion: 3),
            says: "conflict on complaint E, event \(eventID(114)) (acknowledged): "
                + "expected version 3 but the stream is at version 1",
            fixed: [line(114, "E", "acknowledged", "10:16", expectedVersion: 2)]),
        // Event 1 is A's received, stored before the batch.
        Bad(
            text: line(1, "Z", "received", "10:14", by: nil, data: customer),
            says: "event_id \(eventID(1)) is already in the ledger at position 1 with different content",
            fixed: [line(115, "Z", "received", "10:14", by: nil, data: customer)]),
        // Event 101 is E's received, line 1 of the same file.
        Bad(
            text: line(101, "Y", "received", "10:14", by: nil, data: customer),
            says: "event_id \(eventID(101)) is already in the ledger at position 11 with different content",
            fixed: [line(116, "Y", "received", "10:14", by: nil, data: customer)]),
    ]

    /// Lines 1–18.
    static var batch: [String] {
        [line(101, "E", "received", "10:00", by: nil, data: customer)] + bad.map(\.text) + [
            line(117, "E", "assigned", "10:15", data: #"{"to":"lee"}"#),
            base[1],
        ]
    }

    static let summary = "checked 18 lines: 2 would be appended, 1 already stored, 15 errors"

    func ndjson(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    /// The rejects file's lines, parsed.
    func rejects(_ name: String) throws -> [(line: Int, error: String, input: String)] {
        try cli.read(name).split(separator: "\n").map { text in
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
            return (
                try #require(object["line"] as? Int), try #require(object["error"] as? String),
                try #require(object["input"] as? String)
            )
        }
    }

    func withBase() throws {
        _ = cli.write("base.ndjson", ndjson(Self.base))
        _ = cli.write("batch.ndjson", ndjson(Self.batch))
        try cli.setup(["import", "base.ndjson"])
    }

    @Test func everyRejectedLineIsQuotedAsReadAndTheFixedRejectsImport() throws {
        try withBase()
        let imported = try cli.run(["import", "batch.ndjson", "--skip-invalid", "rejects.ndjson"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported 18 lines: 2 appended, 1 already stored, 15 rejected"))
        let rejects = try rejects("rejects.ndjson")
        try #require(rejects.count == Self.bad.count, "\(cli.read("rejects.ndjson"))")
        for (reject, bad) in zip(rejects, Self.bad) {
            #expect(reject.input == bad.text, "line \(reject.line): the rejects file does not quote it as read")
            #expect(reject.error.contains(bad.says), "line \(reject.line): \(reject.error)")
        }
        #expect(rejects.map(\.line) == Array(2...16))
        // The rejects file is the list to fix: each line mended where it stands, then imported whole.
        let fixed = zip(rejects, Self.bad).flatMap { reject, bad in reject.input == bad.text ? bad.fixed : [] }
        _ = cli.write("fixed.ndjson", ndjson(fixed))
        let again = try cli.run(["import", "fixed.ndjson"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("imported \(fixed.count) lines: \(fixed.count) appended"), "\(again.stdout)")
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func checkListsEveryErrorAsImportSaysItAndStoresNothing() throws {
        try withBase()
        let export = try cli.run(["export"]).stdout
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.db))
        let check = try cli.run(["import", "batch.ndjson", "--check"])
        #expect(check.status == 1, "\(check.stderr)")
        var listed = check.stdout.split(separator: "\n").map(String.init)
        let summary = listed.popLast()
        #expect(summary == Self.summary)
        #expect(check.stderr.isEmpty, "\(check.stderr)")
        // Stored nothing: the file's bytes, the export, no lock taken.
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.db)) == bytes)
        #expect(try cli.run(["export"]).stdout == export)
        #expect(try cli.run(["verify"]).status == 0)

        // Every error an import meets, one line each, as the import says it: the rejects file's errors
        // and the all-or-nothing import's message for its first bad line.
        let allOrNothing = try cli.run(["import", "batch.ndjson"])
        #expect(allOrNothing.status == 1)
        #expect(allOrNothing.stderr == "redress: \(listed.first ?? "")\n")
        #expect(try cli.run(["export"]).stdout == export)
        let conflict = ndjson([Self.batch[0], Self.bad[12].text])
        let expectedVersion = try cli.run(["import", cli.write("conflict.ndjson", conflict)])
        #expect(expectedVersion.status == 3)
        #expect(expectedVersion.stderr == "redress: \(listed[12].replacing("line 14:", with: "line 2:"))\n")
        let imported = try cli.run(["import", "batch.ndjson", "--skip-invalid", "rejects.ndjson"])
        #expect(imported.status == 0)
        let rejects = try rejects("rejects.ndjson")
        #expect(listed == rejects.map { "line \($0.line): \($0.error)" })
        for (line, bad) in zip(listed, Self.bad) { #expect(line.contains(bad.says), "\(line)") }

        // After the import, the same file checks clean apart from its bad lines: what is stored is a no-op.
        let after = try cli.run(["import", "batch.ndjson", "--check"])
        #expect(after.stdout.hasSuffix("checked 18 lines: 0 would be appended, 3 already stored, 15 errors\n"))
        // The fixed rejects check clean: exit 0, and still nothing stored.
        let fixed = Self.bad.flatMap(\.fixed)
        _ = cli.write("fixed.ndjson", ndjson(fixed))
        let before = try cli.run(["export"]).stdout
        let clean = try cli.run(["import", "fixed.ndjson", "--check"])
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(
            clean.stdout
                == "checked \(fixed.count) lines: \(fixed.count) would be appended, 0 already stored, 0 errors\n")
        #expect(try cli.run(["export"]).stdout == before)
    }

    @Test func checkWithSkipInvalidWritesTheRejectsImportWouldWriteAndStoresNothing() throws {
        try withBase()
        let export = try cli.run(["export"]).stdout
        let check = try cli.run(["import", "batch.ndjson", "--check", "--skip-invalid", "checked.ndjson"])
        #expect(check.status == 1)
        #expect(check.stdout.hasSuffix(Self.summary + "\n"))
        #expect(try cli.run(["export"]).stdout == export)
        let imported = try cli.run(["import", "batch.ndjson", "--skip-invalid", "rejects.ndjson"])
        #expect(imported.status == 0)
        #expect(cli.read("checked.ndjson") == cli.read("rejects.ndjson"))
        #expect(try rejects("checked.ndjson").map(\.input) == Self.bad.map(\.text))
    }

    @Test func checkAgainstNoLedgerYetChecksAgainstAnEmptyOneAndCreatesNothing() throws {
        _ = cli.write("base.ndjson", ndjson(Self.base + [Self.bad[3].text]))
        let check = try cli.run(["--db", "new.sqlite", "import", "base.ndjson", "--check"])
        #expect(check.status == 1)
        let listed = check.stdout.split(separator: "\n")
        #expect(listed.count == 2, "\(check.stdout)")
        #expect(listed.first?.hasPrefix("line 11: complaint X, event \(Self.eventID(105)) (acknowledged): ") == true)
        #expect(listed.first?.hasSuffix("[rule needs-received]") == true)
        #expect(listed.last == "checked 11 lines: 10 would be appended, 0 already stored, 1 errors")
        #expect(check.stderr == "redress: no ledger at new.sqlite yet: checking against an empty one\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory).sorted() == ["base.ndjson"])
        _ = cli.write("good.ndjson", ndjson(Self.base))
        let good = try cli.run(["--db", "new.sqlite", "import", "good.ndjson", "--check"])
        #expect(good.status == 0)
        #expect(good.stdout == "checked 10 lines: 10 would be appended, 0 already stored, 0 errors\n")
    }

    @Test func checkWorksOnAReadOnlyMount() throws {
        try withBase()
        let export = try cli.run(["export"]).stdout
        let expected = try cli.run(["import", "batch.ndjson", "--check"]).stdout
        let mount = NSTemporaryDirectory() + "redress-check-ro-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        defer {
            _ = try? CLI.execute("/bin/umount", [mount], directory: "/")
            try? FileManager.default.removeItem(atPath: mount)
        }
        let mounted = try CLI.execute("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount], directory: "/")
        try #require(mounted.status == 0, "cannot mount a tmpfs here: \(mounted.stderr)")
        try FileManager.default.copyItem(atPath: cli.db, toPath: mount + "/ledger.sqlite")
        #expect(try CLI.execute("/bin/mount", ["-o", "remount,ro", mount], directory: "/").status == 0)
        let db = mount + "/ledger.sqlite"
        let check = try cli.run(["--db", db, "import", "batch.ndjson", "--check"])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stdout == expected)
        #expect(check.stderr.isEmpty, "\(check.stderr)")
        #expect(try cli.run(["--db", db, "export"]).stdout == export)
        // An import proper cannot write there.
        #expect(try cli.run(["--db", db, "import", "batch.ndjson", "--skip-invalid", "rejects.ndjson"]).status != 0)
    }

    /// A restore line whose hash disagrees with the chain it would extend: rejected, quoted as read; the
    /// line with its true hash restores the export byte for byte.
    @Test func aRestoreLineWithAnotherHashIsQuotedAndItsFixRestoresTheExport() throws {
        _ = cli.write("base.ndjson", ndjson(Self.base))
        try cli.setup(["import", "base.ndjson"])
        try cli.setup(["export", "-o", "export.ndjson"])
        var lines = cli.read("export.ndjson").split(separator: "\n").map(String.init)
        let popped = lines.popLast()
        let last = try #require(popped)
        let hash = try #require(last.firstMatch(of: /"hash":"([0-9a-f]{64})"/)).1
        let forged = last.replacing(hash, with: String(repeating: "0", count: 64))
        _ = cli.write("tampered.ndjson", ndjson(lines + [forged]))

        let check = try cli.run(["--db", "copy.sqlite", "import", "tampered.ndjson", "--check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("line 10: "), "\(check.stdout)")
        #expect(check.stdout.contains("restored hash disagrees with the ledger: \(String(repeating: "0", count: 64))"))
        #expect(check.stdout.hasSuffix("checked 10 lines: 9 would be appended, 0 already stored, 1 errors\n"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory + "/copy.sqlite"))

        let imported = try cli.run([
            "--db", "copy.sqlite", "import", "tampered.ndjson", "--skip-invalid", "rejects.ndjson",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let rejects = try rejects("rejects.ndjson")
        try #require(rejects.count == 1)
        #expect(rejects[0].input == forged)
        #expect(rejects[0].line == 10)
        #expect(rejects[0].error.contains("restored hash disagrees"), "\(rejects[0].error)")
        _ = cli.write(
            "fixed.ndjson", ndjson([rejects[0].input.replacing(String(repeating: "0", count: 64), with: hash)]))
        let fixed = try cli.run(["--db", "copy.sqlite", "import", "fixed.ndjson"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try cli.run(["--db", "copy.sqlite", "export"]).stdout == cli.read("export.ndjson"))
    }
}

#if PostgreSQL
/// `import --check` on PostgreSQL: the same listing as on SQLite, nothing stored.
@Suite struct ImportCheckPostgresTests {
    let cli = CLI()

    /// A new database on the cluster tools/test starts; its URL.
    func database() throws -> String {
        let url = try #require(
            ProcessInfo.processInfo.environment["REDRESS_TEST_POSTGRES"],
            "no PostgreSQL server: run the tests through tools/test, which starts one")
        let host = String(try #require(url.firstMatch(of: /host=([^&]+)/)).1)
        let name = "check_\(UUID().uuidString.prefix(8).lowercased())"
        let out = try CLI.execute(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-h", host, "-U", "redress", "-d", "postgres", "-c", "CREATE DATABASE \(name)"],
            directory: cli.directory)
        try #require(out.status == 0, "\(out.stderr)")
        return "postgres://redress@/\(name)?host=\(host)"
    }

    @Test func checkListsTheSameErrorsAsOnSQLiteAndStoresNothing() throws {
        let pg = try database()
        _ = cli.write("base.ndjson", ImportCheckTests.base.joined(separator: "\n") + "\n")
        _ = cli.write("batch.ndjson", ImportCheckTests.batch.joined(separator: "\n") + "\n")
        try cli.setup(["import", "base.ndjson"])
        try cli.setup(["--db", pg, "import", "base.ndjson"])
        let onSQLite = try cli.run(["import", "batch.ndjson", "--check"])
        let export = try cli.run(["--db", pg, "export"]).stdout
        let check = try cli.run(["--db", pg, "import", "batch.ndjson", "--check", "--skip-invalid", "rejects.ndjson"])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stdout == onSQLite.stdout)
        #expect(check.stdout.hasSuffix(ImportCheckTests.summary + "\n"))
        #expect(try cli.run(["--db", pg, "export"]).stdout == export)
        #expect(cli.read("rejects.ndjson").split(separator: "\n").count == ImportCheckTests.bad.count)
        // The import proper then meets exactly what the check listed.
        let imported = try cli.run(["--db", pg, "import", "batch.ndjson", "--skip-invalid", "imported.ndjson"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(cli.read("imported.ndjson") == cli.read("rejects.ndjson"))
    }
}
#endif
