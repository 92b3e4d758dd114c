import Foundation
import GRDB
import RedressDomain
public import RedressProjections
import RedressStore

/// Issued reward statements in the ledger's own file: the `reward_statements` table, a chain
/// (`StatementChain`) that triggers keep append-only. Not a projection: rebuilds never touch it.
public final class SQLiteIssuedStatements: IssuedStatementStore, @unchecked Sendable {
    let store: SQLiteEventStore

    init(store: SQLiteEventStore) { self.store = store }

    static let columns =
        "id, month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head, "
        + "sequence, chain_hash, chain_note"

    /// Links the statement to the last one issued (`StatementChain`), stores it with the head recorded at
    /// `asOfPosition` (signed when the ledger's heads are), all in one write transaction under the writer
    /// lock, and returns it with its id. With a signer, the chain's new head is then written to the key's
    /// statements head file, outside the database.
    public func recordIssued(
        month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String, policyJSON: String
    ) async throws -> IssuedStatement {
        let now = store.nowMilliseconds
        let signer = store.signer
        let issued = try await store.writeDatabase { db in
            // The head the statement was computed at, signed when the ledger's writers sign.
            let signedHead = try String.fetchOne(
                db, sql: "SELECT checkpoint FROM ledger_heads WHERE position = ?", arguments: [asOfPosition])
            let last = try Row.fetchOne(
                db, sql: "SELECT sequence, chain_hash FROM reward_statements ORDER BY sequence DESC LIMIT 1"
            ).map { row -> (sequence: Int64, hash: [UInt8]) in (row[0], [UInt8](row[1] as Data)) }
            var statement = try StatementChain.link(
                IssuedStatement(
                    id: 0, month: month, asOfPosition: asOfPosition, policySHA256: policySHA256,
                    statementSHA256: statementSHA256, policyJSON: policyJSON,
                    issuedAt: Timestamp(epochMilliseconds: now), signedHead: signedHead),
                after: last, signer: signer)
            try db.execute(
                sql: """
                    INSERT INTO reward_statements \
                    (month, as_of_position, policy_sha256, statement_sha256, policy, issued_ms, signed_head, \
                    sequence, chain_hash, chain_note)
                    VALUES (?,?,?,?,?,?,?,?,?,?)
                    """,
                arguments: [
                    month, asOfPosition, policySHA256, statementSHA256, policyJSON, now, signedHead,
                    statement.sequence, Data(statement.chainHash), statement.chainNote,
                ])
            statement.id = db.lastInsertedRowID
            return statement
        }
        if let signer { try StatementChain.recordHead(issued, signer: signer) }
        return issued
    }

    /// The statement issued last for `month` (the highest sequence), or `nil` when none was.
    public func latestIssued(month: String) async throws -> IssuedStatement? {
        try await store.queue.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(Self.columns) FROM reward_statements WHERE month = ? ORDER BY sequence DESC LIMIT 1",
                arguments: [month]
            ).map(Self.statement)
        }
    }

    /// Every issued statement, in chain order.
    public func allIssued() async throws -> [IssuedStatement] {
        try await store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM reward_statements ORDER BY sequence, id")
                .map(Self.statement)
        }
    }

    /// A statement from a row selected as ``columns``.
    static func statement(_ r: Row) -> IssuedStatement {
        IssuedStatement(
            id: r[0], month: r[1], asOfPosition: r[2], policySHA256: r[3], statementSHA256: r[4],
            policyJSON: r[5], issuedAt: Timestamp(epochMilliseconds: r[6]), signedHead: r[7],
            sequence: r[8] ?? 0, chainHash: (r[9] as Data?).map { [UInt8]($0) } ?? [], chainNote: r[10])
    }
}
