import Foundation
public import RedressDomain
import RedressStore

/// One event to record from the command line or a caller that has loose fields.
///
/// It is checked by the same decoder as an imported line, so the field rules of
/// SPEC 1.1–1.2 are enforced in one place.
public struct RecordRequest: Sendable {
    /// The type of event to record; it decides which `data` members are required.
    public var type: EventType
    /// The complaint the event belongs to (its stream).
    public var complaintID: String
    /// `data` members; `nil` values are left out.
    public var data: [(String, JSONValue?)]
    /// RFC 3339 time; `nil` means now (UTC, millisecond precision).
    public var at: String?
    /// The actor (`actor`, `--by` on the command line): the staff id doing the work; `nil` leaves it
    /// out, which the decoder refuses for the types that require one.
    public var by: String?
    /// The stream version the caller expects (`expected_version`); `nil` records whatever the stream holds.
    public var expectedVersion: Int?
    /// A UUID to use as the event id; `nil` generates a UUIDv7.
    public var eventID: String?

    /// A request with the loose fields; nothing is checked until ``command(now:)``.
    public init(
        type: EventType, complaintID: String, data: [(String, JSONValue?)], at: String? = nil, by: String? = nil,
        expectedVersion: Int? = nil, eventID: String? = nil
    ) {
        self.type = type
        self.complaintID = complaintID
        self.data = data
        self.at = at
        self.by = by
        self.expectedVersion = expectedVersion
        self.eventID = eventID
    }

    /// The validated command.
    public func command(now: Timestamp) throws -> RecordCommand {
        var members: [(key: String, value: JSONValue)] = [
            ("event_id", .string(eventID ?? EventID.version7().description)),
            ("complaint_id", .string(complaintID)),
            ("type", .string(type.rawValue)),
            ("occurred_at", .string(at ?? now.utcMillisecondText)),
            ("data", .object(data.compactMap { key, value in value.map { (key, $0) } })),
        ]
        if let by { members.append(("actor", .string(by))) }
        if let expectedVersion { members.append(("expected_version", .number(String(expectedVersion)))) }
        do {
            let line = try InterchangeLine.decode(.object(members))
            return RecordCommand(event: line.event, expectedVersion: line.expectedVersion)
        } catch {
            throw LedgerError.input(
                "complaint \(complaintID): \(Self.flagSentence(error.error, command: type.command))")
        }
    }

    /// A field error in the words of the command line: the flag, not the JSON field
    /// (`--by is required for acknowledge`, not `actor: is required on an acknowledged event`).
    static func flagSentence(_ error: FieldError, command: String) -> String {
        let flag: String
        switch error.field {
        case "actor": flag = "--by"
        case "occurred_at": flag = "--at"
        case "event_id": flag = "--event-id"
        case "expected_version": flag = "--expect-version"
        case "complaint_id": flag = "the complaint id"
        case let field where field.hasPrefix("data."):
            flag = "--" + field.dropFirst(5).replacingOccurrences(of: "_", with: "-")
        default: return error.description
        }
        if error.message.hasPrefix("is required") { return "\(flag) is required for \(command)" }
        return "\(flag): \(error.message)"
    }
}
