import Foundation
import HTTPTypes
import Redress
import RedressDomain
import RedressService
import Testing

/// "Who may post what" (docs/service.md), every cell over real HTTP: each role's token × each event type ×
/// no actor, the token's own staff id (`agent-1`) and a colleague's (`agent-2`), each on a fresh complaint
/// in a state where the event is lawful, so that only the role decides. A refusal is a 403 problem naming
/// the role, the type and the rule, and nothing is stored.
@Suite struct PostingRolesTests {
    enum Expected: Equatable, CustomStringConvertible {
        case stored
        case refused(rule: String)
        /// SPEC 1.1 requires the actor on this type: 400 whoever posts it.
        case malformed

        var description: String {
            switch self {
            case .stored: "201"
            case .refused(let rule): "403 \(rule)"
            case .malformed: "400"
            }
        }
    }

    /// Types whose actor SPEC 1.1 makes optional (the customer may start them).
    static let actorOptional: Set<EventType> = [.received, .resumed, .reopened]

    /// What the table says for `token` posting `type` with `actor` into a complaint on `channel`.
    static func expected(_ token: String, _ type: EventType, actor: String?, channel: String) -> Expected {
        if actor == nil && !actorOptional.contains(type) { return .malformed }
        switch token {
        case "admin": return .stored
        case "auditor", "payroll": return .refused(rule: "role-posts-no-events")
        case "staff": return actor == "agent-1" ? .stored : .refused(rule: "staff-own-actor")
        case "intake", "intakeWeb":
            guard actorOptional.contains(type) else { return .refused(rule: "intake-customer-events-only") }
            guard actor == nil else { return .refused(rule: "intake-no-actor") }
            return token == "intakeWeb" && channel != "web" ? .refused(rule: "intake-own-channel") : .stored
        default: fatalError(token)
        }
    }

    /// The events an admin records first so that `type` is lawful next (SPEC 1.3).
    static func prefix(_ type: EventType) -> [EventType] {
        switch type {
        case .received: []
        case .acknowledged, .assigned: [.received]
        case .compensated, .followedUp, .paused, .closed: [.received, .acknowledged]
        case .resumed: [.received, .acknowledged, .paused]
        case .reopened: [.received, .acknowledged, .closed]
        }
    }

    static func data(_ type: EventType, channel: String) -> String {
        switch type {
        case .received: #"{"customer":"c-1","channel":"\#(channel)","category":"product"}"#
        case .assigned: #"{"to":"agent-2"}"#  // to a colleague: the staff token's own work all the same
        case .compensated: #"{"kind":"refund","amount":"15000","currency":"KRW"}"#
        case .followedUp: #"{"satisfaction":5,"comment":"고객 만족"}"#  // a rated follow-up
        case .paused: #"{"reason":"awaiting-customer"}"#
        case .closed: #"{"resolution":"resolved"}"#
        case .acknowledged, .resumed, .reopened: "{}"
        }
    }

    static func line(_ complaint: String, _ id: Int, _ type: EventType, actor: String?, minute: Int, channel: String)
        -> String
    {
        let actor = actor.map { #","actor":"\#($0)""# } ?? ""
        let eventID = String(format: "0190f8a2-0000-7000-8000-%012d", id)
        let time = String(format: "2026-03-02T10:%02d:00+09:00", minute)
        return #"{"event_id":"\#(eventID)","complaint_id":"\#(complaint)","type":"\#(type.rawValue)"\#(actor),"#
            + #""occurred_at":"\#(time)","data":\#(data(type, channel: channel))}"#
    }

    @Test func everyRolePostsOnlyTheEventTypesAndActorsItsRowAllows() async throws {
        let harness = try await ServiceHarness.make()
        let tokens = ["admin", "intake", "intakeWeb", "staff", "auditor", "payroll"]
        let actors: [String?] = [nil, "agent-1", "agent-2"]
        var cells: [(String, EventType, String?, String)] = []
        for token in tokens {
            for type in EventType.allCases {
                for actor in actors { cells.append((token, type, actor, "web")) }
            }
        }
        // A channel's intake into a complaint received on another channel.
        for type in EventType.allCases {
            for actor in actors { cells.append(("intakeWeb", type, actor, "phone")) }
        }
        let cellCount: Int = 6 * 9 * 3 + 9 * 3
        #expect(cells.count == cellCount)
        let cellsToPost = cells
        let outcomes = try await harness.live { client in
            var counter = 0
            var outcomes: [(cell: String, expected: Expected, status: Int, body: String, stored: Int, before: Int)] = []
            for (index, (token, type, actor, channel)) in cellsToPost.enumerated() {
                let complaint = "R-\(index)"
                var minute = 0
                for setup in Self.prefix(type) {
                    counter += 1
                    let actor = Self.actorOptional.contains(setup) ? nil : "agent-1"
                    let reply = try await client.post(
                        Self.line(complaint, counter, setup, actor: actor, minute: minute, channel: channel))
                    try #require(reply.status == 201, "set-up \(setup) of \(complaint): \(reply.body)")
                    minute += 1
                }
                counter += 1
                let reply = try await client.post(
                    Self.line(complaint, counter, type, actor: actor, minute: 30, channel: channel), as: token)
                let stored = try await harness.ledger.store.readStream(complaint, asOf: nil).count
                outcomes.append(
                    (
                        "\(token) posts \(type.rawValue) as \(actor ?? "no actor") (\(channel) complaint)",
                        Self.expected(token, type, actor: actor, channel: channel), reply.status, reply.body,
                        stored, Self.prefix(type).count
                    ))
            }
            return outcomes
        }
        for outcome in outcomes {
            let body = outcome.body
            switch outcome.expected {
            case .stored:
                #expect(outcome.status == 201, "\(outcome.cell): \(body)")
                #expect(outcome.stored == outcome.before + 1, "\(outcome.cell)")
            case .malformed:
                #expect(outcome.status == 400 && body.contains(#""field":"actor""#), "\(outcome.cell): \(body)")
                #expect(outcome.stored == outcome.before, "\(outcome.cell)")
            case .refused(let rule):
                #expect(outcome.status == 403, "\(outcome.cell): expected \(outcome.expected), got \(body)")
                let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
                #expect(json?["type"] as? String == "https://redress.example/problems/forbidden", "\(outcome.cell)")
                #expect(json?["rule"] as? String == rule, "\(outcome.cell): \(body)")
                // The detail names the role, the event type and the rule.
                let detail = json?["detail"] as? String ?? ""
                let role = outcome.cell.hasPrefix("intake") ? "intake" : String(outcome.cell.prefix { $0 != " " })
                let type = outcome.cell.split(separator: " ")[2]
                #expect(
                    detail.contains("a \(role) token") && detail.contains("(\(type))")
                        && detail.hasSuffix("[rule \(rule)]"),
                    "\(outcome.cell): \(detail)")
                #expect(outcome.stored == outcome.before, "\(outcome.cell): something was stored")
            }
        }
        // The attack of issue 28: an intake's assigned, closed and rated follow-up in a colleague's name.
        let refusedIntake = outcomes.filter {
            $0.cell.hasPrefix("intake posts ") && $0.cell.contains("as agent-2")
                && ["assigned", "closed", "followed-up"].contains(String($0.cell.split(separator: " ")[2]))
        }
        #expect(refusedIntake.count == 3 && refusedIntake.allSatisfy { $0.status == 403 })
    }

    /// A batch goes through the same table: one refused line refuses the batch (all-or-nothing), naming it.
    @Test func aBatchWithOneEventTheRoleMayNotPostStoresNothing() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.live { client in
            let batch = [
                Self.line("B-1", 1, .received, actor: nil, minute: 0, channel: "web"),
                Self.line("B-1", 2, .acknowledged, actor: "agent-2", minute: 1, channel: "web"),
            ].joined(separator: "\n")
            let reply = try await client.request(
                .post, "/v1/events", as: "intake", body: batch, contentType: "application/x-ndjson")
            #expect(reply.status == 403, "\(reply.body)")
            #expect(try reply.json()["rule"] as? String == "intake-customer-events-only")
            #expect(try reply.json()["line"] as? Int == 2)
        }
        #expect(try await harness.ledger.store.head().position == 0)
    }
}
