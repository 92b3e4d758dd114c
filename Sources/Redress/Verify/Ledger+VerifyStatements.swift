import Foundation
import RedressDomain
import RedressProjections
import RedressStore

extension Ledger {
    /// Each statement's month in its own policy's time zone, read once for the fold and the checks (`nil` where the
    /// stored policy or month cannot be read: ``statementFailure(_:months:fold:evidence:report:)`` names it).
    func statementMonths(_ statements: [IssuedStatement]) -> [Month?] {
        statements.map { s in
            guard let policy = try? Policy.parse(Array(s.policyJSON.utf8)) else { return nil }
            return try? Month(s.month, timeZone: policy.timeZone)
        }
    }

    /// The first thing wrong with the issued statements, in words naming the statement; `nil` when
    /// the chain, its signatures, the heads known from outside and every recomputation hold.
    func statementFailure(
        _ statements: [IssuedStatement], months: [Month?], fold: RewardsLogFold, evidence: HeadEvidence,
        report: inout VerifyReport
    ) -> String? {
        var previous = StatementChain.genesis
        var signedThrough: Int64 = 0
        let origin = evidence.key.map { StatementChain.origin(forHeads: $0.origin) }
        for (index, s) in statements.enumerated() {
            let expected = Int64(index) + 1
            let name = "issued statement \(s.sequence) (\(s.month) as of position \(s.asOfPosition))"
            guard s.sequence == expected else {
                if s.sequence == 0 {
                    return "an issued statement (\(s.month) as of position \(s.asOfPosition), row \(s.id)) has no "
                        + "place in the chain of issued statements: it was inserted outside Redress"
                }
                return "issued statement \(expected) is missing: the chain of issued statements jumps from "
                    + "\(expected - 1) to \(s.sequence) (a statement was deleted)"
            }
            guard StatementChain.hash(previous: previous, of: s) == s.chainHash else {
                return "\(name): its chain hash does not verify: the statement (its month, position, digests, "
                    + "policy or issue time) or the one before it was altered after it was issued"
            }
            previous = s.chainHash
            guard let policy = try? Policy.parse(Array(s.policyJSON.utf8)), policy.sha256 == s.policySHA256 else {
                return "\(name): its stored policy no longer has the digest it was issued with"
            }
            if let note = s.chainNote, let key = evidence.key, let origin {
                do {
                    let checkpoint = try key.open(try SignedNote(text: note), origin: origin)
                    guard checkpoint.size == s.sequence, checkpoint.root == s.chainHash else {
                        return "\(name): its signature is for statement \(checkpoint.size) with another chain hash: "
                            + "the statements were rewritten"
                    }
                    report.statementSignaturesChecked += 1
                    signedThrough = s.sequence
                } catch {
                    return "\(name) is badly signed: \(error)"
                }
            }
            guard let month = months[index] else {
                return "\(name): its month cannot be read"
            }
            guard s.asOfPosition <= report.headPosition else {
                return "\(name): its as-of position is past the ledger's head \(report.headPosition)"
            }
            let recomputed = RewardStatement.compute(
                month: month, policy: policy, asOfPosition: s.asOfPosition,
                candidates: fold.candidates(asOf: s.asOfPosition, in: month.startMs..<month.endMs))
            let digest = Self.sha256(recomputed.json())
            guard digest == s.statementSHA256 else {
                return "\(name) does not reproduce from the log: recomputed digest \(digest), "
                    + "recorded \(s.statementSHA256)"
            }
            report.statements += 1
        }
        // Statements linked before any was signed (issued before the chain, or before the key) are
        // covered by the first signed link after them; once one is signed, every later one must be.
        if evidence.key != nil, signedThrough > 0,
            let first = statements.first(where: { $0.sequence > signedThrough })
        {
            return "issued statement \(first.sequence) (\(first.month) as of position \(first.asOfPosition)) is not "
                + "covered by a signature: it was issued without the signing key, or forged"
        }
        for (source, checkpoint) in evidence.knownStatementHeads {
            guard checkpoint.size <= Int64(statements.count) else {
                return "the statements head in \(source) covers \(checkpoint.size) issued statements but the ledger "
                    + "holds \(statements.count): issued statements were deleted"
            }
            guard checkpoint.size == 0 || statements[Int(checkpoint.size) - 1].chainHash == checkpoint.root else {
                return "the chain of issued statements forks from the statements head in \(source) at statement "
                    + "\(checkpoint.size): issued statements were rewritten"
            }
        }
        return nil
    }
}

/// The read models recomputed from the log in memory, for `verify --projections`.
struct ModelFold {
    var recovery = RecoveryTail(rows: [], transitions: [:], in: ReportWindow(startMs: .min, endMs: .max, asOf: .max))
    var rewards = RewardsLogFold(keeping: [Int64.min..<Int64.max])

    /// Folds the next event (in position order) into both models.
    mutating func apply(_ event: ProjectionEvent) {
        recovery.apply(event)
        rewards.apply(event)
    }
}

extension Ledger {
    /// The first difference between the read models (as reports read them at `asOf`) and `fold`.
    func modelFailure(_ fold: ModelFold, asOf: Int64) async throws -> String? {
        let projections = try requireProjections()
        let (_, candidates) = try await projections.rewardCandidates(
            occurredFrom: .min, to: .max, asOf: asOf)
        if let difference = RewardsLogFold.difference(model: candidates, log: fold.rewards.candidates) {
            return "the rewards read model disagrees with the log: \(difference)"
        }
        let snapshot = try await projections.recovery(receivedFrom: .min, to: .max, asOf: asOf)
        let model = Dictionary(snapshot.rows.map { ($0.complaintID, $0) }) { a, _ in a }
        for row in fold.recovery.rows.sorted(by: { $0.received.position < $1.received.position }) {
            let id = row.complaintID
            guard let stored = model[id] else {
                return "the recovery read model lacks complaint \(id), received at position \(row.received.position)"
            }
            if stored != row {
                return "the recovery read model's row for complaint \(id) differs from the log "
                    + "(\(RecoveryRow.differingFields(stored, row).joined(separator: ", ")))"
            }
            let storedTransitions = snapshot.transitions[id] ?? []
            let logTransitions = fold.recovery.transitions[id] ?? []
            if storedTransitions.sorted(by: { $0.position < $1.position }) != logTransitions {
                return "the recovery read model's pauses and reopenings of complaint \(id) differ from the log"
            }
        }
        if snapshot.rows.count != fold.recovery.rows.count {
            let extra = snapshot.rows.first { fold.recovery.index(of: $0.complaintID) == nil }
            return
                "the recovery read model holds \(snapshot.rows.count) complaints, the log \(fold.recovery.rows.count)"
                + (extra.map { ": complaint \($0.complaintID) is not in the log" } ?? "")
        }
        return nil
    }
}

extension RecoveryRow {
    /// The names of the fields in which `a` and `b` differ.
    static func differingFields(_ a: RecoveryRow, _ b: RecoveryRow) -> [String] {
        var names: [String] = []
        if a.received != b.received { names.append("received") }
        if a.channel != b.channel { names.append("channel") }
        if a.category != b.category { names.append("category") }
        if a.severity != b.severity { names.append("severity") }
        if a.firstAcknowledged != b.firstAcknowledged { names.append("first acknowledged") }
        if a.firstCompensated != b.firstCompensated { names.append("first compensated") }
        if a.firstClosed != b.firstClosed { names.append("first closed") }
        if a.firstFollowedUp != b.firstFollowedUp { names.append("first followed up") }
        return names.isEmpty ? ["another field"] : names
    }
}
