import Crypto
import Foundation
import RedressDomain
public import RedressProjections

extension Policy {
    /// Reads and validates a policy file; `nil` gives the built-in default.
    public static func load(path: String?) throws -> Policy {
        guard let path else { return Policy() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError.input("cannot read the policy file \(path)")
        }
        do { return try Policy.parse([UInt8](data)) } catch { throw LedgerError.input("\(path): \(error)") }
    }
}

extension Ledger {
    func requireProjections() throws -> any ProjectionStore {
        guard let projections else { throw LedgerError.input("this ledger's store keeps no projections") }
        return projections
    }

    func requireIssuedStatements() throws -> any IssuedStatementStore {
        guard let issuedStatements else { throw LedgerError.input("this ledger's store keeps no issued statements") }
        return issuedStatements
    }

    func month(_ text: String, _ policy: Policy) throws -> Month {
        do { return try Month(text, timeZone: policy.timeZone) } catch { throw LedgerError.input("\(error)") }
    }

    /// A month's recovery-time metrics (SPEC 2) as of `asOfPosition` (default: head).
    public func metrics(month text: String, policy: Policy = Policy(), asOfPosition: Int64? = nil) async throws
        -> MetricsReport
    {
        let month = try month(text, policy)
        let snapshot = try await mapProjectionErrors {
            try await requireProjections().recovery(receivedFrom: month.startMs, to: month.endMs, asOf: asOfPosition)
        }
        return MetricsReport.compute(
            month: month, policy: policy, asOfPosition: snapshot.asOfPosition, clockMs: snapshot.clockMs,
            rows: snapshot.rows, transitions: snapshot.transitions)
    }

    /// A month's reward statement (SPEC 3) as of `asOfPosition` (default: head).
    public func rewards(month text: String, policy: Policy = Policy(), asOfPosition: Int64? = nil) async throws
        -> RewardStatement
    {
        let month = try month(text, policy)
        let (asOf, candidates) = try await mapProjectionErrors {
            try await requireProjections().rewardCandidates(
                occurredFrom: month.startMs, to: month.endMs, asOf: asOfPosition)
        }
        return RewardStatement.compute(month: month, policy: policy, asOfPosition: asOf, candidates: candidates)
    }

    /// Computes the statement at the head and records it as issued (month, as-of position,
    /// policy digest, statement digest) in the ledger's chain of issued statements.
    ///
    /// The statement is the read model's, checked against a fold of the log first: when they differ,
    /// nothing is recorded and the error (``LedgerError/verification(_:)``) names the first credit
    /// that differs.
    public func issueRewards(month: String, policy: Policy = Policy()) async throws -> (
        IssuedStatement, RewardStatement
    ) {
        let statement = try await checkedRewards(
            month: month, policy: policy, asOf: [nil], refusing: "nothing was issued")[0]
        let issued = try await requireIssuedStatements().recordIssued(
            month: statement.month, asOfPosition: statement.asOfPosition,
            policySHA256: policy.sha256, statementSHA256: Self.sha256(statement.json()),
            policyJSON: policy.canonicalJSON)
        return (issued, statement)
    }

    /// What ``issueRewardsOnce(month:policy:)`` did.
    public enum RewardsIssue: Sendable {
        /// Recorded; `supersedes` is the month's statement issued before it, if any (with another digest).
        case issued(IssuedStatement, RewardStatement, supersedes: IssuedStatement?)
        /// The month's latest issued statement has this statement's digest (same position, same policy,
        /// same figures): nothing was recorded.
        case alreadyIssued(IssuedStatement, RewardStatement)
    }

    /// Like ``issueRewards(month:policy:)``, but a statement whose digest equals the month's latest
    /// issued one is not recorded again (`redress rewards issue` run twice); one with another digest
    /// (later events, another policy) is recorded and supersedes the earlier one. Checked against the
    /// log as ``issueRewards(month:policy:)`` is.
    public func issueRewardsOnce(month: String, policy: Policy = Policy()) async throws -> RewardsIssue {
        let statement = try await checkedRewards(
            month: month, policy: policy, asOf: [nil], refusing: "nothing was issued")[0]
        let store = try requireIssuedStatements()
        let digest = Self.sha256(statement.json())
        let latest = try await store.latestIssued(month: statement.month)
        if let latest, latest.statementSHA256 == digest { return .alreadyIssued(latest, statement) }
        let issued = try await store.recordIssued(
            month: statement.month, asOfPosition: statement.asOfPosition,
            policySHA256: policy.sha256, statementSHA256: digest, policyJSON: policy.canonicalJSON)
        return .issued(issued, statement, supersedes: latest)
    }

    /// The latest issued statement of `month` against the head, with the same policy.
    ///
    /// Recomputes the issued statement first and fails unless its digest still matches:
    /// an issued statement must reproduce byte for byte. Both statements are the read model's,
    /// checked against a fold of the log (a difference is ``LedgerError/verification(_:)``).
    /// - Parameters:
    ///   - month: the month whose latest issued statement is compared.
    ///   - asOfPosition: compare with the statement as of this position (default: the head).
    public func rewardsDiff(month: String, asOfPosition: Int64? = nil) async throws -> RewardsDiff {
        guard let issued = try await requireIssuedStatements().latestIssued(month: month) else {
            throw LedgerError.input(
                "no statement has been issued for \(month); run rewards issue --month \(month) first")
        }
        let policy = try Policy.parse(Array(issued.policyJSON.utf8))
        let statements = try await checkedRewards(
            month: month, policy: policy, asOf: [issued.asOfPosition, asOfPosition], refusing: "nothing was compared")
        let then = statements[0]
        let digest = Self.sha256(then.json())
        guard digest == issued.statementSHA256 else {
            throw LedgerError.verification(
                "the statement issued for \(month) at position \(issued.asOfPosition) no longer reproduces: "
                    + "digest \(digest), issued \(issued.statementSHA256)"
            )
        }
        let now = statements[1]
        return RewardsDiff(issued: issued, before: then, after: now)
    }

    static func sha256(_ text: String) -> String { Hex.encode(SHA256.hash(data: Array(text.utf8))) }

    func mapProjectionErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ProjectionError { throw LedgerError.input(error.message) }
    }

    /// For a month with nothing in it: which months (in the policy's time zone) this ledger's complaints were
    /// received in.
    public func coverageNote(policy: Policy) async throws -> String {
        guard let range = try await requireProjections().receivedRange() else {
            return "this ledger holds no complaints yet"
        }
        let zone = policy.timeZone
        let first = Month.name(containing: range.first, timeZone: zone)
        let last = Month.name(containing: range.last, timeZone: zone)
        return "this ledger's complaints were received " + (first == last ? "in \(first)" : "from \(first) to \(last)")
    }

    /// Each projection's checkpoint against the head.
    public func projectionStatus() async throws -> [ProjectionStatus] { try await requireProjections().status() }

    /// Rebuilds one projection (or all, in one read of the log) from position 0; readers see the old
    /// view until the new one is whole.
    public func rebuildProjections(_ name: ProjectionName? = nil, afterBatch: (@Sendable (Int64) throws -> Void)? = nil)
        async throws
    {
        let names = name.map { [$0] } ?? ProjectionName.allCases
        try await mapProjectionErrors { try await requireProjections().rebuild(names, afterBatch: afterBatch) }
    }
}
