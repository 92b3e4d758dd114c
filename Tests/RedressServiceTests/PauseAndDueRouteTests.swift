import Foundation
import HTTPTypes
import Redress
import RedressDomain
import RedressService
import Testing

/// Pauses over real HTTP (who may post `paused` and `resumed`) and `GET /v1/due` (SPEC 7.3) on a
/// business-hours policy, with expected figures worked out by hand.
@Suite struct PauseAndDueRouteTests {
    // MARK: - Who may pause and resume

    /// 2026-03-02 (a Monday) at `time` in Seoul.
    static func t(_ time: String) -> String { "2026-03-02T\(time):00+09:00" }

    @Test func aStaffTokenPausesAndResumesItsOwnComplaintAndAnIntakeOnlyRelaysTheCustomersResume() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { (client: ServiceHarness.Client) async throws in
            #expect(try await client.post(Line.received("P-1", 1, at: Self.t("09:00")), as: "intake").status == 201)
            // A pause needs an acknowledgement first (SPEC 7.3): 422 naming the rule, nothing stored.
            let early = try await client.post(Line.paused("P-1", 2, by: "agent-1", at: Self.t("09:10")), as: "staff")
            #expect(early.status == 422)
            #expect(early.headers[.contentType] == "application/problem+json")
            #expect(try early.json()["rule"] as? String == "needs-acknowledgement")
            #expect(try early.json()["complaint_id"] as? String == "P-1")
            let acknowledged = Line.acknowledged("P-1", 3, by: "agent-1", at: Self.t("09:20"))
            #expect(try await client.post(acknowledged, as: "staff").status == 201)

            // Not in a colleague's name: neither agent-1's token as agent-2 nor agent-2's token as agent-1.
            let colleague = try await client.post(
                Line.paused("P-1", 4, by: "agent-2", at: Self.t("09:30")), as: "staff")
            #expect(colleague.status == 403)
            #expect(try colleague.json()["type"] as? String == "https://redress.example/problems/forbidden")
            #expect(colleague.body.contains("agent-1"))
            let pause = Line.paused("P-1", 4, by: "agent-1", at: Self.t("09:30"))
            #expect(try await client.post(pause, as: "staff2").status == 403)
            // An intake never pauses, even naming a staff member.
            let intakePause = try await client.post(pause, as: "intake")
            #expect(intakePause.status == 403)
            #expect(try intakePause.json()["event_id"] as? String == Line.id(4))

            // The agent's own pause.
            let paused = try await client.post(pause, as: "staff")
            #expect(paused.status == 201)
            #expect(try paused.json()["type"] as? String == "paused")
            // A staff token records no customer events: a resumed without an actor is an intake's.
            let customers = Line.resumed("P-1", 5, by: nil, at: Self.t("10:00"))
            #expect(try await client.post(customers, as: "staff").status == 403)
            // An intake may not post a resumed with an actor (that is staff's own work).
            let intakeActor = try await client.post(
                Line.resumed("P-1", 5, by: "agent-1", at: Self.t("10:00")), as: "intake")
            #expect(intakeActor.status == 403)
            #expect(try intakeActor.json()["type"] as? String == "https://redress.example/problems/forbidden")
            // The customer's reply, relayed by the intake: no actor.
            let reply = try await client.post(customers, as: "intake")
            #expect(reply.status == 201)
            #expect(try reply.json()["actor"] == nil)

            // Paused again and resumed by the agent, in its own name only.
            let again = Line.paused("P-1", 6, by: "agent-1", at: Self.t("11:00"), reason: "awaiting-third-party")
            #expect(try await client.post(again, as: "staff").status == 201)
            let asColleague = Line.resumed("P-1", 7, by: "agent-2", at: Self.t("12:00"))
            #expect(try await client.post(asColleague, as: "staff").status == 403)
            let own = Line.resumed("P-1", 7, by: "agent-1", at: Self.t("12:00"))
            #expect(try await client.post(own, as: "staff").status == 201)
        }
        let events = try await harness.ledger.store.readStream("P-1", asOf: nil)
        #expect(events.map(\.type) == [.received, .acknowledged, .paused, .resumed, .paused, .resumed])
        #expect(events.map(\.actor) == [nil, "agent-1", "agent-1", nil, "agent-1", "agent-1"])
    }

    @Test func aChannelIntakeRelaysAResumeOnlyForItsOwnChannel() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { (client: ServiceHarness.Client) async throws in
            #expect(try await client.post(Line.received("P-2", 1, channel: "phone", at: Self.t("09:00"))).status == 201)
            let acknowledged = Line.acknowledged("P-2", 2, by: "agent-1", at: Self.t("09:10"))
            #expect(try await client.post(acknowledged, as: "staff").status == 201)
            #expect(
                try await client.post(Line.paused("P-2", 3, by: "agent-1", at: Self.t("09:20")), as: "staff").status
                    == 201)
            let resumed = Line.resumed("P-2", 4, by: nil, at: Self.t("09:30"))
            #expect(try await client.post(resumed, as: "intakeWeb").status == 403)
            #expect(try await client.post(resumed, as: "intake").status == 201)
        }
    }

    // MARK: - GET /v1/due

    /// The ledger below, under a business clock (Mon–Fri 09:00–18:00, Asia/Seoul; acknowledge 1 h,
    /// close 72 working hours). 2026-01-09 is a Friday; the clock is Monday 2026-01-12 09:30.
    ///
    /// - A: received Fri 17:50. Acknowledge: Fri 10 min + Mon 30 min = 2,400 s → 1,200 s left, due Mon
    ///   09:50. Close: 256,800 s left; 72 h = Fri 10 min + 7 days (Jan 12–16, 19, 20) + 8 h 50 min → Wed
    ///   Jan 21 17:50.
    /// - B: received Thu Jan 8 10:00, acknowledged 10:30 by agent-1. Close: Thu 8 h + Fri 9 h + Mon 30 min
    ///   = 63,000 s → 196,200 s left; 72 h = 8 h + 7 days (Jan 9, 12–16, 19) + 1 h → Tue Jan 20 10:00.
    /// - C: received Mon Jan 5 09:00, never acknowledged. Elapsed 5 × 9 h + 30 min = 163,800 s:
    ///   acknowledge −160,200 s (due Jan 5 10:00), close 95,400 s (8 days: Wed Jan 14 18:00).
    /// - D: received Fri 09:00, acknowledged 09:10 by agent-2, paused 10:00 (awaiting customer), still
    ///   paused: close elapsed 3,600 s → 255,600 s left, due_at null.
    /// - E: received Wed Jan 7 09:00, acknowledged 09:05 by agent-1, paused 10:00 (third party), resumed
    ///   by the customer Fri 09:00. Close: 1 h + Fri 9 h + Mon 30 min = 37,800 s → 221,400 s left; 72 h =
    ///   Wed 1 h + Fri 9 h + Jan 12–16, 19 (54 h) + 8 h → Tue Jan 20 17:00.
    static let ledgerLines: [String] = [
        Line.received("A", 1, at: "2026-01-09T17:50:00+09:00"),  // 1
        Line.received("B", 2, channel: "phone", at: "2026-01-08T10:00:00+09:00"),  // 2
        Line.acknowledged("B", 3, by: "agent-1", at: "2026-01-08T10:30:00+09:00"),  // 3
        Line.received("C", 4, channel: "email", at: "2026-01-05T09:00:00+09:00", severity: "high"),  // 4
        Line.received("D", 5, at: "2026-01-09T09:00:00+09:00"),  // 5
        Line.acknowledged("D", 6, by: "agent-2", at: "2026-01-09T09:10:00+09:00"),  // 6
        Line.paused("D", 7, by: "agent-2", at: "2026-01-09T10:00:00+09:00"),  // 7
        Line.received("E", 8, at: "2026-01-07T09:00:00+09:00"),  // 8
        Line.acknowledged("E", 9, by: "agent-1", at: "2026-01-07T09:05:00+09:00"),  // 9
        Line.paused("E", 10, by: "agent-1", at: "2026-01-07T10:00:00+09:00", reason: "awaiting-third-party"),  // 10
        Line.resumed("E", 11, by: nil, at: "2026-01-09T09:00:00+09:00"),  // 11
    ]

    static let monday = "2026-01-12T09:30:00%2B09:00"

    /// A harness serving a business-hours policy loaded from a file, with the ledger above posted.
    static func dueHarness() async throws -> (ServiceHarness, recordedAt: [String]) {
        let directory = NSTemporaryDirectory() + "redress-due-policy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/policy.json"
        let day = #"[["09:00", "18:00"]]"#
        try #"""
        {"timezone": "Asia/Seoul",
         "sla": {"acknowledge_seconds": 3600, "close_seconds": 259200, "clock": "business"},
         "calendar": {"hours": {"mon": \#(day), "tue": \#(day), "wed": \#(day), "thu": \#(day), "fri": \#(day)}}}
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        var options = ServiceOptions()
        options.policy = try Policy.load(path: path)
        let harness = try await ServiceHarness.make(options: options)
        let recorded = try await harness.live { client -> [String] in
            let reply = try await client.request(
                .post, "/v1/events", as: "admin", body: ledgerLines.joined(separator: "\n") + "\n",
                contentType: "application/x-ndjson")
            #expect(reply.status == 201, "\(reply.body)")
            let events = try #require(try reply.json()["events"] as? [[String: Any]])
            return events.compactMap { $0["recorded_at"] as? String }
        }
        return (harness, recorded)
    }

    /// The items as (complaint, target) pairs, in order.
    static func order(_ report: [String: Any]) throws -> [String] {
        let items = try #require(report["items"] as? [[String: Any]])
        return items.map { "\($0["complaint_id"] as? String ?? "?")/\($0["target"] as? String ?? "?")" }
    }

    static func item(_ report: [String: Any], _ complaint: String, _ target: String) throws -> [String: Any] {
        let items = try #require(report["items"] as? [[String: Any]])
        return try #require(
            items.first { $0["complaint_id"] as? String == complaint && $0["target"] as? String == target })
    }

    static func seconds(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func theDueListHasTheSpecFieldsMostOverdueFirstAndPausedLast() async throws {
        let (harness, _) = try await Self.dueHarness()
        try await harness.live { client in
            let reply = try await client.get("/v1/due?at=\(Self.monday)", as: "staff")
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            // Byte for byte what the library (and so `redress due --format json`) gives.
            let library = try await harness.ledger.due(
                policy: harness.server.options.policy,
                at: try Timestamp(parsing: "2026-01-12T09:30:00+09:00").epochMilliseconds)
            #expect(reply.body == library.json())
            let report = try reply.json()
            #expect(Set(report.keys) == ["as_of_position", "clock_at", "timezone", "sla_clock", "items"])
            #expect(report["as_of_position"] as? Int == 11)
            #expect(report["clock_at"] as? String == "2026-01-12T09:30:00+09:00")
            #expect(report["timezone"] as? String == "Asia/Seoul")
            #expect(report["sla_clock"] as? String == "business")
            #expect(
                try Self.order(report) == [
                    "C/acknowledge", "A/acknowledge", "C/close", "B/close", "E/close", "A/close", "D/close",
                ])
            let items = try #require(report["items"] as? [[String: Any]])
            for item in items {
                #expect(
                    Set(item.keys) == [
                        "complaint_id", "target", "owner", "channel", "category", "severity", "received_at",
                        "elapsed_seconds", "remaining_seconds", "due_at", "paused", "pause_reason",
                    ])
            }

            let aAck = try Self.item(report, "A", "acknowledge")
            #expect(aAck["owner"] is NSNull)
            #expect(aAck["channel"] as? String == "web" && aAck["category"] as? String == "product")
            #expect(aAck["severity"] as? String == "medium")
            #expect(aAck["received_at"] as? String == "2026-01-09T17:50:00+09:00")
            #expect(Self.seconds(aAck["elapsed_seconds"]) == 2_400 && Self.seconds(aAck["remaining_seconds"]) == 1_200)
            #expect(aAck["due_at"] as? String == "2026-01-12T09:50:00+09:00")
            #expect(aAck["paused"] as? Bool == false && aAck["pause_reason"] is NSNull)
            let aClose = try Self.item(report, "A", "close")
            #expect(Self.seconds(aClose["remaining_seconds"]) == 256_800)
            #expect(aClose["due_at"] as? String == "2026-01-21T17:50:00+09:00")

            let bClose = try Self.item(report, "B", "close")
            #expect(bClose["owner"] as? String == "agent-1" && bClose["channel"] as? String == "phone")
            #expect(Self.seconds(bClose["elapsed_seconds"]) == 63_000)
            #expect(Self.seconds(bClose["remaining_seconds"]) == 196_200)
            #expect(bClose["due_at"] as? String == "2026-01-20T10:00:00+09:00")

            let cAck = try Self.item(report, "C", "acknowledge")
            #expect(cAck["severity"] as? String == "high" && cAck["owner"] is NSNull)
            #expect(Self.seconds(cAck["elapsed_seconds"]) == 163_800)
            #expect(Self.seconds(cAck["remaining_seconds"]) == -160_200)
            #expect(cAck["due_at"] as? String == "2026-01-05T10:00:00+09:00")
            let cClose = try Self.item(report, "C", "close")
            #expect(Self.seconds(cClose["remaining_seconds"]) == 95_400)
            #expect(cClose["due_at"] as? String == "2026-01-14T18:00:00+09:00")

            let dClose = try Self.item(report, "D", "close")
            #expect(dClose["owner"] as? String == "agent-2")
            #expect(Self.seconds(dClose["elapsed_seconds"]) == 3_600)
            #expect(Self.seconds(dClose["remaining_seconds"]) == 255_600)
            #expect(dClose["due_at"] is NSNull)
            #expect(dClose["paused"] as? Bool == true && dClose["pause_reason"] as? String == "awaiting-customer")

            let eClose = try Self.item(report, "E", "close")
            #expect(eClose["owner"] as? String == "agent-1")
            #expect(Self.seconds(eClose["elapsed_seconds"]) == 37_800)
            #expect(Self.seconds(eClose["remaining_seconds"]) == 221_400)
            #expect(eClose["due_at"] as? String == "2026-01-20T17:00:00+09:00")
            #expect(eClose["paused"] as? Bool == false && eClose["pause_reason"] is NSNull)
        }
    }

    @Test func withinKeepsTargetsWithAtMostThatMuchLeftAndABadOneIs400() async throws {
        let (harness, _) = try await Self.dueHarness()
        try await harness.live { client in
            // A's acknowledgement has exactly 20 minutes left: within is inclusive.
            let twenty = try await client.get("/v1/due?at=\(Self.monday)&within=20m", as: "auditor").json()
            #expect(try Self.order(twenty) == ["C/acknowledge", "A/acknowledge"])
            let nineteen = try await client.get("/v1/due?at=\(Self.monday)&within=19m", as: "payroll").json()
            #expect(try Self.order(nineteen) == ["C/acknowledge"])
            let days = try await client.get("/v1/due?at=\(Self.monday)&within=2d15h", as: "admin").json()
            // 2 d 15 h = 226,800 s: everything but A's close (256,800) and the paused D (255,600).
            #expect(try Self.order(days) == ["C/acknowledge", "A/acknowledge", "C/close", "B/close", "E/close"])

            for bad in ["soon", "", "4", "h", "30m4h", "4h4h", "-4h", "12345678901s"] {
                let reply = try await client.get("/v1/due?within=\(bad)", as: "admin")
                #expect(reply.status == 400, "within=\(bad)")
                #expect(reply.headers[.contentType] == "application/problem+json")
                let problem = try reply.json()
                #expect(problem["field"] as? String == "within")
                #expect(problem["type"] as? String == "https://redress.example/problems/malformed")
                #expect((problem["detail"] as? String)?.contains("within") == true)
            }
            // Only the roles that read metrics.
            #expect(try await client.get("/v1/due", as: "intake").status == 403)
            #expect(try await client.get("/v1/due", as: nil).status == 401)
        }
    }

    @Test func atAndAsOfPositionSetTheClockAndTheLedgerSeen() async throws {
        let (harness, recorded) = try await Self.dueHarness()
        try await harness.live { client in
            // Friday 18:30: A has had 10 working minutes; its acknowledgement falls due Monday 09:50.
            let friday = try await client.get("/v1/due?at=2026-01-09T09:30:00Z", as: "admin").json()
            #expect(friday["clock_at"] as? String == "2026-01-09T18:30:00+09:00")
            let aAck = try Self.item(friday, "A", "acknowledge")
            #expect(Self.seconds(aAck["elapsed_seconds"]) == 600 && Self.seconds(aAck["remaining_seconds"]) == 3_000)
            #expect(aAck["due_at"] as? String == "2026-01-12T09:50:00+09:00")

            // As of position 10, E's pause has not ended: it joins the paused ones (a tie with D on
            // 255,600 s left, broken by complaint id), with no due_at.
            let before = try await client.get("/v1/due?at=\(Self.monday)&as_of_position=10", as: "admin").json()
            #expect(before["as_of_position"] as? Int == 10)
            #expect(
                try Self.order(before) == [
                    "C/acknowledge", "A/acknowledge", "C/close", "B/close", "A/close", "D/close", "E/close",
                ])
            let eClose = try Self.item(before, "E", "close")
            #expect(Self.seconds(eClose["remaining_seconds"]) == 255_600 && eClose["due_at"] is NSNull)
            #expect(eClose["paused"] as? Bool == true && eClose["pause_reason"] as? String == "awaiting-third-party")
            // As of position 1 only A exists.
            let first = try await client.get("/v1/due?at=\(Self.monday)&as_of_position=1", as: "admin").json()
            #expect(try Self.order(first) == ["A/acknowledge", "A/close"])

            // Without `at`, an as-of position's own clock: the recorded_at of its event, in the policy's zone.
            let clock = try Timestamp(parsing: try #require(recorded.count == 11 ? recorded[9] : nil))
            let own = try await client.get("/v1/due?as_of_position=10", as: "admin").json()
            #expect(
                own["clock_at"] as? String
                    == Timestamp(epochMilliseconds: clock.epochMilliseconds, offsetMinutes: 540).text)
            // Without either, now.
            let now = try await client.get("/v1/due", as: "admin").json()
            let nowClock = try Timestamp(parsing: try #require(now["clock_at"] as? String))
            let wall = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(abs(nowClock.epochMilliseconds - wall) < 60_000)
            #expect(now["as_of_position"] as? Int == 11)

            for bad in [
                "yesterday", "2026-01-12T09:30:00", "2026-02-30T09:00:00Z", "0999-12-31T00:00:00Z",
                "9999-01-01T00:00:00Z",
            ] {
                let reply = try await client.get("/v1/due?at=\(bad)", as: "admin")
                #expect(reply.status == 400, "at=\(bad)")
                #expect(try reply.json()["field"] as? String == "at")
            }
            #expect(try await client.get("/v1/due?as_of_position=12", as: "admin").status == 404)
            #expect(try await client.get("/v1/due?as_of_position=x", as: "admin").status == 400)
        }
    }
}

/// Event lines with explicit times, for pauses and due lists.
private enum Line {
    static func id(_ n: Int) -> String { String(format: "0190f8a1-0000-7000-8000-%012d", n) }

    static func received(
        _ complaint: String, _ n: Int, channel: String = "web", at time: String, severity: String? = nil
    ) -> String {
        let severity = severity.map { #","severity":"\#($0)""# } ?? ""
        return #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"received","occurred_at":"\#(time)","#
            + #""data":{"customer":"c-\#(n)","channel":"\#(channel)","category":"product"\#(severity)}}"#
    }

    static func acknowledged(_ complaint: String, _ n: Int, by actor: String, at time: String) -> String {
        #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"acknowledged","actor":"\#(actor)","#
            + #""occurred_at":"\#(time)","data":{}}"#
    }

    static func paused(
        _ complaint: String, _ n: Int, by actor: String, at time: String, reason: String = "awaiting-customer"
    ) -> String {
        #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"paused","actor":"\#(actor)","#
            + #""occurred_at":"\#(time)","data":{"reason":"\#(reason)","note":"고객 회신 대기"}}"#
    }

    static func resumed(_ complaint: String, _ n: Int, by actor: String?, at time: String) -> String {
        let actor = actor.map { #","actor":"\#($0)""# } ?? ""
        return #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"resumed"\#(actor),"#
            + #""occurred_at":"\#(time)","data":{}}"#
    }
}
