import ArgumentParser
import Foundation
import Redress
import RedressStore

/// `redress verify`: checks every hash chain, the recorded and signed heads, the issued statements and
/// the store's append-only guarantees, and prints one `ok: …` line, then a `not proven: …` line for each
/// thing the evidence given cannot prove. Reads only.
/// Exit status: 0 everything checked holds; 4 a check failed (the message names the first bad event);
/// 1 an unreadable key or head file; 64 a malformed `--anchor`; 66 no ledger at the path.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every hash chain, the signed heads and the append-only guarantees; names the first bad event.",
        discussion: """
            Without a public key, verify checks the chains and the recorded heads but cannot prove that no one with \
            write access rewrote events and heads together; it says so. With --public-key (or the signing key), every \
            signed head's signature is checked and every position must be covered by one. With a head from outside the \
            database (--head, or the signing key's head file), a cut tail (rollback) or a fork is caught. Examples:
              redress verify
              redress verify --anchor 960:ca7a8afd…     # an anchor printed before
              # an auditor, with the signer's public key and a head kept apart:
              redress verify --public-key ledger.key.pub --head auditor.head
            """)

    @OptionGroup var options: VerifyLedgerOptions
    @Option(help: ArgumentHelp("Also check a previously printed anchor still holds.", valueName: "POSITION:DIGEST"))
    var anchor: String?
    @Option(
        name: .customLong("public-key"),
        help: ArgumentHelp(
            "The signer's public key file (KEY.pub). Default: $REDRESS_PUBLIC_KEY, else derived from the signing key.",
            valueName: "FILE"))
    var publicKey: String?
    @Option(
        name: .customLong("head"),
        help: ArgumentHelp(
            "A signed head kept outside the database (KEY.head, or an auditor's copy); "
                + "the ledger must extend it. Repeatable.",
            valueName: "FILE"))
    var heads: [String] = []
    @Flag(
        help: ArgumentHelp(
            "Also compare the read models (metrics, rewards) with a fold of the log in memory: "
                + "one more read of each, and every complaint's row in memory."))
    var projections = false

    func validate() throws {
        guard let anchor else { return }
        let parts = anchor.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let position = Int64(parts[0]), position >= 0, parts[1].count == 64,
            parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else {
            throw ValidationError(
                "--anchor must be POSITION:DIGEST as verify prints it (e.g. 960:ca7a8afd…, 64 hex digits), "
                    + "got \(anchor)"
            )
        }
    }

    func run() async throws {
        try await options.withLedger(.readOnly) { ledger in
            let report = try await ledger.verify(anchor: anchor, evidence: try evidence(), projections: projections)
            if let failure = report.failure { throw LedgerError.verification("verify failed: \(failure)") }
            var line = "ok: \(report.events) events in \(report.complaints) complaints verify; anchor \(report.anchor)"
            if report.signaturesChecked > 0 {
                line += "; \(report.signaturesChecked) signed heads verify through position \(report.signedThrough)"
            }
            for source in Set(report.knownHeadsMatched).sorted() { line += "; extends the signed head in \(source)" }
            if report.statements > 0 {
                line += "; \(report.statements) issued statements chain and reproduce from the log"
                if report.statementSignaturesChecked > 0 { line += ", signed" }
            }
            if report.projectionsChecked { line += "; the read models equal a fold of the log" }
            if let anchor { line += "; the anchor \(anchor.prefix(anchor.count - 48))… holds" }
            print(line)
            for note in report.unproven { print("not proven: \(note)") }
        }
    }

    /// The public key and the known heads, from the flags, the environment and the signing key's files.
    func evidence() throws -> HeadEvidence {
        var evidence = HeadEvidence()
        var headFiles = heads
        if let path = publicKey ?? options.environment["REDRESS_PUBLIC_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LedgerError.input("cannot read the public key \(path)")
            }
            evidence.key = try VerifierKey(text: String(decoding: data, as: UTF8.self))
        }
        if let keyPath = options.signingKeyPath {
            let signer = try HeadSigner.load(keyPath: keyPath)
            if evidence.key == nil {
                evidence.key = signer.key.verifier
                // A writer's key, perhaps exported for another ledger: verify says so rather than cry fork.
                if heads.isEmpty {
                    evidence.signingKeySource =
                        options.signingKey != nil ? "--signing-key \(keyPath)" : "REDRESS_SIGNING_KEY (\(keyPath))"
                }
            }
            for path in [signer.headPath, StatementChain.headPath(for: signer)]
            where FileManager.default.fileExists(atPath: path) && !headFiles.contains(path) {
                headFiles.append(path)
            }
        }
        guard let key = evidence.key else {
            if !headFiles.isEmpty {
                throw LedgerError.input("--head needs the public key that signed it: give --public-key")
            }
            return evidence
        }
        for path in headFiles {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LedgerError.input("cannot read the head file \(path)")
            }
            // A head of the events (KEY.head) or of the issued statements (KEY.statements): its origin says.
            let note: SignedNote
            do { note = try SignedNote(text: String(decoding: data, as: UTF8.self)) } catch {
                throw LedgerError.input("the head file \(path): \(error)")
            }
            if let checkpoint = try? key.open(note, origin: StatementChain.origin(forHeads: key.origin)) {
                evidence.knownStatementHeads.append((path, checkpoint))
            } else {
                guard let checkpoint = try HeadSigner.readHead(path, verifier: key) else {
                    throw LedgerError.input("cannot read the head file \(path)")
                }
                evidence.knownHeads.append((path, checkpoint))
            }
        }
        return evidence
    }
}
