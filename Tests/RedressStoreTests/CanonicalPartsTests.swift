import RedressDomain
import RedressStore
import Testing

/// The import's decoder thread prepares each event's canonical parts and the writer hashes them
/// with the stored fields in between: that hash must be, byte for byte, the chain's own.
@Suite struct CanonicalPartsTests {
    static let events: [ComplaintEvent] = [
        makeEvent("K-1", received, at: "2026-01-05T10:00:00+09:00", by: nil),
        makeEvent(
            "K-1", .acknowledged(note: "전화 \"곧\" \\ 처리\n"), at: "2026-01-05T10:30:00.5+09:00"),
        makeEvent("K-1", .assigned(to: "lee@cs"), at: "2026-01-05T11:00:00Z", by: "park"),
        makeEvent(
            "K-1", .compensated(.init(kind: .refund, amount: Money("12000")!, currency: "KRW")),
            at: "2026-01-06T09:00:00-05:00"),
        makeEvent("K-1", .followedUp(satisfaction: nil, comment: "😡\u{1F}"), at: "2026-01-07T09:00:00+09:00"),
        makeEvent("K-2.b:c_d-e", .closed(resolution: .resolved, rootCause: nil), at: "2026-02-01T00:00:00+00:00"),
    ]

    @Test(arguments: Self.events.indices)
    func preparedPartsHashLikeTheStoredEvent(_ index: Int) {
        let event = Self.events[index]
        let parts = CanonicalParts(event)
        #expect(parts.eventID == event.eventID)
        #expect(parts.dataJSON == event.data.canonicalText)
        for (version, position, recordedMs, previous) in [
            (1, Int64(1), Int64(1_767_574_800_000), HashChain.genesis),
            (12, Int64(987_654_321), Int64(1_767_574_800_123), [UInt8](repeating: 0xAB, count: 32)),
        ] {
            var stored = StoredEvent(
                event, position: position, version: version, recordedAt: Timestamp(epochMilliseconds: recordedMs))
            stored.hash = HashChain.hash(of: stored, previous: previous)
            let prepared = HashChain.hash(
                parts, version: version, position: position,
                recordedAt: HashChain.recordedAtText(stored.recordedAt), previous: previous)
            #expect(prepared == stored.hash, "event \(index) at version \(version)")
        }
    }
}
