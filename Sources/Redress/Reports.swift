import Crypto
import Foundation
import RedressDomain
import RedressProjections

extension Policy {
    /// Reads and validates a policy file; `nil` gives the built-in default.
    public static func load(path: String?) throws -> Policy {
        guard let path else { return Policy() }
        guard let data = FileManager.default.contents(atPath: path) else { throw LedgerError.input("cannot read the policy file \(path)") }
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
    public func metrics(month text: String, policy: Policy = Policy(), asOfPosition: Int64? = nil) async throws -> MetricsReport {
        let month = try month(text, policy)
        let snapshot = try await mapProjectionErrors { try await requireProjections().recovery(receivedFrom: month.startMs, to: month.endMs, asOf: asOfPosition) }
        return MetricsReport.compute(month: month, policy: policy, asOfPosition: snapshot.asOfPosition, clockMs: snapshot.clockMs,
                                     rows: snapshot.rows, transitions: snapshot.transitions)
    }

    /// A month's reward statement (SPEC 3) as of `asOfPosition` (default: head).
    public func rewards(month text: String, policy: Policy = Policy(), asOfPosition: Int64? = nil) async throws -> RewardStatement {
        let month = try month(text, policy)
        let (asOf, candidates) = try await mapProjectionErrors {
            try await requireProjections().rewardCandidates(occurredFrom: month.startMs, to: month.endMs, asOf: asOfPosition)
        }
        return RewardStatement.compute(month: month, policy: policy, asOfPosition: asOf, candidates: candidates)
    }

    /// Computes the statement at the head and records it as issued (month, as-of position,
    /// policy digest, statement digest) in the ledger.
    public func issueRewards(month: String, policy: Policy = Policy()) async throws -> (IssuedStatement, RewardStatement) {
        let statement = try await rewards(month: month, policy: policy)
        let issued = try await requireIssuedStatements().recordIssued(month: statement.month, asOfPosition: statement.asOfPosition,
                                                                  policySHA256: policy.sha256, statementSHA256: Self.sha256(statement.json()),
                                                                  policyJSON: policy.canonicalJSON)
        return (issued, statement)
    }

    /// The latest issued statement of `month` against the head, with the same policy.
    ///
    /// Recomputes the issued statement first and fails unless its digest still matches:
    /// an issued statement must reproduce byte for byte.
    public func rewardsDiff(month: String) async throws -> RewardsDiff {
        guard let issued = try await requireIssuedStatements().latestIssued(month: month) else {
            throw LedgerError.input("no statement has been issued for \(month); run rewards issue --month \(month) first")
        }
        let policy = try Policy.parse(Array(issued.policyJSON.utf8))
        let then = try await rewards(month: month, policy: policy, asOfPosition: issued.asOfPosition)
        let digest = Self.sha256(then.json())
        guard digest == issued.statementSHA256 else {
            throw LedgerError.verification("the statement issued for \(month) at position \(issued.asOfPosition) no longer reproduces: digest \(digest), issued \(issued.statementSHA256)")
        }
        let now = try await rewards(month: month, policy: policy)
        return RewardsDiff(issued: issued, before: then, after: now)
    }

    static func sha256(_ text: String) -> String { Hex.encode(SHA256.hash(data: Array(text.utf8))) }

    func mapProjectionErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ProjectionError { throw LedgerError.input(error.message) }
    }

    /// For a month with nothing in it: which months (in the policy's time zone) this ledger's complaints were received in.
    public func coverageNote(policy: Policy) async throws -> String {
        guard let range = try await requireProjections().receivedRange() else { return "this ledger holds no complaints yet" }
        let zone = policy.timeZone
        let first = Month.name(containing: range.first, timeZone: zone), last = Month.name(containing: range.last, timeZone: zone)
        return "this ledger's complaints were received " + (first == last ? "in \(first)" : "from \(first) to \(last)")
    }

    /// Each projection's checkpoint against the head.
    public func projectionStatus() async throws -> [ProjectionStatus] { try await requireProjections().status() }

    /// Rebuilds one projection (or all) from position 0; readers see the old view until the new one is whole.
    public func rebuildProjections(_ name: ProjectionName? = nil, afterBatch: (@Sendable (Int64) throws -> Void)? = nil) async throws {
        for projection in name.map({ [$0] }) ?? ProjectionName.allCases {
            try await mapProjectionErrors { try await requireProjections().rebuild(projection, afterBatch: afterBatch) }
        }
    }
}

/// What late events would change in an issued statement, per staff member.
public struct RewardsDiff: Sendable {
    public var issued: IssuedStatement
    /// The issued statement, recomputed (its digest checked).
    public var before: RewardStatement
    /// The same month and policy at the head.
    public var after: RewardStatement

    public struct Change: Sendable {
        public var staff: String
        public var before: StaffLine?
        public var after: StaffLine?
        /// Credits from events recorded after the issued as-of position.
        public var lateItems: [RewardItem]
    }

    /// Staff whose line differs, sorted by id.
    public var changes: [Change] {
        let ids = Set(before.staff.map(\.staff)).union(after.staff.map(\.staff)).sorted(by: StaffOrder.precedes)
        return ids.compactMap { id in
            let b = before.staff.first { $0.staff == id }
            let a = after.staff.first { $0.staff == id }
            guard b != a else { return nil }
            return Change(staff: id, before: b, after: a, lateItems: (a?.items ?? []).filter { $0.position > issued.asOfPosition })
        }
    }

    public func json() -> String {
        var w = CanonicalJSONWriter(reservingCapacity: 4096)
        w.raw("{")
        w.key("month", first: true); w.string(issued.month)
        w.key("issued_as_of_position"); w.integer(issued.asOfPosition)
        w.key("issued_statement_sha256"); w.string(issued.statementSHA256)
        w.key("policy_sha256"); w.string(issued.policySHA256)
        w.key("head_position"); w.integer(after.asOfPosition)
        w.key("satisfaction_mean"); w.raw("{")
        w.key("issued", first: true); w.raw(before.satisfactionMeanText)
        w.key("head"); w.raw(after.satisfactionMeanText)
        w.raw("}")
        w.key("staff"); w.raw("[")
        for (i, c) in changes.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("staff", first: true); w.string(c.staff)
            for (name, value) in [("points", \StaffLine.points), ("amount", \StaffLine.amount)] {
                w.raw(","); w.string(name); w.raw(":{")
                w.key("issued", first: true); w.integer(c.before?[keyPath: value] ?? 0)
                w.key("head"); w.integer(c.after?[keyPath: value] ?? 0)
                w.key("change"); w.integer((c.after?[keyPath: value] ?? 0) - (c.before?[keyPath: value] ?? 0))
                w.raw("}")
            }
            w.key("eligible"); w.raw("{")
            w.key("issued", first: true); w.raw(c.before?.eligible == true ? "true" : "false")
            w.key("head"); w.raw(c.after?.eligible == true ? "true" : "false")
            w.raw("}")
            w.key("surveys"); w.raw("{")
            w.key("issued", first: true); w.integer(c.before?.surveys ?? 0)
            w.key("head"); w.integer(c.after?.surveys ?? 0)
            w.raw("}")
            w.key("satisfaction_index"); w.raw("{")
            w.key("issued", first: true); w.raw(c.before?.indexText ?? "null")
            w.key("head"); w.raw(c.after?.indexText ?? "null")
            w.raw("}")
            w.key("late_items"); RewardItem.writeJSON(c.lateItems, to: &w)
            w.raw("}")
        }
        w.raw("]}")
        return w.text
    }

    /// For payroll: only staff whose points, amount or eligibility change (every changed line with
    /// `all`), with the statement's totals before and after.
    public func text(all: Bool = false) -> String {
        var out = "Statement for \(issued.month) issued at position \(issued.asOfPosition) (sha256 \(issued.statementSHA256.prefix(16))…, reproduces)\n"
        out += "head is at position \(after.asOfPosition): \(after.asOfPosition - issued.asOfPosition) event(s) later; "
        out += "month mean rating \(before.satisfactionMeanText) → \(after.satisfactionMeanText)\n"
        func totals(_ s: RewardStatement) -> (points: Int64, amount: Int64, eligible: Int) {
            (s.staff.reduce(0) { $0 + Int64($1.points) }, s.staff.reduce(0) { $0 + Int64($1.amount) }, s.staff.filter(\.eligible).count)
        }
        let (b, a) = (totals(before), totals(after))
        out += "totals: points \(b.points) → \(a.points), amount \(b.amount) → \(a.amount) \(after.currency), eligible \(b.eligible) → \(a.eligible)\n"
        let every = self.changes
        let changes = all ? every : every.filter {
            $0.before?.points != $0.after?.points || $0.before?.amount != $0.after?.amount || $0.before?.eligible != $0.after?.eligible
        }
        let hidden = every.count - changes.count
        let hint = hidden > 0 ? "(\(hidden) other staff member(s) change only in surveys or satisfaction index: --all shows them)\n" : ""
        guard !changes.isEmpty else {
            return out + (every.isEmpty ? "no staff member's statement would change\n" : "no staff member's points, amount or eligibility would change\n" + hint)
        }
        out += "\n" + [("staff", 18), ("points", 13), ("amount", 21), ("eligible", 10), ("surveys", 9), ("index", 16)]
            .map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        for c in changes {
            func arrow<T>(_ a: T, _ b: T) -> String { "\(a) → \(b)" }
            out += [(c.staff, 18), (arrow(c.before?.points ?? 0, c.after?.points ?? 0), 13),
                    (arrow(c.before?.amount ?? 0, c.after?.amount ?? 0) + " " + after.currency, 21),
                    (arrow(c.before?.eligible == true ? "yes" : "no", c.after?.eligible == true ? "yes" : "no"), 10),
                    (arrow(c.before?.surveys ?? 0, c.after?.surveys ?? 0), 9),
                    (arrow(c.before?.indexText ?? "null", c.after?.indexText ?? "null"), 16)].map { TextWidth.fit($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
            for item in c.lateItems {
                out += "    late: position \(item.position) \(item.complaintID) \(item.rule.rawValue) \(item.points > 0 ? "+" : "")\(item.points)\n"
            }
        }
        return out + hint
    }
}
