import Foundation
import RedressDomain
public import RedressStore
import Testing

/// The behaviour every `EventStore` backend must show: the contract written on `EventStore` and
/// `EventStoreTransaction`, as checks a backend's test target runs (Swift Testing expectations).
///
/// A backend passes it from its own test target:
///
/// ```swift
/// import RedressStoreConformance
/// import Testing
///
/// @Test func passesTheEventStoreConformanceSuite() async throws {
///     try await EventStoreConformance.run { clock in try MyStore(scratch: …, clock: { clock.milliseconds }) }
/// }
/// ```
///
/// Each call of the factory must return a new, empty store whose `recorded_at` comes from `clock`.
public enum EventStoreConformance {
    /// Runs every check, each on a store of its own.
    public static func run(_ makeStore: (TestClock) async throws -> any EventStore) async throws {
        try await appendsAtExpectedVersionWithGapFreePositions(makeStore(TestClock()))
        try await conflictStoresNothing(makeStore(TestClock()))
        try await sameEventTwiceIsANoOp(makeStore(TestClock()))
        try await sameIDOtherContentIsAnError(makeStore(TestClock()))
        try await failedTransactionStoresNothing(makeStore(TestClock()))
        try await readAllPagesAndAsOf(makeStore(TestClock()))
        try await ownersAgreeWithEachStream(makeStore(TestClock()))
        let clock = TestClock()
        try await recordedAtNeverGoesBackwards(makeStore(clock), clock)
        try await restoreReproducesOrRefuses(makeStore(TestClock()), makeStore(TestClock()))
        try await dryRunKeepsTheRulesAndStoresNothing(makeStore(TestClock()), makeStore(TestClock()))
    }

    static func acknowledged(_ complaint: String, _ minute: Int, by: String = "kim") -> ComplaintEvent {
        makeEvent(
            complaint, .acknowledged(note: "확인 \(minute)"),
            at: "2026-03-01T10:\(minute < 10 ? "0" : "")\(minute):00+09:00", by: by)
    }

    static func appendsAtExpectedVersionWithGapFreePositions(_ store: any EventStore) async throws {
        let a = try await store.append(
            [makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        let b = try await store.append(
            [makeEvent("B", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        let a2 = try await store.append([acknowledged("A", 1), acknowledged("A", 2)], expectedVersion: 1)
        #expect(a.map(\.position) == [1])
        #expect(b.map(\.position) == [2])
        #expect(a2.map(\.position) == [3, 4])
        #expect(a2.map(\.version) == [2, 3])
        let streamA = try await store.readStream("A", asOf: nil)
        #expect(streamA.map(\.version) == [1, 2, 3])
        #expect(streamA[0].hash == HashChain.hash(of: streamA[0], previous: HashChain.genesis))
        #expect(streamA[1].hash == HashChain.hash(of: streamA[1], previous: streamA[0].hash))
        #expect(streamA[0].occurredAt.text == "2026-03-01T10:00:00+09:00")
        let head = try await store.head()
        #expect(head.position == 4)
        #expect(try await store.checkGuarantees().isEmpty)
    }

    static func conflictStoresNothing(_ store: any EventStore) async throws {
        try await store.append([makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        await #expect(throws: StoreError.conflict(complaintID: "A", expected: 0, actual: 1)) {
            try await store.append([acknowledged("A", 1)], expectedVersion: 0)
        }
        await #expect(throws: StoreError.conflict(complaintID: "A", expected: 1, actual: 2)) {
            // The second event conflicts; the first must not survive either.
            try await store.write { tx in
                try tx.append(acknowledged("A", 1), expectedVersion: 1, restore: nil)
                try tx.append(acknowledged("A", 2), expectedVersion: 1, restore: nil)
            }
        }
        #expect(try await store.head().position == 1)
    }

    static func sameEventTwiceIsANoOp(_ store: any EventStore) async throws {
        let first = makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil)
        try await store.append([first], expectedVersion: 0)
        let outcome = try await store.write { tx in try tx.append(first, expectedVersion: 1, restore: nil) }
        guard case .alreadyStored(let existing) = outcome else {
            Issue.record("appended twice")
            return
        }
        #expect(existing.position == 1)
        #expect(try await store.head().position == 1)
    }

    static func sameIDOtherContentIsAnError(_ store: any EventStore) async throws {
        let first = makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil)
        try await store.append([first], expectedVersion: 0)
        var other = acknowledged("A", 5)
        other.eventID = first.eventID
        await #expect(throws: StoreError.duplicateEventID(first.eventID, existingPosition: 1)) {
            try await store.append([other], expectedVersion: 1)
        }
        #expect(try await store.head().position == 1)
    }

    struct Boom: Error {}

    static func failedTransactionStoresNothing(_ store: any EventStore) async throws {
        await #expect(throws: Boom.self) {
            try await store.write { tx in
                try tx.append(
                    makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil), expectedVersion: 0, restore: nil
                )
                #expect(try tx.headPosition() == 1)
                #expect(try tx.readStream("A").count == 1)  // reads see the transaction's own appends
                throw Boom()
            }
        }
        #expect(try await store.head().position == 0)
        #expect(try await store.readStream("A", asOf: nil).isEmpty)
    }

    static func readAllPagesAndAsOf(_ store: any EventStore) async throws {
        for i in 0..<7 {
            try await store.append(
                [makeEvent("S\(i)", received, at: "2026-03-01T10:00:00Z", by: nil)], expectedVersion: 0)
        }
        try await store.append([acknowledged("S0", 3)], expectedVersion: 1)
        let page1 = try await store.readAll(after: 0, limit: 3)
        let page2 = try await store.readAll(after: 3, limit: 10)
        #expect(page1.map(\.position) == [1, 2, 3])
        #expect(page2.map(\.position) == [4, 5, 6, 7, 8])
        #expect(try await store.readStream("S0", asOf: 7).count == 1)
        #expect(try await store.readStream("S0", asOf: 8).count == 2)
    }

    static func recordedAtNeverGoesBackwards(_ store: any EventStore, _ clock: TestClock) async throws {
        clock.set(1_800_000_000_000)
        let first = try await store.append(
            [makeEvent("A", received, at: "2026-03-01T10:00:00Z", by: nil)], expectedVersion: 0)
        clock.set(1_700_000_000_000)  // the machine's clock steps back
        let second = try await store.append([acknowledged("A", 1)], expectedVersion: 1)
        try #require(first.count == 1 && second.count == 1)
        #expect(first[0].recordedAt.epochMilliseconds == 1_800_000_000_000)
        #expect(second[0].recordedAt.epochMilliseconds == 1_800_000_000_000)
    }
}
