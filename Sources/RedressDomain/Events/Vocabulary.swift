/// The nine event types of a complaint stream (SPEC 1.1).
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case received, acknowledged, assigned, compensated
    case followedUp = "followed-up"
    case paused, resumed
    case closed, reopened

    /// Whether the customer may start this event, so that `actor` is optional.
    public var actorIsOptional: Bool { self == .received || self == .resumed || self == .reopened }

    /// "a received event", "an acknowledged event": the type with its indefinite article.
    public var withArticle: String { ("aeiou".contains(rawValue.first ?? "x") ? "an " : "a ") + rawValue }
}

/// Why a complaint's SLA clock is stopped (SPEC 1.2, `paused`).
public enum PauseReason: String, Sendable, CaseIterable, Hashable {
    case awaitingCustomer = "awaiting-customer"
    case awaitingThirdParty = "awaiting-third-party"
    case other
}

/// Where a complaint came in.
public enum Channel: String, Sendable, CaseIterable, Hashable {
    case phone, email, web, chat, store, social, letter, other
}

/// The failure's cause.
public enum Category: String, Sendable, CaseIterable, Hashable { case service, product, customer, other }

/// How bad it is; `medium` when the `received` event does not say.
public enum Severity: String, Sendable, CaseIterable, Hashable { case low, medium, high, critical }

/// What a compensation consisted of.
public enum CompensationKind: String, Sendable, CaseIterable, Hashable {
    case refund, replacement, repair, discount, voucher, gift, apology
}

/// How a complaint was closed.
public enum Resolution: String, Sendable, CaseIterable, Hashable {
    case resolved
    case partiallyResolved = "partially-resolved"
    case unresolved, withdrawn, rejected

    /// Whether closing this way earns `closed_resolved` (SPEC 3).
    public var countsAsResolved: Bool { self == .resolved || self == .partiallyResolved }
}
