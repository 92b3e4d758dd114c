import Foundation
import Testing

/// `redress complaints` on the real binary: every filter, every field, the JSON against
/// Schemas/complaints.schema.json, the table within 100 columns, and the list agreeing with `metrics`.
@Suite struct ComplaintsCLITests {
    let cli = CLI()
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The report's clock of most checks: Wednesday 2026-03-04 09:00 in Seoul.
    static let clock = "2026-03-04T09:00:00+09:00"

    /// Six complaints under the built-in policy (calendar clock; acknowledge 1 h, close 72 h), positions
    /// in comments. At the clock:
    /// - E (Feb 27 09:00, phone): acknowledged by agent.kim, closed, reopened: open, no target (its first
    ///   cycle reached both), age 5 days.
    /// - D (Mar 1 08:00, chat): acknowledged by agent.lee, closed: closed, age 73 h.
    /// - A (Mar 2 09:00, phone, high) and F (the same instant, store): never acknowledged: the
    ///   acknowledge target 47 h − 1 h overdue (−169,200 s), no owner; A before F by id.
    /// - B (Mar 2 10:00, web): acknowledged by agent.kim, assigned to agent.lee at position 12: close
    ///   target 72 h − 47 h = 90,000 s left.
    /// - C (Mar 3 09:00, email): acknowledged by agent.kim, paused 10:00 (awaiting the customer): the clock
    ///   stopped after 1 h, so 71 h (255,600 s) of its close target left.
    static let lines: [String] = [
        received("E", 1, "2026-02-27T09:00:00+09:00", channel: "phone"),  // 1
        event("E", 2, "acknowledged", "2026-02-27T09:10:00+09:00", actor: "agent.kim"),  // 2
        event("E", 3, "closed", "2026-02-28T09:00:00+09:00", actor: "agent.kim", data: #"{"resolution":"resolved"}"#),
        event("E", 4, "reopened", "2026-03-01T09:00:00+09:00"),  // 4
        received("D", 5, "2026-03-01T08:00:00+09:00", channel: "chat"),  // 5
        event("D", 6, "acknowledged", "2026-03-01T08:20:00+09:00", actor: "agent.lee"),  // 6
        event("D", 7, "closed", "2026-03-01T12:00:00+09:00", actor: "agent.lee", data: #"{"resolution":"resolved"}"#),
        received("A", 8, "2026-03-02T09:00:00+09:00", channel: "phone", category: "service", severity: "high"),
        received("F", 9, "2026-03-02T09:00:00+09:00", channel: "store", category: "other"),  // 9
        received("B", 10, "2026-03-02T10:00:00+09:00", channel: "web"),  // 10
        event("B", 11, "acknowledged", "2026-03-02T10:30:00+09:00", actor: "agent.kim"),  // 11
        event("B", 12, "assigned", "2026-03-02T11:00:00+09:00", actor: "agent.kim", data: #"{"to":"agent.lee"}"#),
        received("C", 13, "2026-03-03T09:00:00+09:00", channel: "email"),  // 13
        event("C", 14, "acknowledged", "2026-03-03T09:10:00+09:00", actor: "agent.kim"),  // 14
        event(
            "C", 15, "paused", "2026-03-03T10:00:00+09:00", actor: "agent.kim",
            data: #"{"reason":"awaiting-customer"}"#),  // 15
    ]

    static func id(_ n: Int) -> String { String(format: "0190f8a2-0000-7000-8000-%012d", n) }

    static func received(
        _ complaint: String, _ n: Int, _ at: String, channel: String, category: String = "product",
        severity: String? = nil
    ) -> String {
        let severity = severity.map { #","severity":"\#($0)""# } ?? ""
        return event(
            complaint, n, "received", at,
            data: #"{"customer":"c-\#(n)","channel":"\#(channel)","category":"\#(category)"\#(severity)}"#)
    }

    static func event(
        _ complaint: String, _ n: Int, _ type: String, _ at: String, actor: String? = nil, data: String = "{}"
    )
        -> String
    {
        let actor = actor.map { #","actor":"\#($0)""# } ?? ""
        return #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"\#(type)","occurred_at":"\#(at)""#
            + #"\#(actor),"data":\#(data)}"#
    }

    func ledger() throws {
        try cli.setup(["import", cli.write("in.ndjson", Self.lines.joined(separator: "\n") + "\n")])
    }

    func json(_ arguments: [String], at: String? = ComplaintsCLITests.clock) throws -> [String: Any] {
        let out = try cli.setup(["complaints"] + arguments + (at.map { ["--at", $0] } ?? []) + ["--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    func ids(_ arguments: [String]) throws -> [String] {
        try #require(try json(arguments)["items"] as? [[String: Any]]).compactMap { $0["complaint_id"] as? String }
    }

    func validate(_ text: String) throws -> CLI.Output {
        try CLI.execute(
            "/usr/bin/env",
            [
                "python3", root.appendingPathComponent("tools/validate_ndjson.py").path,
                root.appendingPathComponent("Schemas/complaints.schema.json").path, cli.write("list.json", text),
            ], directory: cli.directory)
    }

    static func seconds(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func everyComplaintOldestFirstWithItsStateAgeOwnerAndSLATimeLeft() throws {
        try ledger()
        let report = try json([])
        #expect(Set(report.keys) == ["as_of_position", "clock_at", "timezone", "sla_clock", "filters", "items"])
        #expect(report["as_of_position"] as? Int == 15 && report["clock_at"] as? String == Self.clock)
        #expect(report["timezone"] as? String == "Asia/Seoul" && report["sla_clock"] as? String == "calendar")
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.map { $0["complaint_id"] as? String } == ["E", "D", "A", "F", "B", "C"])
        for item in items {
            #expect(
                Set(item.keys) == [
                    "complaint_id", "received_at", "channel", "category", "severity", "owner", "state",
                    "pause_reason", "age_seconds", "target", "remaining_seconds", "overdue",
                ])
        }
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0["complaint_id"] as? String ?? "", $0) })
        let e = try #require(byID["E"])
        #expect(e["state"] as? String == "open" && e["owner"] as? String == "agent.kim")
        #expect(e["target"] is NSNull && e["remaining_seconds"] is NSNull && e["overdue"] as? Bool == false)
        #expect(Self.seconds(e["age_seconds"]) == 432_000)  // 5 days
        #expect(e["received_at"] as? String == "2026-02-27T09:00:00+09:00" && e["channel"] as? String == "phone")
        let d = try #require(byID["D"])
        #expect(d["state"] as? String == "closed" && d["owner"] as? String == "agent.lee")
        #expect(d["target"] is NSNull && d["overdue"] as? Bool == false && Self.seconds(d["age_seconds"]) == 262_800)
        let a = try #require(byID["A"])
        #expect(a["state"] as? String == "open" && a["owner"] is NSNull && a["severity"] as? String == "high")
        #expect(a["category"] as? String == "service" && a["target"] as? String == "acknowledge")
        #expect(Self.seconds(a["remaining_seconds"]) == -169_200 && a["overdue"] as? Bool == true)
        #expect(Self.seconds(a["age_seconds"]) == 172_800 && a["pause_reason"] is NSNull)
        let f = try #require(byID["F"])
        #expect(f["channel"] as? String == "store" && f["severity"] as? String == "medium")
        #expect(f["overdue"] as? Bool == true)
        let b = try #require(byID["B"])
        #expect(b["owner"] as? String == "agent.lee" && b["target"] as? String == "close")
        #expect(Self.seconds(b["remaining_seconds"]) == 90_000 && b["overdue"] as? Bool == false)
        let c = try #require(byID["C"])
        #expect(c["state"] as? String == "paused" && c["pause_reason"] as? String == "awaiting-customer")
        #expect(c["owner"] as? String == "agent.kim" && c["target"] as? String == "close")
        #expect(Self.seconds(c["remaining_seconds"]) == 255_600 && Self.seconds(c["age_seconds"]) == 86_400)
        let filters = try #require(report["filters"] as? [String: Any])
        #expect(filters["open"] as? Bool == false && filters["owner"] is NSNull && filters["month"] is NSNull)

        // The JSON is what its schema says, filtered or not; the same bytes every time.
        let text = try cli.setup(["complaints", "--at", Self.clock, "--format", "json"]).stdout
        let check = try validate(text)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let filtered = try cli.setup([
            "complaints", "--at", Self.clock, "--open", "--owner", "agent.kim", "--channel", "email", "--month",
            "2026-03", "--format", "json",
        ]).stdout
        #expect(try validate(filtered).status == 0)
        #expect(try cli.setup(["complaints", "--at", Self.clock, "--format", "json"]).stdout == text)
    }

    @Test func eachFilterAndTheirCombination() throws {
        try ledger()
        #expect(try ids(["--open"]) == ["E", "A", "F", "B", "C"])
        #expect(try ids(["--paused"]) == ["C"])
        #expect(try ids(["--overdue"]) == ["A", "F"])
        #expect(try ids(["--owner", "agent.kim"]) == ["E", "C"])
        #expect(try ids(["--owner", "agent.lee"]) == ["D", "B"])
        #expect(try ids(["--owner", "nobody"]) == [])
        #expect(try ids(["--channel", "phone"]) == ["E", "A"])
        #expect(try ids(["--month", "2026-02"]) == ["E"])
        #expect(try ids(["--month", "2026-03"]) == ["D", "A", "F", "B", "C"])
        #expect(try ids(["--month", "2026-04"]) == [])
        // Filters combine: all must hold.
        #expect(try ids(["--open", "--owner", "agent.kim"]) == ["E", "C"])
        #expect(try ids(["--open", "--month", "2026-03", "--channel", "phone"]) == ["A"])
        #expect(try ids(["--overdue", "--paused"]) == [])
        let filters = try #require(
            try json(["--open", "--owner", "agent.kim", "--month", "2026-03"])["filters"] as? [String: Any])
        #expect(filters["open"] as? Bool == true && filters["owner"] as? String == "agent.kim")
        #expect(filters["month"] as? String == "2026-03" && filters["channel"] is NSNull)

        // A day later (Thursday 09:00) B's close target is 24 h closer and C's is not (it is paused).
        let later = try json(["--open"], at: "2026-03-05T09:00:00+09:00")
        let items = try #require(later["items"] as? [[String: Any]])
        #expect(Self.seconds(items.first { $0["complaint_id"] as? String == "B" }?["remaining_seconds"]) == 3_600)
        #expect(Self.seconds(items.first { $0["complaint_id"] as? String == "C" }?["remaining_seconds"]) == 255_600)
    }

    @Test func asOfAPositionTheOwnerAndTheComplaintsAreThoseOfThatPosition() throws {
        try ledger()
        // At position 11 B is acknowledged by agent.kim and not yet assigned; C does not exist yet.
        let before = try json(["--as-of-position", "11"])
        #expect(before["as_of_position"] as? Int == 11)
        let items = try #require(before["items"] as? [[String: Any]])
        #expect(items.map { $0["complaint_id"] as? String } == ["E", "D", "A", "F", "B"])
        #expect(items.last?["owner"] as? String == "agent.kim")
        #expect(try ids(["--as-of-position", "11", "--owner", "agent.lee"]) == ["D"])
        // Without --at, an as-of position's own clock (when its event was recorded: today, not March).
        let own = try json(["--as-of-position", "11"], at: nil)
        #expect(own["clock_at"] as? String != Self.clock)
        // As of position 3 E is closed (its reopen comes at 4).
        let closed = try #require(try json(["--as-of-position", "3"])["items"] as? [[String: Any]])
        #expect(closed.count == 1 && closed[0]["state"] as? String == "closed")
    }

    @Test func theOpenOnesOfAMonthAreTheOnesMetricsCounts() throws {
        try cli.setup([
            "generate", "--complaints", "300", "--seed", "5", "--start", "2026-01", "--months", "2", "-o", "gen.ndjson",
        ])
        try cli.setup(["import", "gen.ndjson"])
        let metrics = try cli.setup(["metrics", "--month", "2026-02", "--format", "json"]).stdout
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(metrics.utf8)) as? [String: Any])
        let open = try #require(try json(["--open", "--month", "2026-02"])["items"] as? [[String: Any]])
        #expect(open.count == figures["open"] as? Int)
        let paused = try #require(try json(["--paused", "--month", "2026-02"])["items"] as? [[String: Any]])
        #expect(paused.count == figures["paused"] as? Int)
        let all = try #require(try json(["--month", "2026-02"])["items"] as? [[String: Any]])
        #expect(all.count == figures["complaints"] as? Int)
        // A short list reads each complaint's own events for its owner, a long one every owner at once (the
        // store's owners(asOf:)): the same owners either way.
        let owners = Dictionary(
            uniqueKeysWithValues: all.map { ($0["complaint_id"] as? String ?? "", $0["owner"] as? String ?? "-") })
        for item in paused {
            #expect(owners[item["complaint_id"] as? String ?? ""] == (item["owner"] as? String ?? "-"))
        }
        let text = try cli.setup(["complaints", "--at", Self.clock, "--format", "json"]).stdout
        #expect(try validate(text).status == 0)
    }

    @Test func theTableFitsIn100ColumnsAndCSVHasTheJSONFields() throws {
        try ledger()
        let table = try cli.setup(["complaints", "--at", Self.clock]).stdout
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(table)")
        #expect(table.contains("6 complaints: 4 open, 1 paused, 1 closed · 2 overdue"), "\(table)")
        let lineA = try #require(table.split(separator: "\n").first { $0.hasPrefix("A ") })
        #expect(lineA.contains("2026-03-02 09:00") && lineA.contains("ack") && lineA.hasSuffix("-47h 00m"))
        #expect(
            lineA.contains("phone") && lineA.contains("service") && lineA.contains("high") && lineA.contains("2d 00h"))
        let lineC = try #require(table.split(separator: "\n").first { $0.hasPrefix("C ") })
        #expect(lineC.contains("paused") && lineC.contains("agent.kim") && lineC.hasSuffix("71h 00m"))
        let filtered = try cli.setup(["complaints", "--at", Self.clock, "--open", "--owner", "agent.kim"]).stdout
        #expect(filtered.contains("Only: open, owner agent.kim") && filtered.contains("2 complaints"))
        let none = try cli.setup(["complaints", "--at", Self.clock, "--month", "2025-01"]).stdout
        #expect(none.contains("no complaints match"))
        // A long owner id and a long complaint id are cut, not widening the table.
        try cli.setup([
            "receive", String(repeating: "Z", count: 64), "--customer", "c", "--channel", "social", "--category",
            "customer", "--severity", "critical", "--at", "2026-03-03T12:00:00+09:00",
        ])
        try cli.setup([
            "assign", String(repeating: "Z", count: 64), "--to", String(repeating: "x", count: 64), "--by", "lead",
            "--at", "2026-03-03T12:05:00+09:00",
        ])
        let wide = try cli.setup(["complaints", "--at", "9998-01-01T00:00:00Z"]).stdout
        #expect(wide.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(wide)")

        let csv = try cli.setup(["complaints", "--at", Self.clock, "--format", "csv"]).stdout.split(separator: "\n")
        #expect(
            csv[0] == "complaint_id,received_at,channel,category,severity,owner,state,pause_reason,age_seconds,"
                + "target,remaining_seconds,overdue")
        #expect(csv.count == 8)
        #expect(csv[3] == "A,2026-03-02T09:00:00+09:00,phone,service,high,,open,,172800,acknowledge,-169200,true")
        #expect(Set(csv.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }) == [12])
    }

    @Test func badFlagsAreUsageErrorsNamingTheFlag() throws {
        try ledger()
        let channel = try cli.run(["complaints", "--channel", "fax"])
        #expect(channel.status == 64 && channel.stderr.contains("--channel fax"))
        let owner = try cli.run(["complaints", "--owner", "agent kim"])
        #expect(owner.status == 64 && owner.stderr.contains("--owner agent kim"))
        let at = try cli.run(["complaints", "--at", "yesterday"])
        #expect(at.status == 64 && at.stderr.contains("--at yesterday"))
        let month = try cli.run(["complaints", "--month", "2026-13"])
        #expect(month.status == 1 && month.stderr.contains("2026-13"))
        let position = try cli.run(["complaints", "--as-of-position", "99"])
        #expect(position.status == 1 && position.stderr.contains("99"))
    }

    #if PostgreSQL
    /// The same ledger on PostgreSQL lists the same bytes as on SQLite, whichever way the owners are read
    /// (all at once with the store's `owners(asOf:)` for the whole list, stream by stream for a short one).
    @Test func postgreSQLListsTheSameComplaintsAsSQLite() throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["REDRESS_TEST_POSTGRES"],
            "no PostgreSQL server: run the tests through tools/test, which starts one")
        let host = String(try #require(url.firstMatch(of: /host=([^&]+)/)).1)
        let name = "complaints_\(UUID().uuidString.prefix(8).lowercased())"
        let created = try CLI.execute(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-h", host, "-U", "redress", "-d", "postgres", "-c", "CREATE DATABASE \(name)"],
            directory: cli.directory)
        try #require(created.status == 0, "\(created.stderr)")
        let pg = "postgres://redress@/\(name)?host=\(host)"
        try cli.setup([
            "generate", "--complaints", "300", "--seed", "17", "--start", "2026-01", "--months", "3", "-o", "in.ndjson",
        ])
        try cli.setup(["import", "in.ndjson"])
        try cli.setup(["export", "-o", "ledger.ndjson"])
        try cli.setup(["--db", pg, "import", "ledger.ndjson"])
        let at = "2026-04-01T09:00:00+09:00"
        let all = try json([], at: at)
        let items = try #require(all["items"] as? [[String: Any]])
        let owner = try #require(items.compactMap { $0["owner"] as? String }.first)
        for filters in [
            [], ["--open"], ["--open", "--channel", "phone", "--month", "2026-03"], ["--overdue"], ["--owner", owner],
            ["--month", "2026-02", "--channel", "phone"],
            ["--as-of-position", "500"], ["--open", "--format", "csv"], ["--format", "table"],
        ] {
            let arguments = ["complaints", "--at", at] + filters
            let format = filters.contains("--format") ? [] : ["--format", "json"]
            let sqlite = try cli.setup(arguments + format)
            let postgres = try cli.setup(["--db", pg] + arguments + format)
            #expect(postgres.stdout == sqlite.stdout, "\(filters)")
        }
        // The whole list read every owner at once; March's open phone ones, few, stream by stream
        // (Ledger.ownerReadCost: streams while complaints × 256 < events).
        let events = try #require(all["as_of_position"] as? Int)
        let short = try json(["--open", "--channel", "phone", "--month", "2026-03"], at: at)
        let few = try #require(short["items"] as? [[String: Any]])
        #expect(
            items.count * 256 >= events && !few.isEmpty && few.count * 256 < events,
            "\(few.count) × 256, \(events) events")
    }
    #endif
}
