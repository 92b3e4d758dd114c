import ArgumentParser
import Foundation
import Redress
import RedressDomain

/// Flags every record command shares.
struct RecordOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The complaint id.") var complaint: String
    @Option(help: "When it happened (RFC 3339 with offset). Default: now.") var at: String?
    @Option(help: "The staff member who did it (required except for receive and reopen).") var by: String?
    @Option(
        name: .customLong("expect-version"), parsing: .unconditional,
        help: "Only if the complaint is at this version (optimistic concurrency).") var expectVersion: Int?
    @Option(name: .customLong("event-id"), help: "Use this UUID as the event id (default: a new UUIDv7).") var eventID:
        String?

    func validate() throws { try nonNegative(expectVersion.map(Int64.init), "--expect-version") }

    func record(_ type: EventType, _ data: [(String, JSONValue?)]) async throws {
        let request = RecordRequest(
            type: type, complaintID: complaint, data: data, at: at, by: by,
            expectedVersion: expectVersion, eventID: eventID)
        try await ledger.withLedger { ledger in
            let outcome = try await ledger.record(request)
            print(ledger.exportLine(outcome.storedEvent))
            if case .alreadyStored = outcome {
                printError("redress: event already stored with the same content: nothing written")
            }
        }
    }
}

func text(_ value: String?) -> JSONValue? { value.map { .string($0) } }

struct Receive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a complaint received (the stream's first event).",
        discussion:
            "Required: COMPLAINT, --customer, --channel, --category (--by optional: the customer may start it). "
            + "Example:\n  redress receive K-1 --customer CUST-9 --channel phone --category service "
            + "--summary \"배송이 늦었어요\""
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "Opaque customer reference.") var customer: String
    @Option(help: "phone, email, web, chat, store, social, letter or other.") var channel: String
    @Option(help: "service, product, customer or other.") var category: String
    @Option(help: "low, medium (default), high or critical.") var severity: String?
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

struct Acknowledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that staff acknowledged the complaint.",
        discussion: "Required: COMPLAINT, --by STAFF. Example:\n  redress acknowledge K-1 --by kim")
    @OptionGroup var options: RecordOptions
    @Option(help: "A note.") var note: String?
    func run() async throws { try await options.record(.acknowledged, [("note", text(note))]) }
}

struct Assign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a new owner for the complaint.",
        discussion: "Required: COMPLAINT, --by STAFF, --to STAFF. Example:\n  redress assign K-1 --by kim --to lee")
    @OptionGroup var options: RecordOptions
    @Option(help: "The staff id of the new owner.") var to: String
    func run() async throws { try await options.record(.assigned, [("to", text(to))]) }
}

struct Compensate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record compensation given to the customer.",
        discussion:
            "Required: COMPLAINT, --by STAFF, --kind, --amount, --currency. Example:\n"
            + "  redress compensate K-1 --by lee --kind refund --amount 15000 --currency KRW"
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "refund, replacement, repair, discount, voucher, gift or apology.") var kind: String
    @Option(help: "Decimal amount ≥ 0 with at most 2 fraction digits, e.g. 15000 or 12.50.") var amount: String
    @Option(help: "ISO 4217 code, e.g. KRW.") var currency: String
    @Option(help: "A note.") var note: String?
    func run() async throws {
        try await options.record(
            .compensated,
            [("kind", text(kind)), ("amount", text(amount)), ("currency", text(currency)), ("note", text(note))])
    }
}

struct FollowUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up", abstract: "Record an after-service follow-up.",
        discussion: "Required: COMPLAINT, --by STAFF. Example:\n  redress follow-up K-1 --by lee --satisfaction 4")
    @OptionGroup var options: RecordOptions
    @Option(help: "The customer's rating, 1–5 (leave out when none was given).") var satisfaction: String?
    @Option(help: "The customer's comment.") var comment: String?
    func run() async throws {
        try await options.record(
            .followedUp, [("satisfaction", satisfaction.map { .number($0) }), ("comment", text(comment))])
    }
}

struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the complaint paused: its SLA clock stops until resume or close.",
        discussion:
            "Required: COMPLAINT, --by STAFF, --reason. Example:\n"
            + "  redress pause K-1 --by lee --reason awaiting-customer --note \"사진 요청\""
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "awaiting-customer, awaiting-third-party or other.") var reason: String
    @Option(help: "What the complaint is waiting for.") var note: String?
    func run() async throws { try await options.record(.paused, [("reason", text(reason)), ("note", text(note))]) }
}

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

struct Close: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the complaint closed.",
        discussion:
            "Required: COMPLAINT, --by STAFF, --resolution. Example:\n"
            + "  redress close K-1 --by lee --resolution resolved"
    )
    @OptionGroup var options: RecordOptions
    @Option(help: "resolved, partially-resolved, unresolved, withdrawn or rejected.") var resolution: String
    @Option(name: .customLong("root-cause"), help: "What caused the failure.") var rootCause: String?
    func run() async throws {
        try await options.record(.closed, [("resolution", text(resolution)), ("root_cause", text(rootCause))])
    }
}

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
