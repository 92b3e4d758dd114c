import RedressDomain
import RedressStore
import Testing

extension EventStoreConformance {
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
