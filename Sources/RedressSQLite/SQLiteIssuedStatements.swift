import Foundation
import GRDB
import RedressDomain
import RedressProjections
import RedressStore

/// Issued reward statements in the ledger's own file: the `reward_statements` table, which
/// triggers keep append-only. Not a projection: rebuilds never touch it.
public final class SQLiteIssuedStatements: IssuedStatementStore, @unchecked Sendable {
    let store: SQLiteEventStore

    init(store: SQLiteEventStore) { self.store = store }

    public func recordIssued(
        month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String, policyJSON: String
    ) async throws -> IssuedStatement {
        let now = store.nowMilliseconds
        return try await store.writeDatabase { db in
            // The head the statement was computed at, signed when the ledger's writers sign.
            let signedHead = try String.fetchOne(
                db, sql: "SELECT checkpoint FROM ledger_heads WHERE position = ?", arguments: [asOfPosition])
            try db.execute(
                sql: """
                    INSERT INTO reward_statements \
                    (month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head)
                    VALUES (?,?,?,?,?,?,?)
                    """, arguments: [month, asOfPosition, policySHA256, statementSHA256, policyJSON, now, signedHead])
            return IssuedStatement(
                id: db.lastInsertedRowID, month: month, asOfPosition: asOfPosition, policySHA256: policySHA256,
                statementSHA256: statementSHA256, policyJSON: policyJSON, issuedAt: Timestamp(epochMilliseconds: now),
                signedHead: signedHead)
        }
    }

    public func latestIssued(month: String) async throws -> IssuedStatement? {
        try await store.queue.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head \
                    FROM reward_statements
                    WHERE month = ? ORDER BY id DESC LIMIT 1
                    """, arguments: [month]
            ).map { r in
                IssuedStatement(
                    id: r[0], month: r[1], asOfPosition: r[2], policySHA256: r[3], statementSHA256: r[4],
                    policyJSON: r[5],
                    issuedAt: Timestamp(epochMilliseconds: r[6]), signedHead: r[7])
            }
        }
    }
}
