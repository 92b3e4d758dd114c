import ArgumentParser
import Foundation
import Redress

extension ComplaintsReport: PrintableReport {}

/// `redress complaints`: one line per complaint as of a position — state, age, owner and the SLA time
/// left — oldest first, filtered by the flags (all must hold). Reads only.
/// Exit status: 0 (also when nothing matches); 1 a bad month or policy; 64 a bad `--channel`, `--owner`,
/// `--at` or other usage; 66 no ledger at the path.
struct ComplaintsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaints", abstract: "Find complaints: state, age, owner and SLA time left, oldest first.",
        discussion: """
            One line a complaint as of the position: received, channel, category, severity, owner, state \
            (open, paused, closed), age, and the next SLA target with the SLA clock time left. Filters \
            combine (all must hold). Examples:
              redress complaints --open --month 2026-03     # the open ones metrics counts
              redress complaints --overdue --owner agent.kim --policy Policies/korea.json
              redress complaints --paused --format csv > paused.csv
            """)
    @OptionGroup var ledger: ReadLedgerOptions
    @Flag(help: "Only complaints not closed (paused ones included).") var open = false
    @Flag(help: "Only complaints with an SLA target past due (less than zero left).") var overdue = false
    @Flag(help: "Only paused complaints.") var paused = false
    @Option(help: "Only this staff member's complaints (the owner as of the position).") var owner: String?
    @Option(
        help: "Only this channel: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).",
        completion: .list(Channel.allCases.map(\.rawValue)))
    var channel: String?
    @Option(help: "Only complaints received in this month, YYYY-MM, in the policy's time zone.") var month: String?
    @Option(help: "Policy JSON file (default: the built-in policy).") var policy: String?
    @Option(
        name: .customLong("as-of-position"), parsing: .unconditional,
        help: "Only events at or before this position (default: the head).")
    var asOfPosition: Int64?
    @Option(help: "The clock, RFC 3339 (default: the report's clock with --as-of-position, else now).")
    var at: String?
    @Option(help: "table (for a person), json or csv.", completion: .list(["table", "json", "csv"]))
    var format: ReportFormat = .table

    func validate() throws {
        try nonNegative(asOfPosition, "--as-of-position")
        if let channel, Channel(rawValue: channel) == nil {
            throw ValidationError(
                "--channel \(channel): use one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let owner, !FieldRules.isValidStaffID(owner) {
            throw ValidationError("--owner \(owner): a staff id is 1–64 characters of A-Z a-z 0-9 . _ : @ -")
        }
        _ = try clockOption(at)
    }

    func run() async throws {
        try await ledger.withLedger(.readOnly) { ledger in
            let report = try await ledger.complaints(
                policy: try Policy.load(path: policy), asOfPosition: asOfPosition,
                at: try clockOption(at),
                filter: ComplaintsFilter(
                    open: open, overdue: overdue, paused: paused, owner: owner,
                    channel: channel.flatMap(Channel.init(rawValue:)), month: month))
            format.print(report)
        }
    }
}
