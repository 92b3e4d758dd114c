import ArgumentParser
import Foundation
import Redress
import RedressStore

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
