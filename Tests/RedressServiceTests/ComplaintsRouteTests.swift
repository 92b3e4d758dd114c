import Foundation
import HTTPTypes
import RedressDomain
import RedressService
import Testing

@testable import Redress

/// `GET /v1/complaints` over real HTTP: the list `redress complaints --format json` prints, its filters,
/// the roles that may read it, and 400 naming a bad parameter.
@Suite struct ComplaintsRouteTests {
    /// Under the built-in policy (calendar clock; acknowledge 1 h, close 72 h), at Wednesday 2026-03-04
    /// 09:00 in Seoul:
    /// - E (Feb 27, phone): acknowledged by agent-1, closed, reopened: open, no target.
    /// - D (Mar 1, chat): acknowledged by agent-2 and closed.
    /// - A (Mar 2 09:00, phone): never acknowledged: acknowledge 169,200 s overdue, no owner.
    /// - B (Mar 2 10:00, web): acknowledged by agent-1, assigned to agent-2 (position 10): 90,000 s left.
    /// - C (Mar 3 09:00, email): acknowledged by agent-1, paused at 10:00: 255,600 s left.
    static let ledgerLines: [String] = [
        ComplaintLine.received("E", 1, channel: "phone", at: "2026-02-27T09:00:00+09:00"),  // 1
        ComplaintLine.event("E", 2, "acknowledged", by: "agent-1", at: "2026-02-27T09:10:00+09:00"),  // 2
        ComplaintLine.event(
            "E", 3, "closed", by: "agent-1", at: "2026-02-28T09:00:00+09:00", data: #"{"resolution":"resolved"}"#),
        ComplaintLine.event("E", 4, "reopened", by: nil, at: "2026-03-01T09:00:00+09:00"),  // 4
        ComplaintLine.received("D", 5, channel: "chat", at: "2026-03-01T08:00:00+09:00"),  // 5
        ComplaintLine.event("D", 6, "acknowledged", by: "agent-2", at: "2026-03-01T08:20:00+09:00"),  // 6
        ComplaintLine.event(
            "D", 7, "closed", by: "agent-2", at: "2026-03-01T12:00:00+09:00", data: #"{"resolution":"withdrawn"}"#),
        ComplaintLine.received("A", 8, channel: "phone", at: "2026-03-02T09:00:00+09:00"),  // 8
        ComplaintLine.received("B", 9, channel: "web", at: "2026-03-02T10:00:00+09:00"),  // 9
        ComplaintLine.event("B", 10, "acknowledged", by: "agent-1", at: "2026-03-02T10:30:00+09:00"),  // 10
        ComplaintLine.event(
            "B", 11, "assigned", by: "agent-1", at: "2026-03-02T11:00:00+09:00", data: #"{"to":"agent-2"}"#),
        ComplaintLine.received("C", 12, channel: "email", at: "2026-03-03T09:00:00+09:00"),  // 12
        ComplaintLine.event("C", 13, "acknowledged", by: "agent-1", at: "2026-03-03T09:10:00+09:00"),  // 13
        ComplaintLine.event(
            "C", 14, "paused", by: "agent-1", at: "2026-03-03T10:00:00+09:00",
            data: #"{"reason":"awaiting-customer"}"#),
    ]

    static let clock = "2026-03-04T09:00:00%2B09:00"

    static func harness() async throws -> ServiceHarness {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            let reply = try await client.request(
                .post, "/v1/events", as: "admin", body: ledgerLines.joined(separator: "\n") + "\n",
                contentType: "application/x-ndjson")
            #expect(reply.status == 201, "\(reply.body)")
        }
        return harness
    }

    static func ids(_ report: [String: Any]) throws -> [String] {
        try #require(report["items"] as? [[String: Any]]).map { $0["complaint_id"] as? String ?? "?" }
    }

    static func seconds(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test func theListIsWhatTheLibraryGivesOldestFirstWithEveryField() async throws {
        let harness = try await Self.harness()
        try await harness.live { client in
            let reply = try await client.get("/v1/complaints?at=\(Self.clock)", as: "staff")
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            let library = try await harness.ledger.complaints(
                at: try Timestamp(parsing: "2026-03-04T09:00:00+09:00").epochMilliseconds)
            #expect(reply.body == library.json())
            let report = try reply.json()
            #expect(
                report["as_of_position"] as? Int == 14 && report["clock_at"] as? String == "2026-03-04T09:00:00+09:00")
            #expect(try Self.ids(report) == ["E", "D", "A", "B", "C"])
            let items = try #require(report["items"] as? [[String: Any]])
            let a = items[2]
            #expect(a["owner"] is NSNull && a["state"] as? String == "open" && a["target"] as? String == "acknowledge")
            #expect(Self.seconds(a["remaining_seconds"]) == -169_200 && a["overdue"] as? Bool == true)
            let b = items[3]
            #expect(b["owner"] as? String == "agent-2" && Self.seconds(b["remaining_seconds"]) == 90_000)
            let c = items[4]
            #expect(c["state"] as? String == "paused" && c["pause_reason"] as? String == "awaiting-customer")
            #expect(items[1]["state"] as? String == "closed" && items[1]["target"] is NSNull)
            #expect(items[0]["state"] as? String == "open" && items[0]["owner"] as? String == "agent-1")

            // Every role but intake.
            for role in ["admin", "staff2", "auditor", "payroll"] {
                #expect(try await client.get("/v1/complaints", as: role).status == 200, "\(role)")
            }
            #expect(try await client.get("/v1/complaints", as: "intake").status == 403)
            #expect(try await client.get("/v1/complaints", as: nil).status == 401)
            let options = try await client.request(.options, "/v1/complaints", as: nil)
            #expect(options.status == 204 && options.headers[.allow] == "GET, HEAD, OPTIONS")
            #expect(try await client.request(.post, "/v1/complaints", as: "admin", body: "{}").status == 405)
        }
    }

    @Test func filtersCombineAndAsOfPositionSetsTheLedgerSeen() async throws {
        let harness = try await Self.harness()
        try await harness.live { client in
            func ids(_ query: String) async throws -> [String] {
                let reply = try await client.get("/v1/complaints?at=\(Self.clock)&\(query)", as: "admin")
                #expect(reply.status == 200, "\(query): \(reply.body)")
                return try Self.ids(try reply.json())
            }
            #expect(try await ids("open=true") == ["E", "A", "B", "C"])
            #expect(try await ids("open=false") == ["E", "D", "A", "B", "C"])
            #expect(try await ids("paused=true") == ["C"])
            #expect(try await ids("overdue=true") == ["A"])
            #expect(try await ids("owner=agent-1") == ["E", "C"])
            #expect(try await ids("owner=agent-2") == ["D", "B"])
            #expect(try await ids("channel=phone") == ["E", "A"])
            #expect(try await ids("month=2026-02") == ["E"])
            #expect(try await ids("open=true&owner=agent-2&month=2026-03") == ["B"])
            // As of position 10, B is agent-1's (the assignment is at 11) and C does not exist.
            #expect(try await ids("as_of_position=10") == ["E", "D", "A", "B"])
            #expect(try await ids("as_of_position=10&owner=agent-1") == ["E", "B"])
            let filters = try #require(
                try await client.get("/v1/complaints?overdue=true&channel=phone", as: "admin").json()["filters"]
                    as? [String: Any])
            #expect(filters["overdue"] as? Bool == true && filters["channel"] as? String == "phone")
            #expect(filters["owner"] is NSNull)
        }
    }

    @Test func aBadParameterIs400NamingIt() async throws {
        let harness = try await Self.harness()
        try await harness.live { client in
            for (query, field) in [
                ("open=yes", "open"), ("paused=1", "paused"), ("overdue=", "overdue"), ("owner=agent%201", "owner"),
                ("owner=", "owner"), ("channel=fax", "channel"), ("month=2026-13", "month"), ("month=26-01", "month"),
                ("at=yesterday", "at"), ("as_of_position=x", "as_of_position"),
            ] {
                let reply = try await client.get("/v1/complaints?\(query)", as: "admin")
                #expect(reply.status == 400, "\(query)")
                #expect(reply.headers[.contentType] == "application/problem+json")
                let problem = try reply.json()
                #expect(problem["field"] as? String == field, "\(query)")
                #expect(problem["type"] as? String == "https://redress.example/problems/malformed")
            }
            #expect(try await client.get("/v1/complaints?as_of_position=15", as: "admin").status == 404)
        }
    }

    /// The owners read stream by stream (a short list) and all at once with the store's `owners(asOf:)`
    /// (a long one) agree, at every position.
    @Test func ownersReadEitherWayAgree() async throws {
        let harness = try await Self.harness()
        let ids = ["A", "B", "C", "D", "E", "missing"]
        for position in Int64(1)...14 {
            let streams = try await harness.ledger.owners(of: ids, asOf: position, via: .streams)
            let all = try await harness.ledger.owners(of: ids, asOf: position, via: .allOwners)
            #expect(streams == all, "as of \(position)")
        }
        let head = try await harness.ledger.owners(of: ids, asOf: 14, via: .allOwners)
        #expect(head == ["B": "agent-2", "C": "agent-1", "D": "agent-2", "E": "agent-1"])
        #expect(try await harness.ledger.owners(of: ["B"], asOf: 10, via: .streams) == ["B": "agent-1"])
    }
}

/// Event lines with explicit times, for the complaints list.
private enum ComplaintLine {
    static func id(_ n: Int) -> String { String(format: "0190f8a3-0000-7000-8000-%012d", n) }

    static func received(_ complaint: String, _ n: Int, channel: String, at time: String) -> String {
        event(
            complaint, n, "received", by: nil, at: time,
            data: #"{"customer":"c-\#(n)","channel":"\#(channel)","category":"product"}"#)
    }

    static func event(
        _ complaint: String, _ n: Int, _ type: String, by actor: String?, at time: String, data: String = "{}"
    ) -> String {
        let actor = actor.map { #","actor":"\#($0)""# } ?? ""
        return #"{"event_id":"\#(id(n))","complaint_id":"\#(complaint)","type":"\#(type)"\#(actor),"#
            + #""occurred_at":"\#(time)","data":\#(data)}"#
    }
}
