import RedressDomain
import RedressStore
import Testing

extension EventStoreConformance {
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
