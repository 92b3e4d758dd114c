import Foundation
import RedressDomain
import RedressSQLite
import Testing

@testable import RedressStore

/// An import computes its chain ahead on the decoder's thread; the writer takes a guessed hash only
/// where the guess was made from its own version, position, `recorded_at` and previous hash.
@Suite struct ChainAheadTests {
    let directory = temporaryDirectory()
    static let now = Timestamp(epochMilliseconds: 1_767_574_800_123)

    static let events: [ComplaintEvent] = [
        makeEvent("K-1", received, at: "2026-01-05T10:00:00+09:00", by: nil),
        makeEvent("K-2", received, at: "2026-01-05T10:01:00+09:00"),
        makeEvent("K-1", .acknowledged(note: "확인 \"곧\""), at: "2026-01-05T10:30:00+09:00"),
        makeEvent("K-1", .assigned(to: "lee@cs"), at: "2026-01-05T11:00:00Z", by: "park"),
        makeEvent("K-2", .closed(resolution: .resolved, rootCause: nil), at: "2026-01-06T00:00:00+00:00"),
    ]

    @Test func guessesAreTheChainsOwnHashesWhenEveryLineIsAppended() {
        var chain = ChainAhead(head: 41, now: Self.now)
        var previous: [String: (version: Int, hash: [UInt8])] = [:]
        for (offset, event) in Self.events.enumerated() {
            let guess = chain.guess(CanonicalParts(event), complaintID: event.complaintID, restore: nil)
            let before = previous[event.complaintID] ?? (0, HashChain.genesis)
            var stored = StoredEvent(
                event, position: 42 + Int64(offset), version: before.version + 1, recordedAt: Self.now)
            stored.hash = HashChain.hash(of: stored, previous: before.hash)
            #expect(guess.hash == stored.hash, "event \(offset)")
            #expect(guess.leaf == LedgerTree.leaf(of: stored.hash))
            #expect(
                guess.holds(
                    version: stored.version, position: stored.position,
                    recordedAt: HashChain.recordedAtText(Self.now), previous: before.hash))
            #expect(
                !guess.holds(
                    version: stored.version, position: stored.position + 1,
                    recordedAt: HashChain.recordedAtText(Self.now), previous: before.hash))
            previous[event.complaintID] = (stored.version, stored.hash)
        }
    }

    @Test func aRestoreIsGuessedFromItsOwnFields() {
        var chain = ChainAhead(head: 0, now: Self.now)
        let event = Self.events[0]
        let recorded = Timestamp(epochMilliseconds: 1_700_000_000_000)
        let restore = RestoreFields(version: 1, position: 9, recordedAt: recorded, hash: "")
        let guess = chain.guess(CanonicalParts(event), complaintID: event.complaintID, restore: restore)
        var stored = StoredEvent(event, position: 9, version: 1, recordedAt: recorded)
        stored.hash = HashChain.hash(of: stored, previous: HashChain.genesis)
        #expect(guess.hash == stored.hash)
        // The next line is guessed at the position after the restored one.
        let next = chain.guess(CanonicalParts(Self.events[1]), complaintID: "K-2", restore: nil)
        #expect(next.position == 10)
    }

    /// Appends `events` in one transaction, each with a guess made by `chain`.
    func append(_ events: [ComplaintEvent], guessedBy chain: inout ChainAhead, to store: SQLiteEventStore) async throws
    {
        let prepared = events.map { event in
            var parts = CanonicalParts(event)
            parts.guessChain(with: &chain, complaintID: event.complaintID, restore: nil)
            return parts
        }
        try await store.write { tx in
            var versions: [String: Int] = [:]
            for (event, parts) in zip(events, prepared) {
                let version = try versions[event.complaintID] ?? tx.streamVersion(event.complaintID)
                try tx.append(event, expectedVersion: version, restore: nil, prepared: parts)
                versions[event.complaintID] = version + 1
            }
        }
    }

    func store() throws -> SQLiteEventStore {
        try SQLiteEventStore(path: "\(directory)/ledger.sqlite", clock: { Self.now.epochMilliseconds })
    }

    @Test func aWrongGuessIsNotTakenAndTheChainStaysTheChain() async throws {
        let store = try store()
        // The second transaction's lines are guessed as if the ledger were empty: its head is 2 by
        // then, and K-1 has an event.
        var first = ChainAhead(head: 0, now: Self.now)
        try await append(Array(Self.events.prefix(2)), guessedBy: &first, to: store)
        var wrong = ChainAhead(head: 0, now: Self.now)
        try await append(Array(Self.events.suffix(3)), guessedBy: &wrong, to: store)
        let stored = try await store.readAll(after: 0, limit: 10)
        #expect(stored.count == 5)
        var previous: [String: [UInt8]] = [:]
        for event in stored {
            #expect(event.hash == HashChain.hash(of: event, previous: previous[event.complaintID] ?? HashChain.genesis))
            previous[event.complaintID] = event.hash
        }
        var tree = LedgerTree()
        for event in stored { tree.append(eventHash: event.hash) }
        #expect(try await store.recordedHeads().last?.root == tree.root)
    }

    @Test func aGuessThatHoldsIsTaken() async throws {
        let store = try store()
        let event = Self.events[0]
        // Made from the inputs the writer will have (head 0, version 1, genesis, its clock): a
        // planted hash shows the writer took it rather than hashing again.
        var chain = ChainAhead(head: 0, now: Self.now)
        var parts = CanonicalParts(event)
        let real = chain.guess(parts, complaintID: event.complaintID, restore: nil)
        let planted = [UInt8](repeating: 7, count: 32)
        parts.guess = ChainGuess(
            version: real.version, position: real.position, recordedAt: real.recordedAt, previous: real.previous,
            hash: planted, leaf: LedgerTree.leaf(of: planted))
        try await store.write { [parts] tx in try tx.append(event, expectedVersion: 0, restore: nil, prepared: parts) }
        #expect(try await store.readAll(after: 0, limit: 10).first?.hash == planted)
    }
}
