public import RedressDomain

/// Why a token may not post an event: the rule it breaks and one line naming the role, the event type
/// and that rule.
public struct PostingRefusal: Sendable, Equatable {
    /// The rule's name: `role-posts-no-events`, `intake-customer-events-only`, `intake-no-actor`,
    /// `intake-own-channel` or `staff-own-actor`.
    public var rule: String
    /// `complaint C, event E (type): a ROLE token … [rule R]`.
    public var message: String
}

extension AccessRole {
    /// The event types a role may post, whoever the actor (the README's "Who may post what"):
    ///
    /// | role | types | actor |
    /// |---|---|---|
    /// | `intake` | `received`, `resumed`, `reopened` | none: what a customer or a channel originates |
    /// | `staff` | every type | always its own staff id |
    /// | `admin` | every type | any |
    /// | `auditor`, `payroll` | none | |
    ///
    /// A `followed-up` (a customer's rating included) is staff work: SPEC 1.1 requires its actor.
    public var postableTypes: Set<EventType> {
        switch self {
        case .intake: [.received, .resumed, .reopened]
        case .staff, .admin: Set(EventType.allCases)
        case .auditor, .payroll: []
        }
    }
}

extension AccessToken {
    /// Why this token may not post `event`, or `nil` when it may: the one place the service decides
    /// which role posts which event (``AccessRole/postableTypes`` and the actor rules below).
    ///
    /// - `intake` (a channel's back end, the least trusted): only what a customer or a channel originates —
    ///   `received`, and `resumed` (the customer answered) or `reopened` (the customer came back) — always
    ///   without an actor, never anyone's work; with a channel, only into complaints received on it.
    /// - `staff`: every type, only naming the token's own staff id as actor (an `assigned` to a colleague
    ///   is its own work); never an event without an actor (a customer's, which an intake relays).
    /// - `admin`: any event; `auditor` and `payroll`: none.
    /// - Parameters:
    ///   - event: the event to post.
    ///   - channel: the complaint's channel (from its `received` event, or this event when it is one).
    public func refusal(toPost event: ComplaintEvent, channel: Channel?) -> PostingRefusal? {
        let type = event.type.rawValue
        let what = "complaint \(event.complaintID), event \(event.eventID) (\(type)): a \(role.rawValue) token"
        func refuse(_ rule: String, _ why: String) -> PostingRefusal {
            PostingRefusal(rule: rule, message: "\(what) \(why) [rule \(rule)]")
        }
        switch role {
        case .admin: return nil
        case .auditor, .payroll: return refuse("role-posts-no-events", "may not post events, \(type) included")
        case .intake:
            guard role.postableTypes.contains(event.type) else {
                return refuse(
                    "intake-customer-events-only",
                    "may not post \(type): it posts only what a customer or a channel originates (received, and "
                        + "resumed or reopened without an actor); \(type) is staff work")
            }
            if let actor = event.actor {
                return refuse(
                    "intake-no-actor",
                    "posts \(type) only without an actor (the customer's or the channel's), never naming \(actor)")
            }
            guard let own = self.channel, let channel, channel != own else { return nil }
            return refuse(
                "intake-own-channel",
                "may post \(type) for the \(own.rawValue) channel only, not into a \(channel.rawValue) complaint")
        case .staff:
            guard let actor = event.actor else {
                return refuse(
                    "staff-own-actor",
                    "posts \(type) only as its own work, naming \(staff ?? "?") as actor (this event has none: "
                        + "a customer's event is an intake's)")
            }
            guard actor == staff else {
                return refuse("staff-own-actor", "posts \(type) only as \(staff ?? "?"), not as \(actor)")
            }
            return nil
        }
    }
}
