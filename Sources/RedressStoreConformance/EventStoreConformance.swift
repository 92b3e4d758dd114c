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

    /// ``EventStore/owners(asOf:)`` — the store's own and the protocol's default — equals, at several
    /// positions, SPEC 1.3's owner folded by the decider from each complaint's own stream as of there.
    static func ownersAgreeWithEachStream(_ store: any EventStore) async throws {
        @Sendable func at(_ minute: Int) -> String { "2026-03-01T10:\(minute < 10 ? "0" : "")\(minute):00+09:00" }
        let ids = ["A", "B", "C", "D", "E-5"]
        for id in ids { try await store.append([makeEvent(id, received, at: at(0), by: nil)], expectedVersion: 0) }
        try await store.append([acknowledged("A", 1, by: "kim")], expectedVersion: 1)  // A: kim
        try await store.append([acknowledged("B", 2, by: "lee")], expectedVersion: 1)  // B: lee, then park, then kim
        try await store.append([makeEvent("B", .assigned(to: "park"), at: at(3), by: "lee")], expectedVersion: 2)
        // In one transaction: C acknowledged twice (the first counts) and A assigned.
        try await store.write { tx in
            try tx.append(acknowledged("C", 4, by: "choi"), expectedVersion: 1, restore: nil)
            try tx.append(
                makeEvent("A", .assigned(to: "agent:7@desk.one"), at: at(4)), expectedVersion: 2, restore: nil)
            try tx.append(acknowledged("C", 5, by: "kim"), expectedVersion: 2, restore: nil)
        }
        try await store.append([makeEvent("B", .assigned(to: "kim"), at: at(6), by: "park")], expectedVersion: 3)
        try await store.append([makeEvent("E-5", .assigned(to: "yoon"), at: at(7))], expectedVersion: 1)
        try await store.append(
            [makeEvent("D", .paused(reason: .awaitingCustomer, note: nil), at: at(8))], expectedVersion: 1)
        let head = try await store.head().position
        #expect(head == 14)
        var expected: [Int64: [String: String]] = [:]
        for position in [Int64(0), 5, 6, 7, 8, 9, 10, 11, 12, 13, head] {
            var owners: [String: String] = [:]
            for id in ids {
                var state = ComplaintState()
                for event in try await store.readStream(id, asOf: position) {
                    Decider.evolve(&state, try event.decodeEvent())
                }
                owners[id] = state.owner
            }
            expected[position] = owners
            #expect(try await store.owners(asOf: position) == owners, "owners as of \(position)")
            #expect(try await DefaultOwners(store).owners(asOf: position) == owners, "default owners as of \(position)")
        }
        #expect(try await store.owners(asOf: nil) == expected[head])
        #expect(try await DefaultOwners(store).owners(asOf: nil) == expected[head])
        #expect(expected[head] == ["A": "agent:7@desk.one", "B": "kim", "C": "choi", "E-5": "yoon"])
        #expect(expected[0] == [:])
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

    static func restoreReproducesOrRefuses(_ source: any EventStore, _ target: any EventStore) async throws {
        try await source.append(
            [makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        try await source.append(
            [makeEvent("B", received, at: "2026-03-01T10:00:00+09:00", by: nil)], expectedVersion: 0)
        try await source.append([acknowledged("A", 1)], expectedVersion: 1)
        let original = try await source.readAll(after: 0, limit: 10)
        try #require(original.count >= 2)
        // Out of order: position 2 cannot come first.
        let outOfOrder = await #expect(throws: StoreError.self) {
            try await target.write { tx in
                try tx.append(try original[1].decodeEvent(), expectedVersion: 0, restore: restore(original[1]))
            }
        }
        #expect(Self.field(of: outOfOrder) == "position", "\(String(describing: outOfOrder))")
        // A wrong hash is refused.
        var forgedFields = restore(original[0])
        forgedFields.hash = String(repeating: "0", count: 64)
        let forged = forgedFields
        let wrongHash = await #expect(throws: StoreError.self) {
            try await target.write { tx in
                try tx.append(try original[0].decodeEvent(), expectedVersion: 0, restore: forged)
            }
        }
        #expect(Self.field(of: wrongHash) == "hash", "\(String(describing: wrongHash))")
        #expect(try await target.head().position == 0)
        try await target.write { tx in
            for e in original {
                try tx.append(try e.decodeEvent(), expectedVersion: e.version - 1, restore: restore(e))
            }
        }
        let restored = try await target.readAll(after: 0, limit: 10)
        #expect(restored == original)
        // Restoring again is a no-op; restoring with another recorded_at is an error.
        let again = try await target.write { tx in
            try tx.append(try original[0].decodeEvent(), expectedVersion: 0, restore: restore(original[0]))
        }
        #expect(again == .alreadyStored(original[0]))
        var movedFields = restore(original[0])
        movedFields.recordedAt = Timestamp(epochMilliseconds: movedFields.recordedAt.epochMilliseconds + 1)
        let moved = movedFields
        let movedError = await #expect(throws: StoreError.self) {
            try await target.write { tx in
                try tx.append(try original[0].decodeEvent(), expectedVersion: 0, restore: moved)
            }
        }
        #expect(Self.field(of: movedError) == "recorded_at", "\(String(describing: movedError))")
    }

    /// A dry run sees the ledger and its own appends, answers every append as a write would (positions,
    /// versions, hashes, conflicts, repeats, restores), and leaves the store as it was.
    static func dryRunKeepsTheRulesAndStoresNothing(_ store: any EventStore, _ twin: any EventStore) async throws {
        let first = makeEvent("A", received, at: "2026-03-01T10:00:00+09:00", by: nil)
        let second = acknowledged("A", 1)
        let third = makeEvent("B", received, at: "2026-03-01T10:00:00+09:00", by: nil)
        let stored = try await store.append([first], expectedVersion: 0)
        try await twin.append([first], expectedVersion: 0)
        let heads = try await store.recordedHeads()
        let dry = try await store.dryRun { tx -> [StoredEvent] in
            #expect(try tx.headPosition() == 1)
            #expect(try tx.append(first, expectedVersion: 0, restore: nil) == .alreadyStored(stored[0]))
            let appended = [
                try tx.append(second, expectedVersion: 1, restore: nil).storedEvent,
                try tx.append(third, expectedVersion: 0, restore: nil).storedEvent,
            ]
            #expect(try tx.headPosition() == 3)
            #expect(try tx.readStream("A").map(\.version) == [1, 2])  // its own appends on top of the ledger
            #expect(try tx.streamVersion("B") == 1)
            #expect(try tx.event(id: third.eventID) == appended[1])
            #expect(try tx.append(third, expectedVersion: 0, restore: nil) == .alreadyStored(appended[1]))
            var other = acknowledged("B", 5)
            other.eventID = second.eventID
            #expect(throws: StoreError.duplicateEventID(second.eventID, existingPosition: 2)) {
                try tx.append(other, expectedVersion: 1, restore: nil)
            }
            #expect(throws: StoreError.conflict(complaintID: "A", expected: 1, actual: 2)) {
                try tx.append(acknowledged("A", 2), expectedVersion: 1, restore: nil)
            }
            return appended
        }
        // What a write makes of the same appends, but for recorded_at (each store's own clock).
        let written = try await twin.write { tx in
            [
                try tx.append(second, expectedVersion: 1, restore: nil).storedEvent,
                try tx.append(third, expectedVersion: 0, restore: nil).storedEvent,
            ]
        }
        #expect(dry.map(\.position) == written.map(\.position))
        #expect(dry.map(\.version) == written.map(\.version))
        #expect(dry.map(\.recordedAt) == written.map(\.recordedAt))
        #expect(dry.map(\.hash) == written.map(\.hash))
        // A restore of the written events checks their hashes against the chain it would extend.
        try await store.dryRun { tx in
            var forged = restore(written[0])
            forged.hash = String(repeating: "0", count: 64)
            let bad = forged
            let error = #expect(throws: StoreError.self) {
                try tx.append(try written[0].decodeEvent(), expectedVersion: 1, restore: bad)
            }
            #expect(Self.field(of: error) == "hash", "\(String(describing: error))")
            for e in written {
                let outcome = try tx.append(try e.decodeEvent(), expectedVersion: e.version - 1, restore: restore(e))
                #expect(outcome == .appended(e))
            }
        }
        #expect(try await store.readAll(after: 0, limit: 10) == stored)
        #expect(try await store.recordedHeads() == heads)
        #expect(try await store.head().position == 1)
    }

    /// The field a ``StoreError/restoreMismatch(eventID:field:message:)`` names (`nil` for any other error).
    static func field(of error: StoreError?) -> String? {
        guard case .restoreMismatch(_, let field, _)? = error else { return nil }
        return field
    }

    @Sendable static func restore(_ e: StoredEvent) -> RestoreFields {
        RestoreFields(version: e.version, position: e.position, recordedAt: e.recordedAt, hash: e.hashHex)
    }
}

/// A store that forwards every read and write to another but keeps the protocol's default
/// ``EventStore/owners(asOf:)`` (a fold of ``EventStore/readAll(after:limit:)`` pages).
private struct DefaultOwners: EventStore {
    let base: any EventStore

    init(_ base: any EventStore) { self.base = base }

    func write<T: Sendable>(_ body: @escaping @Sendable (any EventStoreTransaction) throws -> T) async throws -> T {
        try await base.write(body)
    }

    func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent] {
        try await base.readStream(complaintID, asOf: asOf)
    }

    func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await base.readAll(after: position, limit: limit)
    }

    func head() async throws -> LedgerHead { try await base.head() }
    func recordedHeads() async throws -> [RecordedHead] { try await base.recordedHeads() }
    func close() throws {}
    func checkGuarantees() async throws -> [String] { try await base.checkGuarantees() }
}
