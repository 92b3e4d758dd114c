import Foundation
import RedressDomain
public import RedressProjections
public import RedressStore
import Testing

/// An event store and the projection store kept beside it, as a backend makes them.
public struct ProjectionBackend: Sendable {
    /// An empty event store, opened on the clock ``ProjectionStoreConformance/run(_:)`` passes.
    public var events: any EventStore
    /// The projections kept beside those events (the same ledger).
    public var projections: any ProjectionStore

    /// Pairs a store with its projections; nothing is opened or checked here.
    public init(events: any EventStore, projections: any ProjectionStore) {
        self.events = events
        self.projections = projections
    }
}

/// The behaviour every `ProjectionStore` backend must show, as checks a backend's test target runs:
///
/// - every write transaction moves each projection's checkpoint to the new head in the same
///   transaction (reports never see a projection behind the events), and a failed one moves none;
/// - a rebuild gives exactly the result of the incremental catch-up, in a new generation that is
///   swapped in whole, with no rebuild left in progress;
/// - a report as of a position ignores every event after it;
/// - `logEvents(after:upTo:limit:)` reads the log in position order, in pages.
///
/// ```swift
/// @Test func passesTheProjectionStoreConformanceSuite() async throws {
///     try await ProjectionStoreConformance.run { clock in
///         let store = try MyStore(scratch: …, clock: { clock.milliseconds })
///         return ProjectionBackend(events: store, projections: store.projections)
///     }
/// }
/// ```
public enum ProjectionStoreConformance {
    /// Runs every check, each on a backend of its own.
    public static func run(_ make: (TestClock) async throws -> ProjectionBackend) async throws {
        try await checkpointsMoveWithEveryWrite(make(TestClock()))
        try await aFailedWriteMovesNoCheckpoint(make(TestClock()))
        try await rebuildEqualsIncrementalCatchUpAndSwapsGenerations(make(TestClock()))
        try await reportsAsOfAPositionIgnoreLaterEvents(make(TestClock()))
    }

    /// The months the scenario covers, in the default policy's time zone.
    static let months = ["2026-01", "2026-02", "2026-03"]

    static func checkpointsMoveWithEveryWrite(_ backend: ProjectionBackend) async throws {
        #expect(try await backend.projections.status().allSatisfy { $0.position == 0 && $0.head == 0 })
        let streams = scenario(complaints: 12)
        for (n, stream) in streams.enumerated() {
            try await backend.events.append(stream, expectedVersion: 0)
            let head = try await backend.events.head().position
            let status = try await backend.projections.status()
            #expect(status.count == ProjectionName.allCases.count)
            #expect(
                status.allSatisfy { $0.position == head && $0.head == head && $0.lag == 0 },
                "after stream \(n): \(status.map { "\($0.name.rawValue) at \($0.position) of \($0.head)" })")
        }
    }

    struct Refused: Error {}

    static func aFailedWriteMovesNoCheckpoint(_ backend: ProjectionBackend) async throws {
        try await append(scenario(complaints: 5), to: backend.events)
        let before = try await backend.projections.status()
        let reports = try await figures(backend.projections)
        await #expect(throws: Refused.self) {
            try await backend.events.write { tx in
                for stream in scenario(complaints: 3, prefix: "LATE") {
                    for (version, event) in stream.enumerated() {
                        try tx.append(event, expectedVersion: version, restore: nil)
                    }
                }
                throw Refused()
            }
        }
        #expect(try await backend.projections.status() == before)
        #expect(try await figures(backend.projections) == reports)
    }

    static func rebuildEqualsIncrementalCatchUpAndSwapsGenerations(_ backend: ProjectionBackend) async throws {
        try await append(scenario(complaints: 40), to: backend.events)
        let incremental = try await figures(backend.projections)
        #expect(
            incremental.contains { $0.contains(#""paused":true"#) } && incremental.contains { $0.contains("business") },
            "the scenario has complaints paused at the head, and figures on the business clock")
        let before = try await backend.projections.status()
        try await backend.projections.rebuild(ProjectionName.allCases, afterBatch: nil)
        let after = try await backend.projections.status()
        let head = try await backend.events.head().position
        for (old, new) in zip(before, after) {
            #expect(new.generation > old.generation, "\(new.name.rawValue): a rebuild makes a new generation")
            #expect(new.position == head && new.building == nil)
        }
        #expect(try await figures(backend.projections) == incremental)
        // Catch-up after the rebuild keeps going from the swapped-in generation.
        try await append(scenario(complaints: 4, prefix: "AFTER"), to: backend.events)
        let caughtUp = try await figures(backend.projections)
        // One projection at a time gives the same tables as all at once.
        for name in ProjectionName.allCases { try await backend.projections.rebuild([name], afterBatch: nil) }
        #expect(try await figures(backend.projections) == caughtUp)
    }

    static func reportsAsOfAPositionIgnoreLaterEvents(_ backend: ProjectionBackend) async throws {
        try await append(scenario(complaints: 20), to: backend.events)
        let asOf = try await backend.events.head().position
        let then = try await figures(backend.projections, asOf: asOf)
        try await append(scenario(complaints: 10, prefix: "LATER"), to: backend.events)
        #expect(try await figures(backend.projections, asOf: asOf) == then)
        #expect(try await figures(backend.projections) != then, "the later events change the report at the head")
        await #expect(throws: ProjectionError.self) {
            _ = try await backend.projections.recovery(receivedFrom: 0, to: 1, asOf: asOf + 1_000_000)
        }
        // The log as the folds read it: every event in (after, upTo], in order, a page at a time.
        var read: [Int64] = []
        var cursor: Int64 = 0
        while let last = try await backend.projections.logEvents(after: cursor, upTo: asOf, limit: 7).last {
            read += try await backend.projections.logEvents(after: cursor, upTo: asOf, limit: 7).map(\.position)
            cursor = last.position
        }
        #expect(read == Array(1...asOf))
    }

    /// Both SLA clocks: the default, and working hours (Mon–Fri 09:00–18:00 in Asia/Seoul) with a holiday.
    static let policies: [Policy] = {
        let day = #"[["09:00","18:00"]]"#
        let week = ["mon", "tue", "wed", "thu", "fri"].map { "\"\($0)\":\(day)" }.joined(separator: ",")
        let json =
            #"{"sla":{"clock":"business","acknowledge_seconds":7200},"calendar":{"hours":{"#
            + week + #"},"holidays":["2026-02-17"]}}"#
        return [Policy(), try! Policy.parse(Array(json.utf8))]
    }()

    /// Every month's metrics and statement as their JSON, and the deadlines, as of `asOf` (default: the
    /// head), under each of ``policies``.
    static func figures(_ projections: any ProjectionStore, asOf: Int64? = nil) async throws -> [String] {
        var out: [String] = []
        for policy in policies { out += try await figures(projections, policy: policy, asOf: asOf) }
        return out
    }

    /// Every month's metrics and statement, and the deadlines at the report's clock, under `policy`.
    static func figures(_ projections: any ProjectionStore, policy: Policy, asOf: Int64?) async throws -> [String] {
        var out: [String] = []
        let all = try await projections.recovery(receivedFrom: Int64.min, to: Int64.max, asOf: asOf)
        out.append(
            DueReport.compute(
                policy: policy, asOfPosition: all.asOfPosition, clockMs: all.clockMs, rows: all.rows,
                transitions: all.transitions
            ).json())
        for name in months {
            let month = try Month(name, timeZone: policy.timeZone)
            let snapshot = try await projections.recovery(receivedFrom: month.startMs, to: month.endMs, asOf: asOf)
            out.append(
                MetricsReport.compute(
                    month: month, policy: policy, asOfPosition: snapshot.asOfPosition,
                    clockMs: snapshot.clockMs, rows: snapshot.rows,
                    transitions: snapshot.transitions
                ).json())
            let (position, candidates) = try await projections.rewardCandidates(
                occurredFrom: month.startMs,
                to: month.endMs, asOf: asOf)
            out.append(
                RewardStatement.compute(
                    month: month, policy: policy, asOfPosition: position,
                    candidates: candidates
                ).json())
        }
        return out
    }

    static func append(_ streams: [[ComplaintEvent]], to store: any EventStore) async throws {
        for stream in streams { try await store.append(stream, expectedVersion: 0) }
    }

    /// Complaints whose lifecycles cover every event type and rule: acknowledged in and out of SLA,
    /// assigned, compensated, paused (resumed, closed while paused, or still paused), closed, rated,
    /// reopened and closed again, across month boundaries.
    static func scenario(complaints: Int, prefix: String = "C") -> [[ComplaintEvent]] {
        let channels = Channel.allCases
        let categories = Category.allCases
        let severities = Severity.allCases
        let staff = ["kim", "lee", "park", "choi"]
        var streams: [[ComplaintEvent]] = []
        for n in 0..<complaints {
            let id = "\(prefix)-\(n)"
            // From 2026-01-01T00:00+09:00, about 4.3 days apart: three months for 20 complaints.
            let start: Int64 = 1_767_193_200_000 + Int64(n) * 5_400_000 * 23
            func at(_ minutes: Int64) -> Timestamp { Timestamp(epochMilliseconds: start + minutes * 60_000) }
            func event(_ data: EventData, _ minutes: Int64, by actor: String?) -> ComplaintEvent {
                ComplaintEvent(eventID: .version7(), complaintID: id, occurredAt: at(minutes), actor: actor, data: data)
            }
            let agent = staff[n % staff.count]
            let other = staff[(n + 1) % staff.count]
            var stream = [
                event(
                    .received(
                        .init(
                            customer: "고객-\(n)", channel: channels[n % channels.count],
                            category: categories[n % categories.count],
                            severity: n % 5 == 0 ? nil : severities[n % severities.count],
                            summary: "배송 문제 \(n)")), 0, by: nil)
            ]
            guard n % 7 != 6 else {
                streams.append(stream)
                continue
            }  // left open, unacknowledged
            stream.append(event(.acknowledged(note: nil), n % 3 == 0 ? 400 : 20 + Int64(n), by: agent))
            if n % 2 == 0 { stream.append(event(.assigned(to: other), 500, by: agent)) }
            let owner = n % 2 == 0 ? other : agent
            if n % 3 == 1 {
                stream.append(
                    event(.compensated(.init(kind: .voucher, amount: Money("15000")!, currency: "KRW")), 600, by: owner)
                )
            }
            // Paused while waiting on the customer: still paused (left open), resumed by the customer's
            // reply, or closed while paused (SPEC 7.2).
            let pauses = n % 3 == 2
            if pauses {
                let reason: PauseReason = n % 2 == 0 ? .awaitingCustomer : .awaitingThirdParty
                stream.append(event(.paused(reason: reason, note: "사진 요청"), 700, by: owner))
                if n % 7 != 5 && n % 2 == 1 { stream.append(event(.resumed(note: nil), 800, by: nil)) }
            }
            guard n % 7 != 5 else {
                streams.append(stream)
                continue
            }  // acknowledged, still open
            stream.append(
                event(
                    .closed(resolution: n % 4 == 3 ? .unresolved : .resolved, rootCause: nil), 900 + Int64(n) * 30,
                    by: owner))
            stream.append(event(.followedUp(satisfaction: 1 + n % 5, comment: nil), 2_000, by: owner))
            if n % 4 == 1 {
                stream.append(event(.reopened(reason: "다시 문제"), 3_000, by: nil))
                stream.append(event(.closed(resolution: .resolved, rootCause: "재발"), 4_500, by: owner))
            }
            streams.append(stream)
        }
        return streams
    }
}
