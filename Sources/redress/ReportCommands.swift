public import ArgumentParser
import Foundation
import Redress

/// `--format` of the month reports: `table` for a person, `json` for scripts, `csv` for spreadsheets.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument { case table, json, csv }

/// A projection named on the command line; its values feed help and shell completion. The
/// argument is read as text and checked by ``Rebuild`` so that a wrong name is the ledger's own
/// "unknown projection" input error (exit 1), as it has always been.
extension ProjectionName: ExpressibleByArgument {}

/// A report that prints as a table for a person, JSON for scripts or CSV for spreadsheets.
protocol PrintableReport {
    /// The report for a person, ending in a newline.
    func table() -> String
    /// The report as one JSON object, without a final newline.
    func json() -> String
    /// The report as CSV with a header row, ending in a newline.
    func csv() -> String
}

extension MetricsReport: PrintableReport {}
extension DueReport: PrintableReport {}
extension RewardStatement: PrintableReport {}

extension ReportFormat {
    /// Prints `report` on standard output in this format (JSON with a final newline; table and CSV
    /// already end in one).
    func print(_ report: some PrintableReport) {
        switch self {
        case .json: Swift.print(report.json())
        case .csv: Swift.print(report.csv(), terminator: "")
        case .table: Swift.print(report.table(), terminator: "")
        }
    }
}

/// Flags shared by `metrics` and `rewards`.
struct ReportOptions: ParsableArguments {
    @OptionGroup var ledger: ReadLedgerOptions
    @Option(help: "The month, YYYY-MM, in the policy's time zone.") var month: String
    @Option(help: "Policy JSON file (default: the built-in policy).") var policy: String?
    @Option(
        name: .customLong("as-of-position"), parsing: .unconditional,
        help: "Only events at or before this position (default: the head).")
    var asOfPosition: Int64?
    @Option(help: "table (for a person), json or csv.") var format: ReportFormat = .table

    func validate() throws { try nonNegative(asOfPosition, "--as-of-position") }
}

/// `redress metrics --month YYYY-MM`: the month's recovery-time metrics as of a position (default:
/// the head); when the month has no complaints, the table is followed by a note on standard error.
/// Reads only. Exit status: 0; 1 a bad month or policy; 64 usage; 66 no ledger at the path.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "A month's recovery-time metrics (percentiles, SLA, satisfaction).",
        discussion: """
            Required: --month YYYY-MM (in the policy's time zone). Examples:
              redress metrics --month 2026-03
              redress metrics --month 2026-03 --format csv > march.csv
              redress metrics --month 2026-03 --policy policy.json --format json
              redress metrics --month 2026-03 --as-of-position 52000   # as it stood then
            """)
    @OptionGroup var options: ReportOptions

    func run() async throws {
        try await options.ledger.withLedger(.readOnly) { ledger in
            let policy = try Policy.load(path: options.policy)
            let report = try await ledger.metrics(
                month: options.month, policy: policy, asOfPosition: options.asOfPosition)
            options.format.print(report)
            if report.all.complaints == 0, options.format == .table {
                printError(
                    "redress: no complaints were received in \(report.month) (\(policy.timezone)); "
                        + (try await ledger.coverageNote(policy: policy)))
            }
        }
    }
}

/// `--at` of `due` and `complaints`: an RFC 3339 time with an offset, as epoch milliseconds; a bad one is a
/// usage error naming the flag.
func clockOption(_ at: String?) throws -> Int64? {
    guard let at else { return nil }
    do { return try Timestamp(parsing: at).epochMilliseconds } catch {
        throw ValidationError("--at \(at): \(error.reason); write e.g. 2026-03-02T09:00:00+09:00")
    }
}

/// `redress due`: every pending SLA target of the open complaints as of a position, most urgent first.
/// Reads only. Exit status: 0; 1 a bad policy; 64 a bad `--within`, `--at` or other usage; 66 no ledger.
struct DueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: "The open complaints' SLA deadlines, most urgent first (SPEC 7.3).",
        discussion: """
            Each open complaint's pending targets (acknowledge, then close) with its owner and the SLA clock \
            time left; overdue ones first, paused ones last with why. Examples:
              redress due --policy Policies/korea.json
              redress due --within 4h --policy Policies/korea.json
              redress due --as-of-position 52000 --format json
            """)
    @OptionGroup var ledger: ReadLedgerOptions
    @Option(help: "Policy JSON file (default: the built-in policy).") var policy: String?
    @Option(
        name: .customLong("as-of-position"), parsing: .unconditional,
        help: "Only events at or before this position (default: the head).")
    var asOfPosition: Int64?
    @Option(help: "The clock, RFC 3339 (default: the report's clock with --as-of-position, else now).")
    var at: String?
    @Option(help: "Only targets with at most this much SLA clock time left: 45m, 4h, 1h30m, 2d.") var within: String?
    @Option(help: "table (for a person), json or csv.") var format: ReportFormat = .table

    func validate() throws {
        try nonNegative(asOfPosition, "--as-of-position")
        if let within, DurationInput.milliseconds(within) == nil {
            throw ValidationError("--within \(within): write a duration such as 45m, 4h, 1h30m or 2d")
        }
        _ = try clockOption(at)
    }

    func run() async throws {
        try await ledger.withLedger(.readOnly) { ledger in
            let report = try await ledger.due(
                policy: try Policy.load(path: policy), asOfPosition: asOfPosition,
                at: try clockOption(at),
                withinMs: within.flatMap(DurationInput.milliseconds))
            format.print(report)
        }
    }
}

/// `redress rewards [show|issue|diff]`: the month-end staff reward statements.
struct RewardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewards", abstract: "Month-end staff reward statements.",
        subcommands: [Show.self, Issue.self, Diff.self], defaultSubcommand: Show.self)

    /// `redress rewards --month YYYY-MM` (`show`, the default): the month's statement as of a position,
    /// computed from the log, recording nothing. Exit status: 0; 1 a bad month or policy; 64 usage; 66
    /// no ledger at the path.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "A month's statement (the default).",
            discussion: """
                Required: --month YYYY-MM. Examples:
                  redress rewards --month 2026-03
                  redress rewards --month 2026-03 --items     # each credit with its event
                  redress rewards --month 2026-03 --format csv > payroll.csv
                """)
        @OptionGroup var options: ReportOptions
        @Flag(
            help: "In the table, also list each credit with the event that earned it (JSON and CSV always have them).")
        var items = false

        func run() async throws {
            try await options.ledger.withLedger(.readOnly) { ledger in
                let policy = try Policy.load(path: options.policy)
                let statement = try await ledger.rewards(
                    month: options.month, policy: policy, asOfPosition: options.asOfPosition)
                if options.format == .table && items {
                    print(statement.table(items: true), terminator: "")
                } else {
                    options.format.print(statement)
                }
                if statement.staff.isEmpty, options.format == .table {
                    printError(
                        "redress: no credits were earned in \(statement.month) (\(policy.timezone)); "
                            + (try await ledger.coverageNote(policy: policy)))
                }
            }
        }
    }

    /// `redress rewards issue --month YYYY-MM`: records the month's statement at the head as issued (a new
    /// link of the chain of issued statements, signed when the ledger is); issuing the same statement again
    /// records nothing and says so. Exit status: 0 issued or already issued; 1 a bad month or policy or
    /// another refusal; 64 usage; 75 locked.
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue", abstract: "Record the month's statement at the head as issued.",
            discussion: """
                Required: --month YYYY-MM. Issuing a month again is not an error: when the statement is the one \
                issued last (same position, policy and figures: the same digest) nothing is recorded and it says \
                so; otherwise the new statement is recorded and supersedes the earlier one (rewards diff compares \
                with the latest). Example:
                  redress rewards issue --month 2026-03 --policy policy.json
                """)
        @OptionGroup var ledger: WriteLedgerOptions
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "Policy JSON file (default: the built-in policy).") var policy: String?

        func run() async throws {
            try await ledger.withLedger { ledger in
                switch try await ledger.issueRewardsOnce(month: month, policy: try Policy.load(path: policy)) {
                case .issued(let issued, let statement, let earlier):
                    print(
                        "issued \(issued.month) as of position \(issued.asOfPosition): "
                            + "statement sha256 \(issued.statementSHA256), policy sha256 \(issued.policySHA256), "
                            + "\(statement.staff.count) staff"
                    )
                    if let earlier {
                        printError(
                            "redress: this supersedes the statement of \(earlier.month) issued at position "
                                + "\(earlier.asOfPosition) "
                                + "(statement sha256 \(earlier.statementSHA256.prefix(16))…); "
                                + "rewards diff now compares with this one")
                    }
                case .alreadyIssued(let issued, _):
                    print(
                        "\(issued.month) was already issued at position \(issued.asOfPosition) with the same digest "
                            + "(statement sha256 \(issued.statementSHA256)): nothing recorded"
                    )
                }
            }
        }
    }

    /// `redress rewards diff --month YYYY-MM`: the latest issued statement against the statement at the head.
    /// Exit status: 0; 1 no statement issued for the month; 4 the issued statement no longer reproduces from
    /// the log; 64 usage; 66 no ledger.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff", abstract: "The issued statement against the head: what late events would change.")
        @OptionGroup var ledger: ReadLedgerOptions
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "text or json.") var format: ReplayCommand.Format = .text
        @Flag(
            help: "List every staff member whose line changes, not only those whose points, amount or eligibility do.")
        var all = false

        func run() async throws {
            try await ledger.withLedger(.readOnly) { ledger in
                let diff = try await ledger.rewardsDiff(month: month)
                print(format == .json ? diff.json() : diff.text(all: all), terminator: format == .json ? "\n" : "")
            }
        }
    }
}

/// `redress projections status|rebuild`: the read models behind the month reports.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections", abstract: "The read models behind metrics and rewards.",
        subcommands: [Status.self, Rebuild.self])

    /// `redress projections status`: one line per projection, its position, lag and generation, and an
    /// interrupted rebuild if there is one. Reads only. Exit status: 0; 66 no ledger.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each projection's checkpoint against the head.")
        @OptionGroup var ledger: ReadLedgerOptions

        func run() async throws {
            try await ledger.withLedger(.readOnly) { ledger in
                for s in try await ledger.projectionStatus() {
                    var line =
                        "\(s.name.rawValue): position \(s.position) of \(s.head), lag \(s.lag) event(s), "
                        + "generation \(s.generation)"
                    if let b = s.building {
                        line +=
                            "; rebuild of generation \(b.generation) stopped at position \(b.position) "
                            + "(run projections rebuild)"
                    }
                    print(line)
                }
            }
        }
    }

    /// `redress projections rebuild [NAME]`: folds the log again from position 0 into a new generation;
    /// readers keep the old one until the new one is whole. Exit status: 0; 1 an unknown projection name;
    /// 64 usage; 75 locked.
    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild from position 0; readers see the old result until the new one is whole.")
        @OptionGroup var ledger: WriteLedgerOptions
        @Argument(help: "recovery or rewards (default: both).", completion: .list(ProjectionName.allValueStrings))
        var name: String?

        func run() async throws {
            try await ledger.withLedger { ledger in
                var projection: ProjectionName?
                if let name {
                    guard let parsed = ProjectionName(argument: name) else {
                        throw LedgerError.input(
                            "unknown projection \(name): "
                                + "use \(ProjectionName.allValueStrings.joined(separator: " or "))"
                        )
                    }
                    projection = parsed
                }
                let started = Date()
                let total = try await ledger.head().position
                try await ledger.rebuildProjections(
                    projection,
                    afterBatch: Progress.shown
                        ? { @Sendable position in
                            Progress.show(
                                "rebuilding: position \(position) of \(total) "
                                    + "(\(total > 0 ? position * 100 / total : 100)%)"
                            )
                        } : nil)
                Progress.clear()
                let head = try await ledger.head().position
                print(
                    "rebuilt \(projection?.rawValue ?? "all projections") to position \(head) "
                        + "in \(String(format: "%.2f", Date().timeIntervalSince(started))) s"
                )
            }
        }
    }
}
