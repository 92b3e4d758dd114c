/// A lifecycle rule of SPEC 1.3, by a stable name that error messages and tests use.
public enum LifecycleRule: String, Sendable, Equatable {
    /// Only a stream's first event may be `received`.
    case receivedFirst = "received-only-first"
    /// Every other event needs the complaint's `received`.
    case streamExists = "needs-received"
    /// `acknowledged`, `assigned`, `compensated`, `paused` and `closed` need an open complaint.
    case mustBeOpen = "must-be-open"
    /// One `acknowledged` per cycle.
    case acknowledgeOncePerCycle = "acknowledge-once-per-cycle"
    /// `compensated`, `followed-up`, `paused` and `closed` need the complaint acknowledged at least once.
    case needsAcknowledgement = "needs-acknowledgement"
    /// Only a closed complaint can be reopened.
    case reopenNeedsClosed = "reopen-needs-closed"
    /// A paused complaint cannot be paused again.
    case pauseOnceAtATime = "pause-once-at-a-time"
    /// `resumed` needs a paused complaint.
    case resumeNeedsPaused = "resume-needs-paused"
    /// An event's `occurred_at` is never earlier than the stream's latest.
    case timeNeverGoesBackwards = "time-never-goes-backwards"
    /// The stream was not at the command's expected version: a concurrency conflict, not a lifecycle rule.
    case expectedVersion = "expected-version"
}

/// A rejected command: the rule it broke and a sentence saying how.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule broken; its raw value is the stable name.
    public let rule: LifecycleRule
    /// What happened, one sentence without the rule name.
    public let message: String

    /// A violation of `rule`, explained by `message` (one sentence, without the rule name).
    public init(_ rule: LifecycleRule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    /// Whether this is an optimistic-concurrency conflict rather than a lifecycle rule.
    public var isConflict: Bool { rule == .expectedVersion }

    /// `message [rule NAME]`.
    public var description: String { "\(message) [rule \(rule.rawValue)]" }
}
