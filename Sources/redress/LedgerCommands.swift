import ArgumentParser
import Foundation
import Redress
import RedressStore

/// `redress import FILE`: appends an NDJSON file's events (or restores an export exactly) and prints
/// `imported N lines: …; head at position P`. Without `--skip-invalid` the file is one transaction:
/// the first bad line stores nothing. With it, lines commit in batches of 10,000 and every bad line,
/// a conflicting one included, goes to REJECTS instead.
///
/// Exit status: 0 when every line was appended, already stored, or (with `--skip-invalid`) set aside
/// in REJECTS; 1 a rejected line, every line rejected with `--skip-invalid`, or with `--check` any
/// error; 3 a line's `expected_version` conflicts (without `--skip-invalid`); 64 usage; 75 locked.
/// With `--check` nothing is stored whatever the status.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append NDJSON events (or restore an export); all-or-nothing unless --skip-invalid.",
        discussion: """
            One JSON event per line (docs/SPEC.md §1). Lines an export wrote (with version, position, recorded_at \
            and hash) are restored exactly. A rejects file quotes each bad line as read: fix it there and import it \
            (its "input" fields) again. Examples:
              redress import events.ndjson
              redress import calls.ndjson --skip-invalid rejects.ndjson  # bad lines aside
              redress import calls.ndjson --check                        # a dry run
              cat export.ndjson | redress --db copy.sqlite import -      # an exact copy
            With --check, import reads the ledger only (a read-only file will do; a path with no ledger is \
            checked as an empty \
            one), judges each line against it and the file's lines before it as import would, a bad line left out \
            as --skip-invalid leaves it out, prints one line per error and \
            "checked N lines: N would be appended, N already stored, N errors"; exit 1 if any error. With \
            --skip-invalid too, the bad lines also go to REJECTS; nothing is stored either way.
            """)

    @OptionGroup var options: LedgerOptions
    @Argument(help: "NDJSON file, or - for standard input.") var file: String
    @Option(
        name: .customLong("skip-invalid"),
        help: ArgumentHelp(
            "Let valid lines land; write each rejected line with its reason to this file.", valueName: "REJECTS"))
    var rejects: String?
    @Flag(
        help: """
            Check every line against the ledger as import would; list every error; store nothing \
            (exit 1 if any error).
            """)
    var check = false

    func run() async throws {
        if check { return try await runCheck() }
        try await options.withLedger { ledger in
            let mode: ImportMode = try rejects.map { .skipInvalid(rejects: try OutputSink(path: $0)) } ?? .allOrNothing
            let started = Date()
            let report = try await ledger.importNDJSON(path: file, mode: mode, progress: progress("importing", started))
            Progress.clear()
            let seconds = Date().timeIntervalSince(started)
            print(
                "imported \(report.lines) lines: \(report.appended) appended, "
                    + "\(report.alreadyStored) already stored, \(report.rejected) rejected; "
                    + "head at position \(report.headPosition) (\(String(format: "%.2f", seconds)) s)"
            )
            if report.rejected > 0, let rejects {
                if report.rejected == report.lines {
                    throw LedgerError.input("every one of the \(report.lines) line(s) was rejected, see \(rejects)")
                }
                printError("redress: \(report.rejected) line(s) rejected, see \(rejects)")
            }
        }
    }

    /// `import --check`: the import's own path in a transaction that stores nothing (`Ledger.checkNDJSON`).
    func runCheck() async throws {
        let location = options.location
        // A ledger not there yet (a migration's target) is checked as the empty ledger it would start as.
        if !location.contains("://"), !location.hasPrefix("file:"), !FileManager.default.fileExists(atPath: location) {
            let scratch = NSTemporaryDirectory() + "redress-check-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let ledger: Ledger
            do {
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                ledger = Ledger(store: try SQLiteEventStore(path: scratch + "/empty.sqlite"))
            } catch { throw Failure.report(error) }
            defer { try? ledger.close() }
            printError("redress: no ledger at \(location) yet: checking against an empty one")
            do { try await check(ledger) } catch { throw Failure.report(error) }
            return
        }
        try await options.withLedger(.readOnly) { ledger in try await check(ledger) }
    }

    /// Runs the import's check through `Ledger.checkNDJSON`, lists each error on standard output, prints the
    /// `checked N lines: …` summary and exits 1 when any line has an error.
    private func check(_ ledger: Ledger) async throws {
        let listing = OutputSink()
        let report = try await ledger.checkNDJSON(
            path: file, rejects: try rejects.map { try OutputSink(path: $0) },
            error: { try listing.write(VisibleText.render($0.description) + "\n") },
            progress: progress("checking", Date()))
        Progress.clear()
        try listing.flush()
        print(
            "checked \(report.lines) lines: \(report.appended) would be appended, "
                + "\(report.alreadyStored) already stored, \(report.rejected) errors")
        if report.rejected > 0 { throw ExitCode(Failure.rejected) }
    }

    /// Progress on a terminal: lines per second, and the share of the file read and the time left.
    private func progress(_ verb: String, _ started: Date) -> (@Sendable (ImportReport) -> Void)? {
        guard Progress.shown else { return nil }
        let file = file
        let size =
            file == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int).flatMap { $0 }
        return { (r: ImportReport) in
            let elapsed = max(Date().timeIntervalSince(started), 0.001)
            var line = "\(verb): \(r.lines) lines, \(Int(Double(r.lines) / elapsed)) lines/s"
            if let size, size > 0, r.bytesRead > 0 {
                let done = min(1, Double(r.bytesRead) / Double(size))
                line =
                    "\(verb): \(Int(done * 100))% of \(file), \(r.lines) lines, "
                    + "about \(Int(elapsed / done * (1 - done))) s left"
            }
            Progress.show(line)
        }
    }
}

/// `redress export`: writes the ledger's events as NDJSON in position order, to standard output or `-o`;
/// with `--plain`, lines another ledger imports as new events. Reads only (takes no lock).
/// Exit status: 0; 1 the output cannot be written; 64 usage; 66 no ledger at the path; 75 the
/// PostgreSQL server stopped answering.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the ledger as NDJSON in position order.",
        discussion: """
            Examples:
              redress export -o ledger.ndjson          # all of it: a backup, an audit
              redress export --complaint C-0000042     # one complaint's events
              redress export --after-position 48000    # what a downstream system lacks
              # one complaint copied into another ledger, as new events there:
              redress export --complaint C-0000042 --plain | redress --db b.sqlite import -
            """)

    @OptionGroup var options: ReadLedgerOptions
    @Option(help: "Only this complaint's events.") var complaint: String?
    @Option(name: .customLong("after-position"), parsing: .unconditional, help: "Only events after this position.")
    var afterPosition: Int64 = 0
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Flag(
        help: """
            Plain interchange lines, without version, position, recorded_at and hash: \
            another ledger imports them as new events.
            """
    )
    var plain = false

    func validate() throws { try nonNegative(afterPosition, "--after-position") }

    func run() async throws {
        try await options.withLedger(.readOnly) { ledger in
            let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
            try await ledger.export(to: sink, complaintID: complaint, afterPosition: afterPosition, plain: plain)
        }
    }
}

/// `redress replay COMPLAINT`: one complaint's timeline for an auditor, as text or JSON, as of a position.
/// Exit status: 0 the complaint's chain verifies; 4 it does not (the timeline is printed first, the
/// bad rows marked BAD); 1 no such complaint or another refusal; 64 usage; 66 no ledger.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "An auditor's timeline of one complaint: events, state after each, durations so far, hash check.",
        discussion: """
            Exits 4 when the complaint's hash chain does not verify (the bad rows are marked BAD). Examples:
              redress replay C-0000042
              redress replay C-0000042 --as-of-position 1200    # as the ledger stood then
              redress replay C-0000042 --format json
            """)

    /// `--format`: `text` for a person, `json` for scripts.
    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json }

    @OptionGroup var options: ReadLedgerOptions
    @Argument(help: "The complaint id.") var complaint: String
    @Option(
        name: .customLong("as-of-position"), parsing: .unconditional, help: "Only events at or before this position.")
    var asOfPosition: Int64?
    @Option(help: "text (for a person) or json (for scripts).") var format: Format = .text

    func validate() throws { try nonNegative(asOfPosition, "--as-of-position") }

    func run() async throws {
        try await options.withLedger(.readOnly) { ledger in
            let replay = try await ledger.replay(complaint, asOfPosition: asOfPosition)
            print(format == .json ? replay.json() : replay.text(), terminator: format == .json ? "\n" : "")
            if !replay.chainVerifies {
                throw LedgerError.verification(
                    "complaint \(complaint): the hash chain does not verify (see the BAD rows)")
            }
        }
    }
}

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

/// `redress generate`: writes sample complaints as NDJSON, to standard output or `-o`; the same flags
/// give the same bytes. Touches no ledger.
/// Exit status: 0; 1 a bad value (months, start, counts, policy) or an unwritable file; 64 usage.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic sample complaints as NDJSON (deterministic per seed).",
        discussion: """
            Examples:
              redress generate --complaints 1000 -o sample.ndjson
              redress generate --complaints 100000 --months 12 --seed 7 -o year.ndjson
              redress generate --complaints 2000 --policy Policies/korea.json -o s.ndjson
            Staff act in working hours: the policy's calendar when --policy has one, else Monday to Friday,
            09:00–12:00 and 13:00–18:00 in Asia/Seoul.
            """)

    @Option(parsing: .unconditional, help: "How many complaints.") var complaints: Int = 1000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Months of complaints.") var months: Int = 6
    @Option(help: "First month, YYYY-MM.") var start: String = "2026-01"
    @Option(parsing: .unconditional, help: "Number of staff members.") var staff: Int = 36
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "A policy file whose calendar says when staff work.") var policy: String?

    func run() async throws {
        do {
            var generator = try SampleData.validated(
                complaints: complaints, seed: seed, months: months, start: start, staffCount: staff)
            if let calendar = try Policy.load(path: policy).calendar { generator.workCalendar = calendar }
            let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
            let count = try generator.write(
                to: sink,
                progress: output != nil && Progress.shown ? { Progress.show("generating: \($0) events") } : nil)
            Progress.clear()
            if output != nil { print("generated \(count) events for \(complaints) complaints") }
        } catch {
            throw Failure.report(error)
        }
    }
}
