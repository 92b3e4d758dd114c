/// A lifecycle rule of SPEC 1.3, by a stable name that error messages and tests use.
public enum LifecycleRule: String, Sendable, Equatable {
    case receivedFirst = "received-only-first"
    case streamExists = "needs-received"
    case mustBeOpen = "must-be-open"
    case acknowledgeOncePerCycle = "acknowledge-once-per-cycle"
    case needsAcknowledgement = "needs-acknowledgement"
    case reopenNeedsClosed = "reopen-needs-closed"
    case pauseOnceAtATime = "pause-once-at-a-time"
    case resumeNeedsPaused = "resume-needs-paused"
    case timeNeverGoesBackwards = "time-never-goes-backwards"
    case expectedVersion = "expected-version"
}

/// A rejected command: the rule it broke and a sentence saying how.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let rule: LifecycleRule
    public let message: String

    public init(_ rule: LifecycleRule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    /// Whether this is an optimistic-concurrency conflict rather than a lifecycle rule.
    public var isConflict: Bool { rule == .expectedVersion }

    public var description: String { "\(message) [rule \(rule.rawValue)]" }
}
