#if PostgreSQL
import PostgresNIO
import RedressDomain
import RedressProjections

/// Issued reward statements in the ledger's database: `reward_statements`, which triggers keep
/// append-only. Not a projection: rebuilds never touch it.
public final class PostgresIssuedStatements: IssuedStatementStore, @unchecked Sendable {
    let store: PostgresEventStore

    init(store: PostgresEventStore) { self.store = store }

    public func recordIssued(
        month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String, policyJSON: String
    ) async throws -> IssuedStatement {
        let now = store.nowMilliseconds
        return try await store.writeSession { s in
            // The head the statement was computed at, signed when the ledger's writers sign.
            let signedHead = try s.query("SELECT checkpoint FROM ledger_heads WHERE position = \(asOfPosition)")
                .first
                .flatMap { try $0.decode(String?.self) }
            let id =
                try s.query(
                    """
                    INSERT INTO reward_statements (month, as_of_position, policy_sha256, statement_sha256, policy,
                        issued_ms,
                        signed_head)
                    VALUES (\(month), \(asOfPosition), \(policySHA256), \(statementSHA256), \(policyJSON), \(now),
                        \(signedHead))
                    RETURNING id
                    """
                ).first?.decode(Int64.self) ?? 0
            return IssuedStatement(
                id: id, month: month, asOfPosition: asOfPosition, policySHA256: policySHA256,
                statementSHA256: statementSHA256, policyJSON: policyJSON,
                issuedAt: Timestamp(epochMilliseconds: now),
                signedHead: signedHead)
        }
    }

    public func latestIssued(month: String) async throws -> IssuedStatement? {
        try await store.readSession { s in
            try s.query(
                """
                SELECT id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head
                FROM reward_statements WHERE month = \(month) ORDER BY id DESC LIMIT 1
                """
            ).first.map { row in
                let (id, month, asOf, policySHA, statementSHA, policy, issued, signed) =
                    try row.decode((Int64, String, Int64, String, String, String, Int64, String?).self)
                return IssuedStatement(
                    id: id, month: month, asOfPosition: asOf, policySHA256: policySHA,
                    statementSHA256: statementSHA,
                    policyJSON: policy, issuedAt: Timestamp(epochMilliseconds: issued), signedHead: signed)
            }
        }
    }
}
#endif
