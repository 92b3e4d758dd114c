#if PostgreSQL
import PostgresNIO
import RedressDomain
public import RedressProjections
import RedressStore

/// Issued reward statements in the ledger's database: `reward_statements`, a chain
/// (`StatementChain`) that triggers keep append-only. Not a projection: rebuilds never touch it.
public final class PostgresIssuedStatements: IssuedStatementStore, @unchecked Sendable {
    let store: PostgresEventStore

    init(store: PostgresEventStore) { self.store = store }

    /// Links the statement to the last one issued (`StatementChain`) and stores it with the head recorded
    /// at `asOfPosition` (signed when the ledger's heads are), in one transaction holding the ledger's write
    /// lock, so issuers add one link at a time; returns it with its id. With a signer, the chain's new head
    /// is then written to the key's statements head file, outside the database.
    public func recordIssued(
        month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String, policyJSON: String
    ) async throws -> IssuedStatement {
        let now = store.nowMilliseconds
        let signer = store.options.signer
        // The ledger's write lock orders issuers too: one link at a time.
        let issued = try await store.writeSession { s in
            // The head the statement was computed at, signed when the ledger's writers sign.
            let signedHead = try s.query("SELECT checkpoint FROM ledger_heads WHERE position = \(asOfPosition)")
                .first
                .flatMap { try $0.decode(String?.self) }
            let last = try Self.lastLink(s)
            var statement = try StatementChain.link(
                IssuedStatement(
                    id: 0, month: month, asOfPosition: asOfPosition, policySHA256: policySHA256,
                    statementSHA256: statementSHA256, policyJSON: policyJSON,
                    issuedAt: Timestamp(epochMilliseconds: now), signedHead: signedHead),
                after: last, signer: signer)
            statement.id =
                try s.query(
                    """
                    INSERT INTO reward_statements (month, as_of_position, policy_sha256, statement_sha256, policy,
                        issued_ms, signed_head, sequence, chain_hash, chain_note)
                    VALUES (\(month), \(asOfPosition), \(policySHA256), \(statementSHA256), \(policyJSON), \(now),
                        \(signedHead), \(statement.sequence), \(ByteBuffer(bytes: statement.chainHash)),
                        \(statement.chainNote))
                    RETURNING id
                    """
                ).first?.decode(Int64.self) ?? 0
            return statement
        }
        if let signer { try StatementChain.recordHead(issued, signer: signer) }
        return issued
    }

    /// The chain's newest link (its sequence and chain hash), or `nil` before the first; rows from before
    /// statements were chained have no sequence and are skipped.
    static func lastLink(_ s: PostgresSession) throws -> (sequence: Int64, hash: [UInt8])? {
        try s.query(
            """
            SELECT sequence, chain_hash FROM reward_statements WHERE sequence IS NOT NULL
            ORDER BY sequence DESC LIMIT 1
            """
        ).first.map { row in
            let (sequence, hash) = try row.decode((Int64, ByteBuffer).self)
            return (sequence, Array(hash.readableBytesView))
        }
    }

    /// The statement issued last for `month` (the highest sequence), or `nil` when none was.
    public func latestIssued(month: String) async throws -> IssuedStatement? {
        try await store.readSession { s in
            try s.query(
                """
                SELECT id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head,
                    sequence, chain_hash, chain_note
                FROM reward_statements WHERE month = \(month) ORDER BY sequence DESC NULLS LAST, id DESC LIMIT 1
                """
            ).first.map(Self.statement)
        }
    }

    /// Every issued statement, in chain order.
    public func allIssued() async throws -> [IssuedStatement] {
        try await store.readSession { s in
            try s.query(
                """
                SELECT id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head,
                    sequence, chain_hash, chain_note
                FROM reward_statements ORDER BY sequence, id
                """
            ).map(Self.statement)
        }
    }

    /// A statement from a row of `reward_statements`, its columns in the order the selects name them.
    static func statement(_ row: PostgresRow) throws -> IssuedStatement {
        let (id, month, asOf, policySHA, statementSHA, policy, issued, signed, sequence, hash, note) =
            try row.decode(
                (Int64, String, Int64, String, String, String, Int64, String?, Int64?, ByteBuffer?, String?).self)
        return IssuedStatement(
            id: id, month: month, asOfPosition: asOf, policySHA256: policySHA, statementSHA256: statementSHA,
            policyJSON: policy, issuedAt: Timestamp(epochMilliseconds: issued), signedHead: signed,
            sequence: sequence ?? 0, chainHash: hash.map { Array($0.readableBytesView) } ?? [], chainNote: note)
    }

    /// Links the statements issued before the chain existed, in the order they were issued (unsigned);
    /// run once by the migration that adds the chain's columns, with the append-only trigger off.
    static func linkLegacy(_ s: PostgresSession) throws {
        var last: (sequence: Int64, hash: [UInt8])?
        let rows = try s.query(
            """
            SELECT id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head,
                sequence, chain_hash, chain_note
            FROM reward_statements ORDER BY id
            """
        ).map(statement)
        for row in rows {
            let linked = try StatementChain.link(row, after: last, signer: nil)
            try s.query(
                """
                UPDATE reward_statements SET sequence = \(linked.sequence),
                    chain_hash = \(ByteBuffer(bytes: linked.chainHash)) WHERE id = \(linked.id)
                """)
            last = (linked.sequence, linked.chainHash)
        }
    }
}
#endif
