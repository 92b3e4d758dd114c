import Foundation
import Testing

@testable import RedressProjections

/// A policy's `sla.clock`, `calendar` and `$comment` (SPEC 4, 7): what is refused and why, what the
/// digest pins, and the business clock's elapsed time and due instants.
@Suite struct CalendarPolicyTests {
    func parse(_ json: String) throws -> Policy { try Policy.parse(Array(json.utf8)) }

    /// A policy on the business clock with this `calendar` object.
    static func business(_ calendar: String) -> String { #"{"sla":{"clock":"business"},"calendar":\#(calendar)}"# }
    /// A business-clock calendar whose Monday is `monday`.
    static func monday(_ monday: String) -> String { business(#"{"hours":{"mon":\#(monday)}}"#) }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let json: String
        let key: String
        let says: String
        var testDescription: String { "\(key): \(says)" }
    }

    static let refusals: [Refusal] = [
        Refusal(
            json: #"{"calendar":{"hours":{"mon":[["09:00","18:00"]]}}}"#, key: "calendar",
            says: #"needs "sla": {"clock": "business"}: with the calendar clock it would be silently unused"#),
        Refusal(json: #"{"sla":{"clock":"weekly"}}"#, key: "sla.clock", says: #""weekly" is not a clock"#),
        Refusal(
            json: business(#"{"hours":{"mo":[["09:00","18:00"]]}}"#), key: "calendar.hours.mo",
            says: "unknown day (did you mean mon?)"),
        Refusal(
            json: monday(#"[["9:00","18:00"]]"#), key: "calendar.hours.mon[0]",
            says: #"start "9:00" is not a time HH:MM"#),
        Refusal(
            json: monday(#"[["09:00","12:00"],["24:00","24:00"]]"#), key: "calendar.hours.mon[1]",
            says: #"start "24:00" is not a time HH:MM from 00:00 to 23:59 (24:00 only ends a day)"#),
        Refusal(
            json: monday(#"[["09:00","24:30"]]"#), key: "calendar.hours.mon[0]",
            says: #"end "24:30" is not a time HH:MM from 00:00 to 24:00"#),
        Refusal(
            json: monday(#"[["09:00","09:00"]]"#), key: "calendar.hours.mon[0]",
            says: "start 09:00 must be before end 09:00"),
        Refusal(
            json: monday(#"[["18:00","09:00"]]"#), key: "calendar.hours.mon[0]",
            says: "start 18:00 must be before end 09:00"),
        Refusal(
            json: monday(#"[["09:00","12:00"],["11:00","13:00"]]"#), key: "calendar.hours.mon[1]",
            says: "starts at 11:00, before the previous interval ends at 12:00"),
        Refusal(
            json: monday(#"[["13:00","18:00"],["09:00","12:00"]]"#), key: "calendar.hours.mon[1]",
            says: "a day's intervals ascend and do not overlap"),
        Refusal(
            json: monday(#"[["09:00","12:00","13:00"]]"#), key: "calendar.hours.mon[0]",
            says: "a start and an end"),
        Refusal(
            json: business(#"{"hours":{"mon":[],"sat":[]}}"#), key: "calendar.hours",
            says: "the week has no working time"),
        Refusal(json: business(#"{"hours":{}}"#), key: "calendar.hours", says: "the week has no working time"),
        Refusal(json: business(#"{"holidays":["2026-01-01"]}"#), key: "calendar.hours", says: "required"),
        Refusal(
            json: business(#"{"hours":{"mon":[["09:00","18:00"]]},"holidays":["2026-02-30"]}"#),
            key: "calendar.holidays[0]", says: #""2026-02-30" is not a date YYYY-MM-DD"#),
        Refusal(
            json: business(
                #"{"hours":{"mon":[["09:00","18:00"]]},"holidays":["2026-01-01","2026-02-17","2026-01-01"]}"#),
            key: "calendar.holidays[2]", says: "2026-01-01 is listed twice"),
        Refusal(
            json: business(#"{"hours":{"mon":[["09:00","18:00"]]},"holiday":["2026-01-01"]}"#),
            key: "calendar.holiday", says: "unknown key (did you mean holidays?)"),
        Refusal(json: #"{"$comment":5}"#, key: "$comment", says: "must be a string or an array of strings"),
        Refusal(json: #"{"$comment":["note",5]}"#, key: "$comment", says: "must be a string or an array of strings"),
    ]

    @Test(arguments: CalendarPolicyTests.refusals) func aBadCalendarIsRefusedWithItsKeyAndReason(_ refusal: Refusal)
        throws
    {
        let error = #expect(throws: Policy.Error.self) { try parse(refusal.json) }
        #expect(error?.key == refusal.key)
        #expect(error?.message.contains(refusal.says) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        #"{"$comment":"a note"}"#,
        #"{"$comment":["a note","another"]}"#,
        #"{"$comment":[]}"#,
        CalendarPolicyTests.monday(#"[["09:00","12:00"],["12:00","24:00"]]"#),  // touching intervals, 24:00 as an end
        #"{"calendar":{"hours":{"sun":[["00:00","00:15"]]},"holidays":[]},"sla":{"clock":"business"}}"#,
    ])
    func aGoodPolicyIsRead(_ json: String) throws {
        _ = try parse(json)
    }

    /// `sha256` of the canonical JSON of `Policy()` as written before SPEC 7 (reproduced by hand from
    /// the previous commit's writer): statements issued before then must keep reproducing.
    static let defaultDigest = "f4de95e0759c8aae00ecf5c984c1c1df8aa3e4a4517392ad04149721070b90cb"

    @Test func theDefaultPolicyKeepsItsDigest() throws {
        #expect(Policy().sha256 == Self.defaultDigest)
        #expect(try parse("{}").sha256 == Self.defaultDigest)
        #expect(try parse(#"{"sla":{"clock":"calendar"}}"#).sha256 == Self.defaultDigest)
        #expect(try parse(#"{"$comment":["a note"]}"#).sha256 == Self.defaultDigest)
    }

    @Test func theDigestPinsTheCalendarButNotItsSpellingOrComments() throws {
        let korea = try parse(
            Self.business(
                #"{"hours":{"mon":[["09:00","12:00"],["13:00","18:00"]],"fri":[["09:00","18:00"]]},"#
                    + #""holidays":["2026-02-16","2026-02-17","2026-02-18"]}"#))
        #expect(korea.sha256 != Self.defaultDigest)
        let respelled = try parse(
            #"{"$comment":"Seollal","calendar":{"holidays":["2026-02-18","2026-02-16","2026-02-17"],"#
                + #""hours":{"sat":[],"fri":[["09:00","18:00"]],"mon":[["09:00","12:00"],["13:00","18:00"]]}},"#
                + #""sla":{"clock":"business"}}"#)
        #expect(respelled.sha256 == korea.sha256)
        #expect(respelled == korea)
        let otherHoliday = try parse(
            Self.business(
                #"{"hours":{"mon":[["09:00","12:00"],["13:00","18:00"]],"fri":[["09:00","18:00"]]},"#
                    + #""holidays":["2026-02-16","2026-02-17"]}"#))
        #expect(otherHoliday.sha256 != korea.sha256)
        let otherHours = try parse(
            Self.business(
                #"{"hours":{"mon":[["09:00","12:00"],["13:00","18:00"]],"fri":[["09:00","17:00"]]},"#
                    + #""holidays":["2026-02-16","2026-02-17","2026-02-18"]}"#))
        #expect(otherHours.sha256 != korea.sha256)
    }

    /// Received Friday 2026-01-09 16:00 in Seoul, paused from Friday 17:00 to Monday 10:00.
    let received = epochMs("2026-01-09T16:00:00+09:00")
    let paused = [
        PausedInterval(start: epochMs("2026-01-09T17:00:00+09:00"), end: epochMs("2026-01-12T10:00:00+09:00"))
    ]

    func korea() throws -> Policy {
        try parse(
            Self.business(
                #"{"hours":{"mon":[["09:00","12:00"],["13:00","18:00"]],"tue":[["09:00","18:00"]],"#
                    + #""wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]}}"#))
    }

    @Test func theBusinessClockLeavesOutTheWeekendAndThePause() throws {
        let policy = try korea()
        // Friday 16–17 (1 h); the pause takes Friday 17–18 and Monday 9–10; Monday 10–11 (1 h).
        #expect(
            policy.slaElapsed(received: received, at: epochMs("2026-01-12T11:00:00+09:00"), paused: paused) == 2 * hour)
        #expect(policy.slaElapsed(received: received, at: received - 1, paused: paused) == 0)
        // 1 h Friday, 2 h Monday 10–12, lunch, 1 h from 13:00.
        #expect(
            policy.slaDue(received: received, target: 4 * hour, paused: paused) == epochMs("2026-01-12T14:00:00+09:00"))
        // On the default clock every instant counts but the pause's 65 hours.
        #expect(
            Policy().slaDue(received: received, target: 4 * hour, paused: paused)
                == epochMs("2026-01-12T13:00:00+09:00"))
    }

    @Test func dueIsTheLeastInstantWhoseElapsedTimeReachesTheTarget() throws {
        let business = try korea()
        var bare = Policy()
        bare.slaClock = .business  // no calendar: every instant counts
        let pauses: [[PausedInterval]] = [
            paused,
            [],
            [PausedInterval(start: received - hour, end: received + 30 * minute)] + paused,  // one begun before receipt
            paused + [.init(start: epochMs("2026-01-12T11:30:00+09:00"), end: epochMs("2026-01-13T09:15:00+09:00"))],
        ]
        let halfHours: [Int64] = Array(stride(from: 0, through: 12 * hour, by: Int(30 * minute)))
        let targets: [Int64] = halfHours + halfHours.map { $0 + 1 } + halfHours.map { $0 + 59_999 }
        for policy in [business, bare, Policy()] {
            for paused in pauses {
                for target in targets {
                    let due = policy.slaDue(received: received, target: target, paused: paused)
                    #expect(due >= received)
                    #expect(policy.slaElapsed(received: received, at: due, paused: paused) >= target)
                    if due > received {
                        #expect(
                            policy.slaElapsed(received: received, at: due - 1, paused: paused) < target,
                            "target \(target), due \(due), paused \(paused)")
                    }
                }
            }
        }
    }
}
