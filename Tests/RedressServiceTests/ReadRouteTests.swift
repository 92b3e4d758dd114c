import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Redress
import Testing

@testable import RedressService

/// The auditor's reads over real HTTP: a complaint's replay and events, and the global feed.
@Suite struct ReadRouteTests {
    @Test func aComplaintsReplayIsTheLibrarysReplay() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            for event in [Events.received("K-1", 1), Events.acknowledged("K-1", 2), Events.closed("K-1", 3)] {
                #expect(try await client.post(event).status == 201)
            }
            let replay = try await client.get("/v1/complaints/K-1", as: "auditor")
            #expect(replay.status == 200)
            #expect(replay.body == (try await harness.ledger.replay("K-1")).json())
            let earlier = try await client.get("/v1/complaints/K-1?as_of_position=2", as: "auditor")
            #expect(earlier.body == (try await harness.ledger.replay("K-1", asOfPosition: 2)).json())
            let events = try await client.get("/v1/complaints/K-1/events", as: "auditor")
            let list = try #require(try events.json()["events"] as? [[String: Any]])
            #expect(list.map { $0["version"] as? Int } == [1, 2, 3])
            #expect(try await client.get("/v1/complaints/NOPE", as: "auditor").status == 404)
            #expect(try await client.get("/v1/complaints/K-1?as_of_position=99", as: "auditor").status == 404)
            #expect(try await client.get("/v1/complaints/K-1?as_of_position=x", as: "auditor").status == 400)
        }
    }

    /// `GET /v1/verify?projections=true`: a read model changed behind the service's back is named.
    @Test func verifyWithProjectionsNamesAFalsifiedReadModel() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            for event in [Events.received("V-1", 1), Events.acknowledged("V-1", 2), Events.closed("V-1", 3)] {
                #expect(try await client.post(event).status == 201)
            }
            let ok = try await client.get("/v1/verify?projections=true", as: "auditor").json()
            #expect(ok["ok"] as? Bool == true && ok["projections_checked"] as? Bool == true, "\(ok)")
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            shell.arguments = [
                harness.directory + "/ledger.sqlite", "UPDATE rewards_candidates_g1 SET staff = 'agent.mallory'",
            ]
            try shell.run()
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 0)
            let plain = try await client.get("/v1/verify", as: "auditor").json()
            #expect(plain["ok"] as? Bool == true && plain["projections_checked"] as? Bool == false)
            let named = try await client.get("/v1/verify?projections=true", as: "auditor").json()
            #expect(named["ok"] as? Bool == false)
            #expect((named["failure"] as? String)?.contains("agent.mallory") == true, "\(named)")
            #expect(try await client.get("/v1/verify?projections=maybe", as: "auditor").status == 400)
        }
    }

    @Test func theFeedPagesInPositionOrderAndALongPollWakesOnANewEvent() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            for n in 1...5 { #expect(try await client.post(Events.received("F-\(n)", n)).status == 201) }
            let page = try await client.get("/v1/events?after_position=1&limit=2", as: "auditor").json()
            #expect((page["events"] as? [[String: Any]])?.map { $0["position"] as? Int } == [2, 3])
            #expect(page["last_position"] as? Int == 3 && page["head_position"] as? Int == 5)
            // A long-poll past the head is answered when the next event arrives, not at the end of its wait.
            // No wall-clock guess: the post goes in once the long-poll is waiting, and the only bound is the
            // wait itself (the service's 30 s cap), which an answer woken by the commit never runs out.
            let wait = 30
            let started = ContinuousClock.now
            // On a connection of its own: one connection's requests are answered in turn.
            let port = client.port
            let auditor = try #require(client.tokens["auditor"])
            async let waited = TestClient.withClient(host: "127.0.0.1", port: port) { other in
                try await other.get(
                    "/v1/events?after_position=5&wait=\(wait)s", headers: [.authorization: "Bearer \(auditor)"])
            }
            try await Self.until("the long-poll waits for the next commit") {
                await harness.server.signal.waiting > 0
            }
            #expect(try await client.post(Events.received("F-6", 6)).status == 201)
            let posted = ContinuousClock.now - started
            let reply = try await waited
            let woken = try ServiceHarness.Reply(
                status: reply.status.code, headers: reply.headers, body: String(buffer: reply.body ?? .init())
            ).json()
            let elapsed = ContinuousClock.now - started
            #expect((woken["events"] as? [[String: Any]])?.first?["position"] as? Int == 6)
            #expect(
                elapsed < .seconds(wait),
                "the long-poll ran out its \(wait) s wait (answered at \(elapsed), the post done at \(posted))")
            // With nothing new, the wait ends empty.
            let empty = try await client.get("/v1/events?after_position=6&wait=1", as: "auditor").json()
            #expect((empty["events"] as? [Any])?.isEmpty == true && empty["last_position"] as? Int == 6)
            #expect(try await client.get("/v1/events?wait=soon", as: "auditor").status == 400)
        }
    }

    @Test func reportsMatchTheLibrarysAndIssueThenDiff() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            for event in [Events.received("K-1", 1), Events.acknowledged("K-1", 2), Events.closed("K-1", 3)] {
                #expect(try await client.post(event).status == 201)
            }
            let metrics = try await client.get("/v1/metrics?month=2026-03", as: "auditor")
            #expect(metrics.body == (try await harness.ledger.metrics(month: "2026-03")).json())
            let rewards = try await client.get("/v1/rewards?month=2026-03&as_of_position=2", as: "payroll")
            #expect(rewards.body == (try await harness.ledger.rewards(month: "2026-03", asOfPosition: 2)).json())
            #expect(try await client.get("/v1/rewards/2026-03/diff", as: "payroll").status == 404)
            let issued = try await client.request(.post, "/v1/rewards/2026-03/issue", as: "payroll")
            #expect(issued.status == 201)
            #expect(try issued.json()["as_of_position"] as? Int == 3)
            #expect(try await client.post(Events.received("K-2", 4)).status == 201)
            let diff = try await client.get("/v1/rewards/2026-03/diff", as: "payroll")
            let expectedDiff = try await harness.ledger.rewardsDiff(month: "2026-03").json()
            #expect(diff.status == 200 && diff.body == expectedDiff)
            let verify = try await client.get("/v1/verify", as: "auditor").json()
            #expect(verify["ok"] as? Bool == true && verify["events"] as? Int == 4)
            let page = try await client.get("/v1/reports/2026-03.html?lang=ko", as: "payroll")
            #expect(page.status == 200 && page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.contains("2026년 3월"))
            #expect(try await client.get("/v1/metrics?month=2026-13", as: "auditor").status == 400)
            #expect(try await client.get("/v1/metrics", as: "auditor").status == 400)
        }
    }

    @Test func operationsRoutesNeedNoTokenAndTheDocumentIsTheSchemaFile() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            #expect(try await client.get("/healthz", as: nil).status == 200)
            let ready = try await client.get("/readyz", as: nil)
            #expect(ready.status == 200)
            #expect(try ready.json()["status"] as? String == "ready")
            #expect(try await client.post(Events.received("K-1", 1)).status == 201)
            let metrics = try await client.get("/metrics", as: nil)
            #expect(metrics.status == 200)
            for name in [
                "redress_http_requests_total", "redress_http_request_duration_seconds", "redress_appends_total 1",
                "redress_ledger_head_position 1", "redress_group_commits_total",
            ] {
                #expect(metrics.body.contains(name), "\(name) missing from /metrics")
            }
            let document = try await client.get("/openapi.yaml", as: nil)
            let file = try String(contentsOfFile: Self.repository + "/Schemas/openapi.yaml", encoding: .utf8)
            #expect(document.status == 200 && document.body == file)
            // A known path with a method it does not take: 405 with Allow; OPTIONS lists them.
            let wrong = try await client.request(.delete, "/v1/events", as: "admin")
            #expect(wrong.status == 405 && wrong.headers[.allow] == "GET, POST, HEAD, OPTIONS")
            let options = try await client.request(.options, "/v1/complaints/K-1", as: nil)
            #expect(options.status == 204 && options.headers[.allow] == "GET, HEAD, OPTIONS")
            #expect(try await client.get("/v2/nothing").status == 404)
        }
    }

    /// Polls `condition` every 10 ms until it holds; a test that waits for something never guesses how long
    /// it takes, and gives up (failing) only after a generous `ceiling`.
    static func until(
        _ what: String, ceiling: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + ceiling
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("waited \(ceiling) for \(what)", sourceLocation: sourceLocation)
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
