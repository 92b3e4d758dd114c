import Foundation
import Testing

/// Input chosen to attack whoever reads the output, and the import edge cases, decided and pinned.
@Suite struct HostileInputTests {
    let cli = CLI()

    static let escapes =
        "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]8;;https://evil.example\u{07}클릭\u{1B}]8;;\u{07}\u{202E}gnp.exe"

    /// C0 (but LF), DEL, C1 and the bidi override: what text output must never carry raw.
    func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E
        }
    }

    /// JSON escapes C0 controls (its own rule); other characters stay as they are, byte for byte.
    func hasC0(_ text: String) -> Bool { text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } }

    @Test func escapeSequencesInComplaintTextAreRenderedVisibly() throws {
        let receive = try cli.run([
            "receive", "E-1", "--customer", "c\u{1B}[31m\u{202E}", "--channel", "web", "--category", "service",
            "--summary", Self.escapes,
        ])
        #expect(receive.status == 0, "\(receive.stderr)")
        #expect(!hasC0(receive.stdout), "the stored event is printed as JSON, escaped")
        #expect(
            try cli.run(["acknowledge", "E-1", "--by", "kim", "--note", "line one\nline two\u{1B}[1A"]).status == 0)
        let replay = try cli.run(["replay", "E-1"])
        #expect(replay.status == 0)
        #expect(!hasControl(replay.stdout), "\(replay.stdout.debugDescription)")
        #expect(replay.stdout.contains("\\x1B[2J\\x1B]0;pwned\\x07"), "\(replay.stdout)")
        #expect(replay.stdout.contains("customer c\\x1B[31m\\u{202E} ·"), "\(replay.stdout)")
        #expect(replay.stdout.contains("line one\\nline two\\x1B[1A"))
        // JSON output stays JSON-escaped.
        let json = try cli.run(["replay", "E-1", "--format", "json"]).stdout
        #expect(json.contains("\\u001b[2J") && !hasC0(json))
        // Error messages echo input visibly too.
        let bad = try cli.run([
            "receive", "E-\u{1B}]0;x\u{07}", "--customer", "c", "--channel", "web", "--category", "service",
        ])
        #expect(bad.status == 1 && !hasControl(bad.stderr), "\(bad.stderr.debugDescription)")
        #expect(bad.stderr.contains("\\x1B]0;x\\x07"), "\(bad.stderr)")
        let badFile = try cli.run(["import", "-"], stdin: "{\"event_id\":\"\u{1B}[2J\"}\n")
        #expect(badFile.status == 1 && !hasControl(badFile.stderr), "\(badFile.stderr.debugDescription)")
    }

    @Test func csvCellsAreQuotedAndFormulasNeutralised() throws {
        let at = "2026-01-05T10:00:00+09:00"
        for args in [
            ["receive", "F-1", "--customer", "c", "--channel", "web", "--category", "service", "--at", at],
            ["acknowledge", "F-1", "--by=-1-1", "--at", "2026-01-05T10:10:00+09:00"],
            ["assign", "F-1", "--by=-1-1", "--to", "@SUM", "--at", "2026-01-05T10:20:00+09:00"],
            ["close", "F-1", "--by", "@SUM", "--resolution", "resolved", "--at", "2026-01-05T11:00:00+09:00"],
            ["follow-up", "F-1", "--by", "@SUM", "--satisfaction", "1", "--at", "2026-01-06T11:00:00+09:00"],
        ] {
            let out = try cli.run(args)
            #expect(out.status == 0, "\(args): \(out.stderr)")
        }
        let csv = try cli.run(["rewards", "--month", "2026-01", "--format", "csv"]).stdout.split(separator: "\n").map(
            String.init)
        #expect(csv.count == 3, "\(csv)")
        // Staff ids that a spreadsheet would run as formulas get a leading quote; numbers stay numbers.
        #expect(csv[1].hasPrefix("'-1-1,2,"), "\(csv)")
        #expect(csv[2].hasPrefix("'@SUM,5,"), "points 10 - 5 for a rating of 1: \(csv)")
        let json = try cli.run(["rewards", "--month", "2026-01", "--format", "json"]).stdout
        #expect(json.contains(#""staff":"-1-1","points":2"#) && json.contains(#""staff":"@SUM","points":5"#), "\(json)")
    }

    func importing(_ text: String) throws -> CLI.Output {
        try cli.run(["import", cli.write("in-\(UUID().uuidString).ndjson", text)])
    }

    static func line(
        _ id: String = "019b7507-849d-7ed9-b409-dc9828b04e0b", complaint: String = "Z-1",
        at: String = "2026-01-01T00:29:45.629+09:00", extra: String = ""
    ) -> String {
        #"{"event_id":"\#(id)","complaint_id":"\#(complaint)","type":"received","occurred_at":"\#(at)",\#(extra)"#
            + #""data":{"customer":"c","channel":"web","category":"service"}}"#
    }

    @Test func importEdgeCasesAreDecided() throws {
        // CRLF line ends and white space around the object: JSON white space, accepted.
        #expect(try importing(Self.line() + "\r\n").status == 0)
        #expect(
            try importing(
                "  " + Self.line(complaint: "Z-2", extra: "").replacingOccurrences(of: "4e0b", with: "4e0c") + " \t\n"
            ).status == 0)
        // An upper-case event_id is the same event (UUIDs are case-insensitive): a no-op, exported lower-case.
        let upper = try importing(
            Self.line().replacingOccurrences(
                of: "019b7507-849d-7ed9-b409-dc9828b04e0b",
                with: "019B7507-849D-7ED9-B409-DC9828B04E0B") + "\n")
        #expect(upper.status == 0 && upper.stdout.contains("0 appended, 1 already stored"), "\(upper.stdout)")
        #expect(try cli.run(["export"]).stdout.contains("019b7507-849d-7ed9-b409-dc9828b04e0b"))
        // A UTF-8 byte order mark is skipped at the start of a file, and an error anywhere else.
        let bom = "\u{FEFF}"
        #expect(
            try importing(bom + Self.line("019b7507-849d-7ed9-b409-dc9828b04e0d", complaint: "Z-3") + "\n").status == 0)
        let midBOM = try importing(
            Self.line("019b7507-849d-7ed9-b409-dc9828b04e0e", complaint: "Z-4") + "\n"
                + bom + Self.line("019b7507-849d-7ed9-b409-dc9828b04e0f", complaint: "Z-5") + "\n")
        #expect(midBOM.status == 1 && midBOM.stderr.hasPrefix("redress: line 2: invalid JSON"), "\(midBOM.stderr)")
        // null for optional top-level fields is the same as leaving them out; a required one stays required.
        let nulls = try importing(
            Self.line(
                "019b7507-849d-7ed9-b409-dc9828b04e10", complaint: "Z-6",
                extra: #""expected_version":null,"actor":null,"#) + "\n")
        #expect(nulls.status == 0, "\(nulls.stderr)")
        let ack =
            #"{"event_id":"019b7507-849d-7ed9-b409-dc9828b04e11","complaint_id":"Z-6","type":"acknowledged","#
            + #""occurred_at":"2026-01-01T01:00:00+09:00","actor":null,"data":{}}"#
        let required = try importing(ack + "\n")
        #expect(required.status == 1 && required.stderr.contains("actor"), "\(required.stderr)")
        // Limits: 32 levels of nesting, lines of at most 1 MiB.
        var deep = "1"
        for _ in 0..<33 { deep = "[" + deep + "]" }
        let nested = try importing(
            Self.line(
                "019b7507-849d-7ed9-b409-dc9828b04e12", complaint: "Z-7",
                extra: "\"actor\":\(deep),") + "\n")
        #expect(nested.status == 1 && nested.stderr.contains("nesting deeper than 32 levels"), "\(nested.stderr)")
        let long = try importing(Self.line() + "\n" + "{\"x\":\"" + String(repeating: "a", count: 1 << 20) + "\"}\n")
        #expect(long.status == 1 && long.stderr.contains("line 2: longer than 1048576 bytes"), "\(long.stderr)")
        // Times before 1970 are accepted, and their months reported.
        let early = try importing(
            Self.line("019b7507-849d-7ed9-b409-dc9828b04e13", complaint: "Z-8", at: "1969-12-31T23:00:00+09:00") + "\n")
        #expect(early.status == 0, "\(early.stderr)")
        let metrics = try cli.run(["metrics", "--month", "1969-12", "--format", "json"])
        #expect(
            metrics.status == 0 && metrics.stdout.contains(#""complaints":1,"#), "\(metrics.stdout) \(metrics.stderr)")
        // An expected_version conflict exits 3, as in a record command; nothing of the import is stored.
        let before = try cli.run(["export"]).stdout
        let conflict = try importing(
            Self.line("019b7507-849d-7ed9-b409-dc9828b04e14", complaint: "Z-9") + "\n"
                + #"{"event_id":"019b7507-849d-7ed9-b409-dc9828b04e15","complaint_id":"Z-1","type":"acknowledged","#
                + #""occurred_at":"2026-01-02T00:00:00+09:00","actor":"kim","expected_version":5,"data":{}}"#
                + "\n")
        #expect(conflict.status == 3, "\(conflict.stderr)")
        #expect(conflict.stderr.hasPrefix("redress: line 2: conflict"), "\(conflict.stderr)")
        #expect(try cli.run(["export"]).stdout == before)
    }
}
