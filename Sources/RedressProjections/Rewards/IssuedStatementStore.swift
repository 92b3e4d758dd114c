/// Where issued reward statements are kept: an append-only record beside the events, not a
/// projection. A statement is a fact payroll acted on, so no rebuild, catch-up or generation swap
/// ever touches it, and the database refuses UPDATE and DELETE of it.
///
/// An implementation must:
/// - store each statement exactly as given, with the time it was issued (the store's clock) and,
///   where the ledger's heads are signed, the signed head at `asOfPosition`;
/// - return from ``latestIssued(month:)`` the statement issued last for that month (largest id);
/// - never change or remove a stored statement.
public protocol IssuedStatementStore: Sendable {
    /// Records a statement as issued; append-only.
    func recordIssued(
        month: String, asOfPosition: Int64, policySHA256: String, statementSHA256: String,
        policyJSON: String
    ) async throws -> IssuedStatement
    /// The latest statement issued for `month`.
    func latestIssued(month: String) async throws -> IssuedStatement?
}
