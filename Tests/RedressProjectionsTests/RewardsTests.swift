import Foundation
import Redress
import Testing

@Suite struct RewardsTests {
    @Test func reopenAtExactlyTheWindowClawsBackAndOneSecondLaterDoesNot() async throws {
        let s = try Scenario()
        for id in ["R1", "R2", "R3"] {
            try await s.receive(id, at: "2026-05-01T09:00:00+09:00")
            try await s.ack(id, at: "2026-05-01T09:10:00+09:00", by: "kim")
        }
        try await s.close("R1", at: "2026-05-02T09:00:00+09:00", by: "kim")
        try await s.close("R2", at: "2026-05-02T09:00:00+09:00", by: "kim")
        try await s.close("R3", at: "2026-05-02T09:00:00+09:00", by: "kim", .unresolved)
        let exactly = try await s.reopen("R1", at: "2026-06-01T09:00:00+09:00")  // 30 × 86,400 s later
        try await s.reopen("R2", at: "2026-06-01T09:00:01+09:00")  // one second outside
        try await s.reopen("R3", at: "2026-05-03T09:00:00+09:00")  // its close earned nothing

        let may = try await s.ledger.rewards(month: "2026-05")
        try #require(may.staff.map(\.staff) == ["kim"])
        #expect(may.staff[0].points == 3 * 2 + 2 * 10)
        let june = try await s.ledger.rewards(month: "2026-06")
        try #require(june.staff.count == 1)
        #expect(june.staff[0].points == -10)
        #expect(june.staff[0].amount == 0)
        try #require(june.staff[0].items.map(\.position) == [exactly])
        #expect(june.staff[0].items[0].rule == .reopenedClawback)
    }

    @Test func ownerAttributionAndOneRatedFollowUpPerCycle() async throws {
        let s = try Scenario()
        try await s.receive("S", at: "2026-07-01T09:00:00+09:00")
        try await s.ack("S", at: "2026-07-01T09:20:00+09:00", by: "kim")
        try await s.assign("S", at: "2026-07-01T09:30:00+09:00", by: "kim", to: "lee")
        try await s.assign("S", at: "2026-07-01T10:00:00+09:00", by: "lee", to: "park")  // reassigned before close
        try await s.close("S", at: "2026-07-02T09:00:00+09:00", by: "lee")  // credited to the owner, park
        try await s.followUp("S", at: "2026-07-03T09:00:00+09:00", by: "lee", rating: nil)  // no rating: nothing
        try await s.followUp("S", at: "2026-07-03T10:00:00+09:00", by: "lee", rating: 5)  // first rating in cycle 1
        try await s.followUp("S", at: "2026-07-04T09:00:00+09:00", by: "lee", rating: 1)  // second in cycle 1: nothing
        try await s.reopen("S", at: "2026-07-05T09:00:00+09:00")  // clawback from park
        try await s.ack("S", at: "2026-07-05T09:10:00+09:00", by: "choi")  // not the first: no credit
        try await s.close("S", at: "2026-07-06T09:00:00+09:00", by: "choi", .partiallyResolved)
        try await s.followUp("S", at: "2026-07-07T09:00:00+09:00", by: "choi", rating: 4)  // first rating in cycle 2

        let r = try await s.ledger.rewards(month: "2026-07")
        try #require(r.staff.map(\.staff) == ["kim", "park"])
        let kim = r.staff[0]
        let park = r.staff[1]
        #expect(kim.points == 2 && kim.items.map(\.rule) == [.acknowledgedWithinSLA])
        #expect(
            park.items.map(\.rule) == [
                .closedResolved, .satisfaction, .reopenedClawback, .closedResolved, .satisfaction,
            ])
        #expect(park.items.map(\.points) == [10, 5, -10, 10, 2])
        #expect(park.points == 17)
        #expect(park.surveys == 2)
        #expect(park.satisfactionMeanText == "4.5")
        #expect(r.surveys == 2)
    }

    @Test func eligibilityOneSurveyShortTheCapAndTheBayesianIndex() async throws {
        let s = try Scenario()
        let policy = try s.policy(#"{"min_surveys":5,"cap":25000,"point_value":1000,"prior_weight":10}"#)
        let ratings = [("agent.a", [5, 5, 4, 4, 5]), ("agent.b", [3, 3, 3, 3])]
        var n = 0
        for (staff, list) in ratings {
            for rating in list {
                n += 1
                let id = "E-\(n)"
                try await s.receive(id, at: "2026-08-03T09:00:00+09:00")
                try await s.ack(id, at: "2026-08-03T09:30:00+09:00", by: staff)
                try await s.close(id, at: "2026-08-03T12:00:00+09:00", by: staff)
                try await s.followUp(id, at: "2026-08-04T09:00:00+09:00", by: staff, rating: rating)
            }
        }
        let r = try await s.ledger.rewards(month: "2026-08", policy: policy)
        try #require(r.staff.count == 2)
        let a = r.staff[0]
        let b = r.staff[1]
        #expect(a.points == 5 * 2 + 5 * 10 + (5 + 5 + 2 + 2 + 5))
        #expect(a.eligible && a.amount == 25_000)  // 79 × 1,000 capped at 25,000
        #expect(b.points == 4 * 12)
        #expect(!b.eligible && b.amount == 0)  // 4 surveys, one short of 5
        #expect(r.surveys == 9)
        #expect(r.satisfactionMeanText == "3.8889")  // 35 / 9
        #expect(a.indexText == "4.1259")  // (10 × 35/9 + 23) / 15 = 557/135
        #expect(b.indexText == "3.6349")  // (10 × 35/9 + 12) / 14 = 458/126
        #expect(a.satisfactionMeanText == "4.6" && b.satisfactionMeanText == "3")
        let json = r.json()
        #expect(
            json.hasPrefix(
                #"{"month":"2026-08","timezone":"Asia/Seoul","as_of_position":36,"currency":"KRW","policy_sha256":""#
                    + policy.sha256
                    + #"","surveys":9,"satisfaction_mean":3.8889,"#
                    + #""staff":[{"staff":"agent.a","points":79,"amount":25000,"eligible":true,"surveys":5,"#
                    + #""satisfaction_mean":4.6,"satisfaction_index":4.1259,"items":[{"position":2,"#
            ))
        // Same ledger, month, policy and as-of position: byte-identical, however often it runs.
        #expect(try await s.ledger.rewards(month: "2026-08", policy: policy, asOfPosition: 36).json() == json)
    }

    @Test func issueThenDiffShowsLateEventsWithoutRewriting() async throws {
        let s = try Scenario(now: "2026-10-01T00:00:00Z")
        try await s.receive("L", at: "2026-09-01T09:00:00+09:00")
        try await s.ack("L", at: "2026-09-01T09:10:00+09:00", by: "kim")
        try await s.close("L", at: "2026-09-02T09:00:00+09:00", by: "kim")
        let (issued, statement) = try await s.ledger.issueRewards(month: "2026-09")
        #expect(issued.asOfPosition == 3)
        try #require(statement.staff.count == 1)
        #expect(statement.staff[0].points == 12)
        let unchanged = try await s.ledger.rewardsDiff(month: "2026-09")
        #expect(unchanged.changes.isEmpty)

        // Late events: a rating and a reopen recorded after issue, occurring in September.
        try s.setClock("2026-10-02T00:00:00Z")
        let rating = try await s.followUp("L", at: "2026-09-03T09:00:00+09:00", by: "kim", rating: 5)
        let reopen = try await s.reopen("L", at: "2026-09-04T09:00:00+09:00")
        try await s.receive("OTHER", at: "2026-10-01T09:00:00+09:00")  // October: changes nothing in September
        let diff = try await s.ledger.rewardsDiff(month: "2026-09")
        try #require(diff.changes.count == 1)
        let change = diff.changes[0]
        #expect(change.staff == "kim")
        #expect(change.before?.points == 12 && change.after?.points == 12 + 5 - 10)
        #expect(change.lateItems.map(\.position) == [rating, reopen])
        #expect(diff.json().contains(#""points":{"issued":12,"head":7,"change":-5}"#))
        #expect(diff.text().contains("late: position \(rating) L satisfaction +5"))
        // The issued statement itself is unchanged and still reproduces.
        #expect(try await s.ledger.rewards(month: "2026-09", asOfPosition: 3).json() == statement.json())
    }

    @Test func policyErrorsNameTheKey() throws {
        func error(_ json: String) -> String? {
            do {
                _ = try Policy.parse(Array(json.utf8))
                return nil
            } catch { return "\(error)" }
        }
        #expect(error(#"{"poits":1}"#) == "policy: poits: unknown key (did you mean points?)")
        #expect(error(#"{"colour":1}"#) == "policy: colour: unknown key")
        #expect(
            error(#"{"sla":{"acknowledge_seconds":"1h"}}"#)
                == "policy: sla.acknowledge_seconds: must be an integer, not a string")
        #expect(error(#"{"sla":{"close":1}}"#) == "policy: sla.close: unknown key")
        #expect(error(#"{"timezone":"Mars/Olympus"}"#)?.hasPrefix("policy: timezone:") == true)
        #expect(error(#"{"points":{"satisfaction":{"6":1}}}"#)?.hasPrefix("policy: points.satisfaction.6:") == true)
        #expect(
            error(#"{"points":{"reopened_clawback":5}}"#) == "policy: points.reopened_clawback: must be ≤ 0, got 5")
        #expect(error(#"{"point_value":1.5}"#) == "policy: point_value: must be an integer, not the number 1.5")
        #expect(error(#"{"cap":-1}"#) == "policy: cap: must be ≥ 0, got -1")
        #expect(error("{}") == nil)
        let partial = try Policy.parse(Array(#"{"points":{"satisfaction":{"5":7}}}"#.utf8))
        #expect(partial.satisfactionPoints == [-5, -2, 0, 2, 7])
        #expect(
            Policy().canonicalJSON
                == #"{"timezone":"Asia/Seoul","currency":"KRW","point_value":1000,"cap":500000,"#
                + #""sla":{"acknowledge_seconds":3600,"close_seconds":259200},"#
                + #""points":{"closed_resolved":10,"acknowledged_within_sla":2,"#
                + #""satisfaction":{"1":-5,"2":-2,"3":0,"4":2,"5":5},"reopened_clawback":-10},"#
                + #""reopen_window_days":30,"min_surveys":5,"prior_weight":10}"#
        )
    }

    @Test func decimalTextRoundsHalfAwayFromZeroWithoutFloats() {
        #expect(DecimalText.ratio(7, 2, places: 4) == "3.5")
        #expect(DecimalText.ratio(2, 3, places: 4) == "0.6667")
        #expect(DecimalText.ratio(10, 5, places: 4) == "2")
        #expect(DecimalText.ratio(-1, 3, places: 2) == "-0.33")
        #expect(DecimalText.ratio(1, 8, places: 2) == "0.13")
        #expect(SecondsText.json(milliseconds: 3_600_500) == "3600.5")
        #expect(SecondsText.json(milliseconds: 1) == "0.001")
    }
}
