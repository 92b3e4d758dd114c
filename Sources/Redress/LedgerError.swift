public import RedressDomain
import RedressStore

/// A failure the ledger reports to its user as one line.
public enum LedgerError: Error, CustomStringConvertible, Equatable {
    /// A line of an import was rejected; nothing of the import was stored.
    case rejectedLine(line: Int, reason: String)
    /// A line of an import conflicted with the stream's version (`expected_version`); nothing of the import was stored.
    case conflictingLine(line: Int, reason: String)
    /// A record command was rejected.
    case rejected(complaintID: String, eventID: EventID, type: EventType, reason: String)
    /// Optimistic concurrency conflict.
    case conflict(String)
    /// Unreadable input, missing file, bad flag value.
    case input(String)
    /// A verification failed.
    case verification(String)

    /// The one line shown to the user: `line N: ` or `complaint C, event E (type): ` before the reason.
    public var description: String {
        switch self {
        case .rejectedLine(let line, let reason), .conflictingLine(let line, let reason):
            return "line \(line): \(reason)"
        case .rejected(let complaint, let event, let type, let reason):
            return "complaint \(complaint), event \(event) (\(type.rawValue)): \(reason)"
        case .conflict(let message), .input(let message), .verification(let message): return message
        }
    }
}

extension LedgerError {
    /// A lifecycle rule's refusal of `event` as the command line reports it: an `expected_version`
    /// conflict (exit 3) or a rejection naming the rule.
    init(_ violation: RuleViolation, of event: IntakeRejection.RefusedEvent) {
        if violation.isConflict {
            self = .conflict(
                "conflict on complaint \(event.complaintID), event \(event.eventID) "
                    + "(\(event.type.rawValue)): \(violation.message)")
        } else {
            self = .rejected(
                complaintID: event.complaintID, eventID: event.eventID, type: event.type,
                reason: violation.description)
        }
    }

    /// An optimistic-concurrency conflict (exit 3), not a broken rule.
    var isConflict: Bool {
        switch self {
        case .conflict, .conflictingLine: return true
        default: return false
        }
    }
}

extension LineError {
    /// `complaint C, event E: field: message`, naming whatever could be read.
    var sentence: String {
        var parts: [String] = []
        if let complaintID { parts.append("complaint \(complaintID)") }
        if let eventID { parts.append("event \(eventID)") }
        let prefix = parts.joined(separator: ", ")
        return prefix.isEmpty ? error.description : "\(prefix): \(error.description)"
    }
}
