import RedressDomain
import RedressStore

extension Ledger {
    /// Failures only visible once the whole ledger was read: heads past its end, a cut tail, an unsigned tail.
    func headFailure(
        heads: [RecordedHead], known: [(source: String, checkpoint: Checkpoint)], evidence: HeadEvidence,
        report: VerifyReport
    ) async throws -> String? {
        let end = report.headPosition
        // Heads written after verify started belong to events it did not read; any other head past the end is a cut.
        let now = try await store.head().position
        if let past = heads.first(where: { $0.position > max(end, now) }) {
            return "a head was recorded at position \(past.position) but the ledger ends at \(now): events were cut off"
        }
        if let (source, checkpoint) = known.first(where: { $0.checkpoint.size > end }) {
            return """
                the ledger has \(end) events but the signed head in \(source) covers \(checkpoint.size): \
                events were cut off (a rollback)
                """
        }
        if evidence.key != nil, end > report.signedThrough {
            let first = report.signedThrough + 1
            let events = try await store.readAll(after: report.signedThrough, limit: 1)
            let name =
                events.first.map { "event \($0.eventID) at position \(first) (complaint \($0.complaintID))" }
                ?? "position \(first)"
            return "\(name) is not covered by a signed head: it was written without the signing key, or forged"
        }
        return nil
    }

    /// A writer's signing key (``HeadEvidence/signingKeySource``) that signed no head of this ledger
    /// belongs to another ledger: says so, as input (exit 1), instead of checking this ledger against
    /// that ledger's head (a false fork or rollback) and its signatures (a false "not covered").
    ///
    /// A head whose note claims this key counts, valid or not (a bad signature is verify's to name);
    /// so does a note that cannot be read. Only unsigned heads and heads readably signed by other keys
    /// leave the key unclaimed.
    static func refuseAnotherLedgersKey(
        _ key: VerifierKey, source: String, heads: [RecordedHead], known: [(source: String, checkpoint: Checkpoint)]
    ) throws {
        var signers: Set<String> = []
        for head in heads {
            guard let text = head.signedNote else { continue }
            guard let note = try? SignedNote(text: text) else { return }
            if note.signatures.contains(where: { $0.name == key.name && $0.keyHash == key.keyHash }) { return }
            let origin = (try? Checkpoint(body: note.body))?.origin ?? "an unreadable origin"
            for signature in note.signatures {
                signers.insert("\(origin) (key \(signature.name)+\(hex(signature.keyHash)))")
            }
        }
        let ledgerSide =
            signers.isEmpty
            ? "this ledger's heads are not signed"
            : "this ledger's heads are signed by \(signers.sorted().joined(separator: ", "))"
        guard let head = known.first else {
            // A key that signed nothing yet: not another ledger's, but no evidence about this one either.
            let next =
                signers.isEmpty
                ? "; a write with it signs this ledger's heads from then on"
                : " or with its own key (--signing-key FILE)"
            throw LedgerError.input(
                "\(source) has signed no head yet (\(ledgerSide)): verify this ledger without it "
                    + "(unset REDRESS_SIGNING_KEY)\(next)")
        }
        var message = "\(source) is another ledger's key: no head of this ledger is signed by it (\(ledgerSide))"
        message +=
            ", and its head file \(head.source) (\(head.checkpoint.origin), size \(head.checkpoint.size)) "
            + "is the head of the ledger it signs"
        message += """
            . Verify this ledger without it (unset REDRESS_SIGNING_KEY) or with its own key (--signing-key FILE). \
            If that key did sign this ledger, its signed heads were removed: an auditor's --public-key KEY.pub \
            --head KEY.head still checks the ledger against them.
            """
        throw LedgerError.input(message)
    }

    private static func hex(_ keyHash: UInt32) -> String {
        Hex.encode(withUnsafeBytes(of: keyHash.bigEndian) { Array($0) })
    }

    /// What a passing verify could not prove, in words an auditor can act on.
    func unproven(heads: [RecordedHead], evidence: HeadEvidence, statements: [IssuedStatement]) -> [String] {
        var notes: [String] = []
        if evidence.key != nil, !statements.isEmpty, !statements.contains(where: { $0.chainNote != nil }) {
            notes.append(
                "the \(statements.count) issued statements are not signed (issued without the key, or before "
                    + "statements were signed): the next rewards issue with the signing key signs the chain "
                    + "through them")
        }
        if !statements.isEmpty, evidence.knownStatementHeads.isEmpty {
            notes.append(
                "no statements head from outside the database was given (--head KEY.statements, or the signing "
                    + "key's): removing the newest issued statement cannot be seen")
        }
        let signed = heads.contains { $0.signedNote != nil }
        if evidence.key == nil {
            notes.append(
                signed
                    ? "signed heads were not checked: give the public key (--public-key) to prove no one rewrote "
                        + "the ledger and its heads"
                    : "the heads are not signed: an insider with write access to the file could rewrite events and "
                        + "heads together; sign heads (redress keys create) or check an anchor"
            )
        }
        if evidence.knownHeads.isEmpty {
            notes.append(
                "no signed head from outside the database was given (--head, or the signing key's head file): "
                    + "a cut tail cannot be seen"
            )
        }
        return notes
    }
}
