#if PostgreSQL
import PostgresNIO
import RedressDomain
import RedressProjections
public import RedressStore

/// The store's reads: each in a read-only REPEATABLE READ transaction of its own, never waiting for a writer.
extension PostgresEventStore {
    /// The stream's events at or below `asOf` (every one without it), in version order, from one
    /// read-only snapshot; never waits for a writer.
    public func readStream(_ complaintID: String, asOf: Int64?) async throws -> [StoredEvent] {
        try await readSession { s in
            try s.query(
                """
                SELECT \(unescaped: PostgresRows.columns) FROM events
                WHERE complaint_id = \(complaintID) AND position <= \(asOf ?? Int64.max) ORDER BY version
                """
            ).map(PostgresRows.event)
        }
    }

    /// Up to `limit` events after `position`, in position order, from one read-only snapshot. Positions
    /// are assigned under the write lock, so a page never passes a position a slower writer fills later.
    public func readAll(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await readSession { s in
            try s.query(
                """
                SELECT \(unescaped: PostgresRows.columns) FROM events WHERE position > \(position)
                ORDER BY position LIMIT \(Int64(limit))
                """
            ).map(PostgresRows.event)
        }
    }

    /// The `acknowledged` and `assigned` rows up to `asOf`, in position order, in one query (one round
    /// trip) on one snapshot, handed to `OwnersFold`.
    public func owners(asOf: Int64?) async throws -> [String: String] {
        try await readSession { s in
            var fold = OwnersFold()
            for row in try s.query(
                """
                SELECT position, complaint_id, type, actor, data FROM events
                WHERE type IN ('acknowledged', 'assigned') AND position <= \(asOf ?? Int64.max) ORDER BY position
                """)
            {
                let (position, complaintID, typeName, actor, data) =
                    try row.decode((Int64, String, String, String?, String).self)
                guard let type = EventType(rawValue: typeName) else { continue }
                var text = data
                try text.withUTF8 { bytes in
                    try fold.add(position: position, complaintID: complaintID, type: type, actor: actor, data: bytes)
                }
            }
            return fold.owners
        }
    }

    /// The last event's position and `recorded_at`, from one read-only snapshot; position 0 for an empty ledger.
    public func head() async throws -> LedgerHead {
        try await readSession { s in
            guard
                let row = try s.query("SELECT position, recorded_ms FROM events ORDER BY position DESC LIMIT 1")
                    .first
            else { return LedgerHead(position: 0, recordedAt: nil) }
            let (position, recorded) = try row.decode((Int64, Int64).self)
            return LedgerHead(position: position, recordedAt: Timestamp(epochMilliseconds: recorded))
        }
    }

    /// Every row of `ledger_heads`, in position order, as stored: `verify` recomputes and checks them.
    public func recordedHeads() async throws -> [RecordedHead] {
        try await readSession { s in
            try s.query("SELECT position, root, checkpoint FROM ledger_heads ORDER BY position").map { row in
                let (position, root, note) = try row.decode((Int64, ByteBuffer, String?).self)
                return RecordedHead(position: position, root: Array(root.readableBytesView), signedNote: note)
            }
        }
    }

    /// The triggers that refuse UPDATE, DELETE and TRUNCATE of events, heads and issued statements.
    public func checkGuarantees() async throws -> [String] {
        try await readSession { s in
            let present = Set(
                try s.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
                    .map { try $0.decode(String.self) })
            return PostgresSchema.appendOnlyTriggers.compactMap { trigger, table in
                present.contains(trigger)
                    ? nil : "the trigger \(trigger) is missing or disabled: \(table) can be changed in place"
            }
        }
    }
}
#endif
