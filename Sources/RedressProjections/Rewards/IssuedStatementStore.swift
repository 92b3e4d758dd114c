/// Where issued reward statements are kept: an append-only chain beside the events, not a
/// projection. A statement is a fact payroll acted on, so no rebuild, catch-up or generation swap
/// ever touches it, the database refuses UPDATE and DELETE of it, and `verify` recomputes the chain
/// (``StatementChain``) and each statement from the log.
///
/// An implementation must:
/// - store each statement exactly as given, with the time it was issued (the store's clock) and,
///   where the ledger's heads are signed, the signed head at `asOfPosition`;
/// - link it to the chain in the same transaction, one issuer at a time: ``StatementChain/link(_:after:signer:)``
///   after the newest stored link, with the store's signer; and after the commit, with a signer,
///   record the link in the signer's statements head file (``StatementChain/recordHead(_:signer:)``);
/// - return from ``latestIssued(month:)`` the statement issued last for that month (largest sequence);
/// - return from ``allIssued()`` every stored statement, in sequence order, as stored;
/// - never change or remove a stored statement.
public protocol IssuedStatementStore: Sendable {
    /// Records a statement as issued; append-only.
    func recordIssued(
        month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String,
        policyJSON: String
    ) async throws -> IssuedStatement
    /// The latest statement issued for `month`.
    func latestIssued(month: String) async throws -> IssuedStatement?
    /// Every statement issued on the ledger, in sequence order (what `verify` checks).
    func allIssued() async throws -> [IssuedStatement]
}
