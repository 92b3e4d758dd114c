import Foundation
import Redress
import Testing

/// SPEC 7 in the JSON Schemas: `due` output, the SLA-clock fields of `metrics`, `paused`/`resumed`
/// events, and a policy's `sla.clock` and `calendar` — checked with tools/validate_ndjson.py, and
/// the schema refusing what the ledger's policy parser refuses wherever a schema can say it.
@Suite struct CalendarSchemaTests {
    let cli = CLI()
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
    var korea: String { root.appendingPathComponent("Policies/korea.json").path }

    /// tools/validate_ndjson.py: every line of `path` against `Schemas/<schema>`.
    func validate(_ schema: String, _ path: String) throws -> CLI.Output {
        try CLI.execute(
            "/usr/bin/env",
            [
                "python3", root.appendingPathComponent("tools/validate_ndjson.py").path,
                root.appendingPathComponent("Schemas/\(schema)").path, path,
            ], directory: cli.directory)
    }

    /// A ledger from `generate --policy Policies/korea.json` (which pauses and resumes), plus K-1 paused
    /// as of the end and K-2 resumed by the customer (no actor).
    func generatedLedger() throws {
        try cli.setup(["generate", "--complaints", "300", "--policy", korea, "-o", "in.ndjson"])
        try cli.setup(["import", "in.ndjson"])
        for arguments in [
            [
                "receive", "K-1", "--customer", "고객-1", "--channel", "phone", "--category", "service", "--at",
                "2026-03-30T10:00:00+09:00",
            ],
            ["acknowledge", "K-1", "--by", "lee", "--at", "2026-03-30T10:30:00+09:00"],
            [
                "pause", "K-1", "--by", "lee", "--reason", "awaiting-customer", "--note", "사진 요청", "--at",
                "2026-03-30T11:00:00+09:00",
            ],
            [
                "receive", "K-2", "--customer", "고객-2", "--channel", "web", "--category", "product", "--at",
                "2026-03-30T10:00:00+09:00",
            ],
            ["acknowledge", "K-2", "--by", "park", "--at", "2026-03-30T10:05:00+09:00"],
            [
                "pause", "K-2", "--by", "park", "--reason", "awaiting-third-party", "--at",
                "2026-03-30T10:10:00+09:00",
            ],
            ["resume", "K-2", "--note", "택배사 회신", "--at", "2026-03-30T15:00:00+09:00"],
        ] {
            try cli.setup(arguments)
        }
    }

    @Test func dueMetricsAndExportOfALedgerWithPausesValidate() throws {
        try generatedLedger()

        let due = try cli.run([
            "due", "--policy", korea, "--at", "2026-03-31T18:00:00+09:00", "--format", "json",
        ])
        try #require(due.status == 0, "\(due.stderr)")
        let dueCheck = try validate("due.schema.json", cli.write("due.json", due.stdout))
        #expect(dueCheck.status == 0, "\(dueCheck.stderr)")
        // What the schema's branches cover is really there: a paused item, a running one, no owner yet.
        #expect(due.stdout.contains(#""sla_clock":"business""#))
        #expect(
            due.stdout.contains(
                #"{"complaint_id":"K-1","target":"close","owner":"lee","channel":"phone","category":"service""#))
        #expect(due.stdout.contains(#""due_at":null,"paused":true,"pause_reason":"awaiting-customer"}"#))
        #expect(due.stdout.contains(#""paused":false,"pause_reason":null}"#))
        #expect(due.stdout.contains(#""owner":null"#))

        for month in ["2026-01", "2026-03"] {
            let metrics = try cli.run(["metrics", "--month", month, "--policy", korea, "--format", "json"])
            try #require(metrics.status == 0, "\(metrics.stderr)")
            let check = try validate("metrics.schema.json", cli.write("metrics-\(month).json", metrics.stdout))
            #expect(check.status == 0, "\(month): \(check.stderr)")
            #expect(
                metrics.stdout.contains(#""sla_clock":"business""#) && metrics.stdout.contains(#""sla_elapsed":{"n":"#))
        }
        // The default policy: the calendar clock.
        let plain = try cli.run(["metrics", "--month", "2026-03", "--format", "json"])
        #expect(plain.stdout.contains(#""sla_clock":"calendar""#))
        #expect(try validate("metrics.schema.json", cli.write("metrics-plain.json", plain.stdout)).status == 0)

        try cli.setup(["export", "-o", "out.ndjson"])
        let exported = cli.read("out.ndjson")
        #expect(exported.contains(#""type":"paused""#) && exported.contains(#""type":"resumed""#))
        #expect(exported.contains(#""complaint_id":"K-2","version":4"#))
        let exportCheck = try validate("exported-event.schema.json", cli.directory + "/out.ndjson")
        #expect(exportCheck.status == 0, "\(exportCheck.stderr)")
        let importCheck = try validate("event.schema.json", cli.directory + "/in.ndjson")
        #expect(importCheck.status == 0, "\(importCheck.stderr)")
        #expect(cli.read("in.ndjson").contains(#""type":"paused""#), "generate makes pauses")
    }

    /// A `paused` line needs a reason and an actor; a `resumed` line may come from the customer.
    @Test func pausedAndResumedLinesFollowTheirRules() throws {
        let head =
            #"{"event_id":"01890a5d-ac96-774b-bcce-b302099a8057","complaint_id":"C-1","#
            + #""occurred_at":"2026-01-01T00:00:00Z","#
        let long = String(repeating: "가", count: 4001)
        let cases: [(line: String, valid: Bool)] = [
            (#""type":"paused","actor":"k","data":{"reason":"awaiting-customer","note":"사진"}}"#, true),
            (#""type":"paused","actor":"k","data":{"reason":"other","note":null}}"#, true),
            (#""type":"paused","data":{"reason":"other"}}"#, false),
            (#""type":"paused","actor":"k","data":{}}"#, false),
            (#""type":"paused","actor":"k","data":{"reason":"waiting"}}"#, false),
            (#""type":"paused","actor":"k","data":{"reason":"other","until":"2026-02-01"}}"#, false),
            (#""type":"paused","actor":"k","data":{"reason":"other","note":""# + long + #""}}"#, false),
            (#""type":"resumed","data":{}}"#, true),
            (#""type":"resumed","actor":"k","data":{"note":"회신"}}"#, true),
            (#""type":"resumed","data":{"reason":"other"}}"#, false),
        ]
        for (i, item) in cases.enumerated() {
            let out = try validate("event.schema.json", cli.write("line-\(i).ndjson", head + item.line + "\n"))
            #expect((out.status == 0) == item.valid, "\(item.line): \(out.stderr)")
        }
    }

    @Test func theReadyMadePoliciesValidate() throws {
        for file in ["Policies/korea.json", "Policies/us.json"] {
            // validate_ndjson.py reads one JSON value a line: the same policy, without its line breaks.
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            let compact = try JSONSerialization.data(
                withJSONObject: try JSONSerialization.jsonObject(with: data), options: [.withoutEscapingSlashes])
            let name = file.replacingOccurrences(of: "/", with: "-")
            let out = try validate(
                "policy.schema.json", cli.write(name, String(decoding: compact, as: UTF8.self) + "\n"))
            #expect(out.status == 0, "\(file): \(out.stderr)")
        }
    }

    /// Every calendar the policy parser refuses for a reason a schema can state, the schema refuses too;
    /// the rules only the parser checks (start before end, ascending) the schema lets through, as its
    /// descriptions say.
    @Test func badCalendarsAreRefusedByTheParserAndTheSchemaAlike() throws {
        let week = #""hours":{"mon":[["09:00","18:00"]]}"#
        func business(_ calendar: String) -> String { #"{"sla":{"clock":"business"},"calendar":{"# + calendar + "}}" }
        func hours(_ days: String) -> String { business(#""hours":{"# + days + "}") }
        func holidays(_ dates: String) -> String { business(week + #","holidays":["# + dates + "]") }
        let commented = #"{"$comment":["a","b"],"sla":{"clock":"business"},"calendar":{"# + week + "}}"
        let noClock = #"{"calendar":{"# + week + "}}"
        let calendarClock = #"{"sla":{"clock":"calendar"},"calendar":{"# + week + "}}"
        let good = business(
            #""hours":{"mon":[["09:00","12:00"],["12:00","24:00"]],"sun":[]},"holidays":["2026-02-17"]"#)
        // (why, policy, the key the parser names or nil when it accepts it, whether the schema refuses it)
        let cases: [(String, String, String?, Bool)] = [
            ("good", good, nil, false),
            ("comment", commented, nil, false),
            ("bad day key", hours(#""monday":[["09:00","18:00"]]"#), "calendar.hours.monday", true),
            ("hour of one digit", hours(#""mon":[["9:00","18:00"]]"#), "calendar.hours.mon[0]", true),
            ("minute 60", hours(#""mon":[["09:60","18:00"]]"#), "calendar.hours.mon[0]", true),
            ("end 24:30", hours(#""mon":[["09:00","24:30"]]"#), "calendar.hours.mon[0]", true),
            ("start 24:00", hours(#""mon":[["09:00","18:00"],["24:00","24:00"]]"#), "calendar.hours.mon[1]", true),
            ("interval of 3 strings", hours(#""mon":[["09:00","12:00","18:00"]]"#), "calendar.hours.mon[0]", true),
            ("interval of 1 string", hours(#""mon":[["09:00"]]"#), "calendar.hours.mon[0]", true),
            ("interval of numbers", hours(#""mon":[[9,18]]"#), "calendar.hours.mon[0]", true),
            ("duplicate holiday", holidays(#""2026-01-01","2026-01-01""#), "calendar.holidays[1]", true),
            ("holiday not a date", holidays(#""2026-02-30""#), "calendar.holidays[0]", true),
            ("holiday not YYYY-MM-DD", holidays(#""2026-2-17""#), "calendar.holidays[0]", true),
            ("no hours", business(#""holidays":[]"#), "calendar.hours", true),
            ("no working time", hours(#""mon":[],"sat":[]"#), "calendar.hours", true),
            ("unknown calendar key", business(week + #","holiday":[]"#), "calendar.holiday", true),
            ("calendar without a clock", noClock, "calendar", true),
            ("calendar on the calendar clock", calendarClock, "calendar", true),
            ("unknown clock", #"{"sla":{"clock":"working"}}"#, "sla.clock", true),
            ("comment a number", #"{"$comment":3}"#, "$comment", true),
            // Only the parser: the schema lets these through.
            ("start after end", hours(#""mon":[["18:00","09:00"]]"#), "calendar.hours.mon[0]", false),
            ("overlapping", hours(#""mon":[["09:00","13:00"],["12:00","18:00"]]"#), "calendar.hours.mon[1]", false),
        ]
        for (i, (why, text, key, schemaRefuses)) in cases.enumerated() {
            do {
                _ = try Policy.parse(Array(text.utf8))
                #expect(key == nil, "\(why): the parser accepts \(text)")
            } catch let error as Policy.Error {
                #expect(error.key == key, "\(why): the parser names \(error.key): \(error.message)")
            }
            let out = try validate("policy.schema.json", cli.write("policy-\(i).json", text + "\n"))
            #expect(
                (out.status != 0) == schemaRefuses,
                "\(why): the schema \(schemaRefuses ? "accepts" : "refuses") \(text): \(out.stderr)")
        }
    }
}
