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

    @OptionGroup var options: WriteLedgerOptions
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
                ledger = try Ledger.open(.sqlite(path: scratch + "/empty.sqlite"))
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
