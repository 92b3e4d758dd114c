import Foundation
import Redress
import Testing

@Suite struct MetricsTests {
    @Test(arguments: [
        ([Int64(7)], [Int64(1), 7, 7, 7, 7, 7]),
        ([2, 1], [2, 1, 2, 2, 2, 2]),  // mean 1.5 rounds to 2 ms
        (Array(1...10).reversed().map { Int64($0) }, [10, 5, 9, 10, 10, 6]),  // mean 5.5 → 6
        (Array(1...101).map { Int64($0) }, [101, 51, 91, 100, 101, 51]),
    ])
    func nearestRankPercentiles(values: [Int64], expected: [Int64]) {
        #expect(DurationFigures(values: values).summary == expected.map { Optional($0) })
    }

    @Test func emptyFiguresAreNull() {
        let empty = DurationFigures(values: [])
        #expect(empty.summary == [0, nil, nil, nil, nil, nil])
    }

    @Test func acknowledgeAtExactlyTheSLAIsMetAndOneSecondLaterIsBreached() async throws {
        let s = try Scenario(now: "2026-03-20T00:00:00Z")
        try await s.receive("A", at: "2026-03-10T10:00:00+09:00")
        try await s.receive("B", at: "2026-03-10T10:00:00+09:00")
        try await s.ack("A", at: "2026-03-10T11:00:00+09:00", by: "kim")  // 3,600 s
        try await s.ack("B", at: "2026-03-10T11:00:01+09:00", by: "lee")  // 3,601 s
        try await s.receive("C", at: "2026-03-19T23:30:00Z")  // 30 minutes before the clock
        try await s.receive("D", at: "2026-03-10T10:00:00+09:00")  // never acknowledged

        let m = try await s.ledger.metrics(month: "2026-03")
        #expect(m.all.complaints == 4)
        #expect(m.all.acknowledge.summary == [2, 3_600_000, 3_601_000, 3_601_000, 3_601_000, 3_600_500])
        let ack = try #require(m.all.acknowledge.sla)
        #expect([ack.seconds, Int64(ack.met), Int64(ack.breached), Int64(ack.pending)] == [3600, 1, 2, 1])
        // On the calendar clock with nothing paused, the elapsed SLA times are the durations themselves.
        #expect(ack.clock == .calendar && ack.elapsed == DurationStatistics([3_600_000, 3_601_000]))
        let close = try #require(m.all.close.sla)
        #expect([close.seconds, Int64(close.met), Int64(close.breached), Int64(close.pending)] == [259_200, 0, 3, 1])
        #expect(m.all.open == 4)
        let json = m.json()
        #expect(
            json.contains(
                #""acknowledge":{"n":2,"p50_seconds":3600,"p90_seconds":3601,"p99_seconds":3601,"max_seconds":3601,"#
                    + #""mean_seconds":3600.5,"sla_seconds":3600,"sla_clock":"calendar","sla_met":1,"sla_breached":2,"#
                    + #""sla_pending":1,"sla_elapsed":{"n":2,"p50_seconds":3600,"p90_seconds":3601,"p99_seconds":3601,"#
                    + #""max_seconds":3601,"mean_seconds":3600.5}}"#
            ))
        #expect(
            json.contains(
                #""compensate":{"n":0,"p50_seconds":null,"p90_seconds":null,"p99_seconds":null,"max_seconds":null,"#
                    + #""mean_seconds":null}"#
            ))
        #expect(json.contains(#""satisfaction":{"responses":0,"mean":null,"csat_percent":null}"#))

        let r = try await s.ledger.rewards(month: "2026-03")
        try #require(r.staff.map(\.staff) == ["kim"])  // lee's acknowledgement was one second late
        #expect(r.staff[0].points == 2)
        try #require(r.staff[0].items.map(\.position) == [3])
        #expect(r.staff[0].items[0].rule == .acknowledgedWithinSLA)
        #expect(r.staff[0].indexText == nil)
    }

    /// SPEC 2: a report's clock is the recorded_at of the event at its as-of position, not the head's.
    @Test func theClockIsTheRecordedTimeAtTheAsOfPosition() async throws {
        let s = try Scenario(now: "2026-03-10T01:10:00Z")
        let a = try await s.receive("A", at: "2026-03-10T10:00:00+09:00")  // 01:00Z, recorded 01:10Z
        try s.setClock("2026-03-10T06:00:00Z")
        let b = try await s.receive("B", at: "2026-03-10T15:00:00+09:00")  // 06:00Z, recorded 06:00Z
        let early = try await s.ledger.metrics(month: "2026-03", asOfPosition: a)
        #expect(
            early.all.acknowledge.sla == SLAFigures(seconds: 3600, met: 0, breached: 0, pending: 1),
            "10 minutes after A")
        let late = try await s.ledger.metrics(month: "2026-03", asOfPosition: b)
        #expect(
            late.all.acknowledge.sla == SLAFigures(seconds: 3600, met: 0, breached: 1, pending: 1), "5 hours after A")
        #expect(try await s.ledger.metrics(month: "2026-03").json() == late.json())
    }

    @Test func monthBoundariesInSeoul() async throws {
        let s = try Scenario()
        try await s.receive("X1", at: "2026-03-31T23:59:59+09:00")
        try await s.receive("X2", at: "2026-04-01T00:00:00+09:00")
        try await s.receive("X3", at: "2026-03-31T15:00:00Z")  // 00:00 in Seoul
        try await s.receive("X4", at: "2026-03-31T14:59:59.999Z")  // 23:59:59.999 in Seoul
        try await s.ack("X1", at: "2026-04-01T00:00:30+09:00", by: "kim")  // credit belongs to April, the event's month
        #expect(try await s.ledger.metrics(month: "2026-03").all.complaints == 2)
        #expect(try await s.ledger.metrics(month: "2026-04").all.complaints == 2)
        #expect(try await s.ledger.rewards(month: "2026-03").staff.isEmpty)
        #expect(try await s.ledger.rewards(month: "2026-04").staff.map(\.points) == [2])
    }

    @Test func monthBoundariesInAZoneWithDaylightSaving() async throws {
        let s = try Scenario()
        let ny = try s.policy(#"{"timezone":"America/New_York"}"#)
        try await s.receive("N1", at: "2026-10-31T23:59:59-04:00")
        try await s.receive("N2", at: "2026-11-01T04:30:00Z")  // 00:30 EDT on Nov 1; a fixed −05:00 would say October
        try await s.receive("N3", at: "2026-11-30T23:30:00-05:00")  // after the change back to EST
        try await s.receive("N4", at: "2026-12-01T04:59:59Z")  // 23:59:59 EST on Nov 30
        try await s.receive("N5", at: "2026-12-01T05:00:00Z")  // 00:00 EST on Dec 1
        #expect(try await s.ledger.metrics(month: "2026-10", policy: ny).all.complaints == 1)
        #expect(try await s.ledger.metrics(month: "2026-11", policy: ny).all.complaints == 3)
        #expect(try await s.ledger.metrics(month: "2026-12", policy: ny).all.complaints == 1)
        let march = try Month("2026-03", timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(march.startMs == (try Timestamp(parsing: "2026-03-01T05:00:00Z")).epochMilliseconds)
        #expect(march.endMs == (try Timestamp(parsing: "2026-04-01T04:00:00Z")).epochMilliseconds)
        #expect(try await s.ledger.metrics(month: "2026-11", policy: ny).timezone == "America/New_York")
    }

    @Test func asOfAPositionInTheMiddleOfACycle() async throws {
        let s = try Scenario()
        try await s.receive("M", at: "2026-05-01T09:00:00+09:00")  // 1
        try await s.ack("M", at: "2026-05-01T09:30:00+09:00", by: "kim")  // 2
        try await s.close("M", at: "2026-05-01T12:00:00+09:00", by: "kim")  // 3: 3 h
        try await s.followUp("M", at: "2026-05-02T09:00:00+09:00", by: "kim", rating: 2)  // 4
        try await s.reopen("M", at: "2026-05-03T09:00:00+09:00")  // 5
        try await s.ack("M", at: "2026-05-03T09:10:00+09:00", by: "lee")  // 6
        try await s.close("M", at: "2026-05-04T09:00:00+09:00", by: "lee")  // 7: 3 d
        try await s.followUp("M", at: "2026-05-05T09:00:00+09:00", by: "lee", rating: 5)  // 8

        let at2 = try await s.ledger.metrics(month: "2026-05", asOfPosition: 2)
        #expect(at2.all.open == 1 && at2.all.close.n == 0 && at2.all.acknowledge.n == 1)
        let at3 = try await s.ledger.metrics(month: "2026-05", asOfPosition: 3)
        #expect(
            at3.all.open == 0
                && at3.all.finalClose.summary == [1, 10_800_000, 10_800_000, 10_800_000, 10_800_000, 10_800_000])
        let at6 = try await s.ledger.metrics(month: "2026-05", asOfPosition: 6)
        #expect(at6.all.open == 1 && at6.all.reopened == 1)
        #expect(at6.all.close.n == 1)  // first resolution stays reached
        #expect(at6.all.finalClose.n == 0)  // not closed as of 6
        #expect(at6.all.satisfaction == SatisfactionFigures(responses: 1, sum: 2, satisfied: 0))
        let at8 = try await s.ledger.metrics(month: "2026-05", asOfPosition: 8)
        #expect(at8.all.finalClose.max == 259_200_000)
        #expect(at8.all.close.max == 10_800_000)
        #expect(at8.all.satisfaction == SatisfactionFigures(responses: 1, sum: 5, satisfied: 1))
        #expect(at8.json().contains(#""satisfaction":{"responses":1,"mean":5,"csat_percent":100}"#))
        #expect(at8 == (try await s.ledger.metrics(month: "2026-05")))
        // The clock is the recorded_at of the event at the as-of position.
        await #expect(throws: LedgerError.self) { try await s.ledger.metrics(month: "2026-05", asOfPosition: 9) }
    }

    @Test func breakdownsListOnlyTheValuesThatOccur() async throws {
        let s = try Scenario()
        try await s.receive("A", at: "2026-05-01T09:00:00+09:00", channel: .web, category: .product, severity: .high)
        try await s.receive("B", at: "2026-05-01T09:00:00+09:00", channel: .phone, category: .product)
        try await s.receive(
            "C", at: "2026-05-01T09:00:00+09:00", channel: .web, category: .service, severity: .critical)
        let m = try await s.ledger.metrics(month: "2026-05")
        #expect(m.byChannel.map(\.key) == ["phone", "web"])
        #expect(m.byChannel.map(\.group.complaints) == [1, 2])
        #expect(m.byCategory.map(\.key) == ["service", "product"])
        #expect(m.bySeverity.map(\.key) == ["medium", "high", "critical"])  // a missing severity is medium
    }
}
