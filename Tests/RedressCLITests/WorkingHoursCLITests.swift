import Foundation
import Testing

/// SPEC 7 on the real binary: the SLA clock in metrics and rewards, issued statements under a calendar,
/// pauses, and `due`.
@Suite struct WorkingHoursCLITests {
    let cli = CLI()
    var korea: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies/korea.json").path
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let out = try cli.setup(arguments + ["--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    /// A Friday-evening complaint acknowledged on Monday morning: 63h 20m elapsed, 20 working minutes.
    func fridayEvening() throws {
        try cli.setup([
            "receive", "K-1", "--customer", "CUST-1", "--channel", "web", "--category", "service",
            "--at", "2026-01-09T17:50:00+09:00",
        ])
        try cli.setup(["acknowledge", "K-1", "--by", "agent.kim", "--at", "2026-01-12T09:10:00+09:00"])
    }

    @Test func theAcknowledgementSLAAndItsCreditCountWorkingTimeOnly() throws {
        try fridayEvening()
        let calendarClock = try json(["metrics", "--month", "2026-01"])
        let business = try json(["metrics", "--month", "2026-01", "--policy", korea])
        let wall = try #require(calendarClock["acknowledge"] as? [String: Any])
        let work = try #require(business["acknowledge"] as? [String: Any])
        #expect(wall["p50_seconds"] as? Int == 228_000)  // 63h 20m, the duration itself on both clocks
        #expect(work["p50_seconds"] as? Int == 228_000)
        #expect(wall["sla_clock"] as? String == "calendar" && work["sla_clock"] as? String == "business")
        #expect((wall["sla_elapsed"] as? [String: Any])?["p50_seconds"] as? Int == 228_000)
        #expect((work["sla_elapsed"] as? [String: Any])?["p50_seconds"] as? Int == 1_200)
        #expect(wall["sla_breached"] as? Int == 1 && work["sla_met"] as? Int == 1)
        // The credit payroll pays follows the clock: earned on working time, not on the calendar clock.
        let paid = try cli.setup(["rewards", "--month", "2026-01", "--policy", korea, "--items"]).stdout
        let unpaid = try cli.setup(["rewards", "--month", "2026-01", "--items"]).stdout
        #expect(paid.contains("acknowledged_within_sla"))
        #expect(!unpaid.contains("acknowledged_within_sla"))
        // The table and the page say which clock the figures use.
        let table = try cli.setup(["metrics", "--month", "2026-01", "--policy", korea]).stdout
        #expect(
            table.contains("SLA clock: working hours (Asia/Seoul: mon–fri 09:00–12:00, 13:00–18:00; 46 holidays"))
        try cli.setup(["report", "--month", "2026-01", "--policy", korea, "--lang", "ko", "-o", "ko.html"])
        let page = try String(contentsOfFile: cli.directory + "/ko.html", encoding: .utf8)
        #expect(page.contains("SLA 기준 시간: 근무시간 (Asia/Seoul: 월–금 09:00–12:00, 13:00–18:00"))
    }

    @Test func pausedTimeIsNotCountedAndACloseEndsAPause() throws {
        try fridayEvening()
        try cli.setup([
            "pause", "K-1", "--by", "agent.kim", "--reason", "awaiting-customer", "--at", "2026-01-12T10:00:00+09:00",
        ])
        var metrics = try json(["metrics", "--month", "2026-01", "--policy", korea])
        #expect(metrics["paused"] as? Int == 1 && metrics["open"] as? Int == 1)
        let refused = try cli.run([
            "pause", "K-1", "--by", "agent.kim", "--reason", "other", "--at", "2026-01-12T11:00:00+09:00",
        ])
        #expect(refused.status == 1 && refused.stderr.contains("[rule pause-once-at-a-time]"))
        // Resumed by the customer's reply on Wednesday 10:00; closed Thursday 10:00.
        try cli.setup(["resume", "K-1", "--at", "2026-01-14T10:00:00+09:00", "--note", "사진 받음"])
        try cli.setup([
            "close", "K-1", "--by", "agent.kim", "--resolution", "resolved", "--at", "2026-01-15T10:00:00+09:00",
        ])
        metrics = try json(["metrics", "--month", "2026-01", "--policy", korea])
        let close = try #require(metrics["close"] as? [String: Any])
        // Fri 17:50–18:00 (10m) + Mon 09:00–10:00 (1h) before the pause; Wed 10:00 to Thu 10:00 is 8h.
        #expect((close["sla_elapsed"] as? [String: Any])?["p50_seconds"] as? Int == 600 + 3_600 + 8 * 3_600)
        #expect(metrics["paused"] as? Int == 0)
        // A pause that a close ends counts up to the close only.
        try cli.setup([
            "receive", "K-2", "--customer", "CUST-2", "--channel", "phone", "--category", "product",
            "--at", "2026-01-19T09:00:00+09:00",
        ])
        try cli.setup(["acknowledge", "K-2", "--by", "agent.lee", "--at", "2026-01-19T10:00:00+09:00"])
        try cli.setup([
            "pause", "K-2", "--by", "agent.lee", "--reason", "awaiting-third-party", "--at",
            "2026-01-19T11:00:00+09:00",
        ])
        try cli.setup([
            "close", "K-2", "--by", "agent.lee", "--resolution", "withdrawn", "--at", "2026-01-21T11:00:00+09:00",
        ])
        let replay = try cli.setup(["replay", "K-2"]).stdout
        #expect(replay.contains("awaiting-third-party"))
        metrics = try json(["metrics", "--month", "2026-01", "--policy", korea])
        let twoClosed = try #require((metrics["close"] as? [String: Any])?["sla_elapsed"] as? [String: Any])
        // K-2: Mon 09:00–11:00 worked, then paused until the close.
        #expect(twoClosed["n"] as? Int == 2 && twoClosed["p50_seconds"] as? Int == 7_200)
        #expect(twoClosed["max_seconds"] as? Int == 33_000)
    }

    @Test func aStatementIssuedUnderACalendarReproducesAfterLaterEvents() throws {
        try cli.setup([
            "generate", "--complaints", "300", "--months", "2", "--seed", "9", "--policy", korea, "-o", "in.ndjson",
        ])
        try cli.setup(["import", "in.ndjson"])
        let issued = try cli.setup(["rewards", "issue", "--month", "2026-01", "--policy", korea]).stdout
        #expect(issued.contains("issued 2026-01"))
        let statement = try cli.setup(["rewards", "--month", "2026-01", "--policy", korea, "--format", "json"]).stdout
        let plain = try cli.setup(["rewards", "--month", "2026-01", "--format", "json"]).stdout
        #expect(statement != plain, "the calendar changes the statement (its digest and its SLA credits)")
        try fridayEvening()
        let diff = try cli.run(["rewards", "diff", "--month", "2026-01"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("agent.kim"), "the late acknowledgement, credited on working time")
        // As of its position, the issued statement is the same bytes whenever it is computed.
        let position = try #require(
            (try JSONSerialization.jsonObject(with: Data(statement.utf8)) as? [String: Any])?["as_of_position"] as? Int)
        let again = try cli.setup([
            "rewards", "--month", "2026-01", "--policy", korea, "--as-of-position", "\(position)", "--format", "json",
        ]).stdout
        #expect(again == statement)
    }

    @Test func dueListsTheMostOverdueFirstThePausedLastAndHonoursWithin() throws {
        // All received on Monday 2026-03-09 in Seoul; the clock is Tuesday 10:00 (10 working hours on).
        for (id, hour) in [("A", "09:00"), ("B", "11:00"), ("C", "14:00"), ("D", "16:00")] {
            try cli.setup([
                "receive", id, "--customer", "CUST-\(id)", "--channel", "phone", "--category", "service",
                "--at", "2026-03-09T\(hour):00+09:00",
            ])
        }
        try cli.setup(["acknowledge", "B", "--by", "agent.kim", "--at", "2026-03-09T11:30:00+09:00"])
        try cli.setup(["acknowledge", "D", "--by", "agent.lee", "--at", "2026-03-09T16:10:00+09:00"])
        try cli.setup([
            "pause", "D", "--by", "agent.lee", "--reason", "awaiting-customer", "--at", "2026-03-09T17:00:00+09:00",
        ])
        let at = "2026-03-10T10:00:00+09:00"
        let due = try json(["due", "--policy", korea, "--at", at])
        #expect(due["clock_at"] as? String == at && due["sla_clock"] as? String == "business")
        let items = try #require(due["items"] as? [[String: Any]])
        let order = items.map { "\($0["complaint_id"]!)/\($0["target"]!)" }
        // A: received 09:00, 8h worked (Mon 09–12, 13–18) + 1h → ack 4h target overdue by 5h; close 24h.
        // C: received 14:00 → 5h worked; ack overdue by 1h. B acknowledged: only its close remains.
        #expect(order == ["A/acknowledge", "C/acknowledge", "A/close", "B/close", "C/close", "D/close"])
        let first = items[0]
        #expect(first["elapsed_seconds"] as? Int == 9 * 3_600 && first["remaining_seconds"] as? Int == -5 * 3_600)
        #expect(first["due_at"] as? String == "2026-03-09T14:00:00+09:00" && first["owner"] is NSNull)
        #expect(items[3]["owner"] as? String == "agent.kim")
        let paused = items[5]
        #expect(paused["paused"] as? Bool == true && paused["due_at"] is NSNull)
        #expect(paused["pause_reason"] as? String == "awaiting-customer")
        // D: 16:00–17:00 worked before the pause, so 23h of its 24h close target remain.
        #expect(paused["remaining_seconds"] as? Int == 23 * 3_600)
        // --within keeps what has at most that much left (the overdue ones included).
        let within = try json(["due", "--policy", korea, "--at", at, "--within", "1h"])
        #expect((within["items"] as? [[String: Any]])?.count == 2)
        // The table a team lead reads: overdue said plainly, the paused one with its reason, ≤ 100 columns.
        let table = try cli.setup(["due", "--policy", korea, "--at", at]).stdout
        #expect(table.contains("overdue 5h 00m") && table.contains("paused (awaiting customer)"))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(table)")
        let bad = try cli.run(["due", "--within", "soon"])
        #expect(bad.status == 64 && bad.stderr.contains("--within soon"))
    }
}
