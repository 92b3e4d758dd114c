import ArgumentParser
import Foundation
import Redress
import RedressDomain
import RedressStore

/// Flags every record command shares: the nine record commands differ only in the event type and
/// the `data` fields they pass to ``record(_:_:)``.
struct RecordOptions: ParsableArguments {
    @OptionGroup var ledger: WriteLedgerOptions
    @Argument(help: "The complaint id.") var complaint: String
    @Option(help: "When it happened (RFC 3339 with offset). Default: now.") var at: String?
    @Option(help: "The staff member who did it (required except for receive, resume and reopen).") var by: String?
    @Option(
        name: .customLong("expect-version"), parsing: .unconditional,
        help: "Only if the complaint is at this version (optimistic concurrency).") var expectVersion: Int?
    @Option(name: .customLong("event-id"), help: "Use this UUID as the event id (default: a new UUIDv7).") var eventID:
        String?

    func validate() throws { try nonNegative(expectVersion.map(Int64.init), "--expect-version") }

    /// Records one event of `type` with `data` (absent fields left out) through `Ledger.record`, and
    /// prints the stored event's export line on standard output: the new event's, or, when the same
    /// event id is already stored with the same content, the stored one's with a note on standard error.
    /// A `needs-received` refusal is extended with a hint: the nearest complaint id, or `redress receive`.
    ///
    /// - Throws: what `withLedger` reports: exit 1 for a rule the event breaks or a bad field value,
    ///   3 when `--expect-version` is not the complaint's version, 75 when the write lock is held.
    func record(_ type: EventType, _ data: [(String, JSONValue?)]) async throws {
        let request = RecordRequest(
            type: type, complaintID: complaint, data: data, at: at, by: by,
            expectedVersion: expectVersion, eventID: eventID)
        try await ledger.withLedger { ledger in
            let outcome: AppendOutcome
            do { outcome = try await ledger.record(request) } catch LedgerError.rejected(
                let complaint, let event, let type, let reason) where reason.hasSuffix("[rule needs-received]")
            {
                // The complaint has no events: a near miss of an id it has, or it was never received.
                let hint =
                    try await ledger.nearComplaintID(complaint).map { "did you mean \($0)? If not, receive it first" }
                    ?? "receive it first"
                throw LedgerError.rejected(
                    complaintID: complaint, eventID: event, type: type,
                    reason: reason + "; \(hint) (redress receive \(complaint) "
                        + "--customer … --channel … --category …)")
            }
            print(ledger.exportLine(outcome.storedEvent))
            if case .alreadyStored = outcome {
                printError("redress: event already stored with the same content: nothing written")
            }
        }
    }
}

/// A string field's JSON value, `nil` (the field left out) when the flag was not given.
func text(_ value: String?) -> JSONValue? { value.map { .string($0) } }

/// The usage line of a record command that needs `--by`. `--by` is checked after parsing (its error
/// names the complaint and the command), so ArgumentParser's own line would show it as `[--by <by>]`.
func usageNeedingBy(_ command: String, _ own: String) -> String {
    "redress \(command) <complaint> --by <by> \(own) [--at <at>] [--expect-version <expect-version>] "
        + "[--event-id <event-id>] [--db <PATH-or-URL>] [--lock-timeout <SECONDS>] [--signing-key <FILE>]"
}

/// `redress receive`: records a complaint's first event. Exit status as every record command's
/// (``RecordOptions/record(_:_:)``): 0 stored or already stored, 1 refused (a complaint id that
/// already has events, a bad field), 3 `--expect-version` conflict, 64 usage, 75 locked.
struct Receive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a complaint received (the stream's first event).",
        discussion:
            "Required: COMPLAINT, --customer, --channel, --category (--by optional: the customer may start it). "
            + "Example:\n  redress receive K-1 --customer CUST-9 --channel phone --category service \\\n"
            + "    --summary \"배송이 늦었어요\""
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "Opaque customer reference.") var customer: String
    @Option(
        help: "phone, email, web, chat, store, social, letter or other.",
        completion: .list(Channel.allCases.map(\.rawValue))) var channel: String
    @Option(
        help: "service, product, customer or other.", completion: .list(RedressDomain.Category.allCases.map(\.rawValue))
    )
    var category: String
    @Option(help: "low, medium (default), high or critical.", completion: .list(Severity.allCases.map(\.rawValue)))
    var severity: String?
    @Option(help: "What the complaint is about.") var summary: String?
    @Option(name: .customLong("remedy-sought"), help: "What the customer asks for.") var remedySought: String?

    func run() async throws {
        try await options.record(
            .received,
            [
                ("customer", text(customer)), ("channel", text(channel)), ("category", text(category)),
                ("severity", text(severity)), ("summary", text(summary)), ("remedy_sought", text(remedySought)),
            ])
    }
}

/// `redress acknowledge`: records that staff (`--by`) took the complaint on; once per cycle.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Acknowledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that staff acknowledged the complaint.",
        usage: usageNeedingBy("acknowledge", "[--note <note>]"),
        discussion: "Required: COMPLAINT, --by STAFF. Example:\n  redress acknowledge K-1 --by kim")
    @OptionGroup var options: RecordOptions
    @Option(help: "A note.") var note: String?
    func run() async throws { try await options.record(.acknowledged, [("note", text(note))]) }
}

/// `redress assign`: records a new owner (`--to`) for an open complaint.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Assign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a new owner for the complaint.",
        usage: usageNeedingBy("assign", "--to <to>"),
        discussion: "Required: COMPLAINT, --by STAFF, --to STAFF. Example:\n  redress assign K-1 --by kim --to lee")
    @OptionGroup var options: RecordOptions
    @Option(help: "The staff id of the new owner.") var to: String
    func run() async throws { try await options.record(.assigned, [("to", text(to))]) }
}

/// `redress compensate`: records what the customer was given; `--amount` is kept exactly as written.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Compensate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record compensation given to the customer.",
        usage: usageNeedingBy(
            "compensate", "--kind <kind> --amount <amount> --currency <currency> [--note <note>]"),
        discussion:
            "Required: COMPLAINT, --by STAFF, --kind, --amount, --currency. Example:\n"
            + "  redress compensate K-1 --by lee --kind refund --amount 15000 --currency KRW"
    )
    @OptionGroup var options: RecordOptions
    @Option(
        help: "refund, replacement, repair, discount, voucher, gift or apology.",
        completion: .list(CompensationKind.allCases.map(\.rawValue))) var kind: String
    @Option(help: "Decimal amount ≥ 0 with at most 2 fraction digits, e.g. 15000 or 12.50.") var amount: String
    @Option(help: "ISO 4217 code, e.g. KRW.") var currency: String
    @Option(help: "A note.") var note: String?
    func run() async throws {
        try await options.record(
            .compensated,
            [("kind", text(kind)), ("amount", text(amount)), ("currency", text(currency)), ("note", text(note))])
    }
}

/// `redress follow-up`: records an after-service follow-up, with the customer's rating when there is one.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct FollowUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up", abstract: "Record an after-service follow-up.",
        usage: usageNeedingBy("follow-up", "[--satisfaction <satisfaction>] [--comment <comment>]"),
        discussion: "Required: COMPLAINT, --by STAFF. Example:\n  redress follow-up K-1 --by lee --satisfaction 4")
    @OptionGroup var options: RecordOptions
    @Option(help: "The customer's rating, 1–5 (leave out when none was given).") var satisfaction: String?
    @Option(help: "The customer's comment.") var comment: String?
    func run() async throws {
        try await options.record(
            .followedUp, [("satisfaction", satisfaction.map { .number($0) }), ("comment", text(comment))])
    }
}

/// `redress pause`: stops the complaint's SLA clock until `resume` or `close`.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the complaint paused: its SLA clock stops until resume or close.",
        usage: usageNeedingBy("pause", "--reason <reason> [--note <note>]"),
        discussion:
            "Required: COMPLAINT, --by STAFF, --reason. Example:\n"
            + "  redress pause K-1 --by lee --reason awaiting-customer --note \"사진 요청\""
    )
    @OptionGroup var options: RecordOptions
    @Option(
        help: "awaiting-customer, awaiting-third-party or other.",
        completion: .list(PauseReason.allCases.map(\.rawValue))) var reason: String
    @Option(help: "What the complaint is waiting for.") var note: String?
    func run() async throws { try await options.record(.paused, [("reason", text(reason)), ("note", text(note))]) }
}

/// `redress resume`: starts a paused complaint's SLA clock again; `--by` is optional.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a paused complaint resumed: its SLA clock runs again.",
        discussion:
            "Required: COMPLAINT (--by optional: a customer's reply may resume it). Example:\n"
            + "  redress resume K-1 --note \"photos received\""
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "What ended the wait.") var note: String?
    func run() async throws { try await options.record(.resumed, [("note", text(note))]) }
}

/// `redress close`: closes an open, acknowledged complaint with a resolution.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Close: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the complaint closed.",
        usage: usageNeedingBy("close", "--resolution <resolution> [--root-cause <root-cause>]"),
        discussion:
            "Required: COMPLAINT, --by STAFF, --resolution. Example:\n"
            + "  redress close K-1 --by lee --resolution resolved"
    )
    @OptionGroup var options: RecordOptions
    @Option(
        help: "resolved, partially-resolved, unresolved, withdrawn or rejected.",
        completion: .list(Resolution.allCases.map(\.rawValue))) var resolution: String
    @Option(name: .customLong("root-cause"), help: "What caused the failure.") var rootCause: String?
    func run() async throws {
        try await options.record(.closed, [("resolution", text(resolution)), ("root_cause", text(rootCause))])
    }
}

/// `redress reopen`: opens a closed complaint again, in a new cycle; `--by` is optional.
/// Exit status as ``RecordOptions/record(_:_:)``: 0, 1, 3, 64 or 75.
struct Reopen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the complaint reopened.",
        discussion:
            "Required: COMPLAINT (--by optional: the customer may reopen). Example:\n"
            + "  redress reopen K-1 --reason \"still broken\""
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "Why it was reopened.") var reason: String?
    func run() async throws { try await options.record(.reopened, [("reason", text(reason))]) }
}
