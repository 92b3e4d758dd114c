import Crypto
public import Foundation
import RedressDomain

/// The reward and SLA policy (SPEC 4): one JSON file, every key optional with the defaults below.
public struct Policy: Sendable, Equatable {
    /// `timezone`: the IANA zone months and calendars are read in.
    public var timezone = "Asia/Seoul"
    /// `currency`: an ISO 4217 code; the statement's amounts are in its minor units.
    public var currency = "KRW"
    /// Currency minor units per point.
    public var pointValue: Int64 = 1000
    /// Largest amount per staff member and month, in minor units.
    public var cap: Int64 = 500_000
    /// `sla.acknowledge_seconds`: the target from `received` to the first `acknowledged` (at least 1).
    public var acknowledgeSLASeconds: Int64 = 3600
    /// `sla.close_seconds`: the target from `received` to the first `closed` (at least 1).
    public var closeSLASeconds: Int64 = 259_200
    /// `points.closed_resolved`: credited to the owner for a close that counts as resolved.
    public var closedResolvedPoints: Int64 = 10
    /// `points.acknowledged_within_sla`: credited for a first acknowledgement within the SLA target.
    public var acknowledgedWithinSLAPoints: Int64 = 2
    /// Points for ratings 1…5 (index 0 is rating 1).
    public var satisfactionPoints: [Int64] = [-5, -2, 0, 2, 5]
    /// `points.reopened_clawback`: at most 0, charged when a complaint is reopened within the window.
    public var reopenedClawbackPoints: Int64 = -10
    /// `reopen_window_days`: how long after a close a reopen claws points back.
    public var reopenWindowDays: Int64 = 30
    /// `min_surveys`: rated follow-ups a member needs in a month for an amount.
    public var minSurveys: Int64 = 5
    /// `prior_weight`: how many of the month's average ratings the satisfaction index starts from.
    public var priorWeight: Int64 = 10
    /// What the SLA targets are measured on (SPEC 7.2): every instant, or the calendar's working ones.
    public var slaClock = SLAClock.calendar
    /// The working week and holidays (SPEC 7.1); only with ``slaClock`` `.business`.
    public var calendar: WorkingCalendar?

    /// The default policy: every key at the value documented beside it.
    public init() {}

    /// The policy's time zone (validated when the policy was read).
    public var timeZone: TimeZone { TimeZone(identifier: timezone)! }

    /// A policy key that is wrong, and why.
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        /// The key, as a path (`sla.close_seconds`), or `(file)` / `(top level)` for the whole document.
        public let key: String
        /// What is wrong with it.
        public let message: String
        /// `policy: KEY: MESSAGE`.
        public var description: String { "policy: \(key): \(message)" }
    }

    /// Reads and validates a policy file's bytes; unknown keys and wrong values name their key.
    ///
    /// - Throws: ``Policy/Error`` naming the key: invalid JSON, an unknown key (with the closest known one), a value
    ///   of the wrong type or outside its range, or a calendar that breaks SPEC 7.1.
    public static func parse(_ bytes: [UInt8]) throws -> Policy {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw Error(key: "(file)", message: "invalid JSON at column \(error.column): \(error.message)")
        }
        var policy = Policy()
        var calendarValue: JSONValue?
        let top = try object(value, "(top level)")
        for (key, member) in top {
            switch key {
            case "timezone":
                let text = try string(member, key)
                guard TimeZone(identifier: text) != nil, text.contains("/") || text == "UTC" else {
                    throw Error(key: key, message: "\"\(text)\" is not an IANA time zone such as Asia/Seoul")
                }
                policy.timezone = text
            case "currency":
                let text = try string(member, key)
                guard FieldRules.isValidCurrency(text) else {
                    throw Error(key: key, message: "must be an ISO 4217 code of 3 capital letters")
                }
                policy.currency = text
            case "point_value": policy.pointValue = try integer(member, key, min: 0)
            case "cap": policy.cap = try integer(member, key, min: 0)
            case "sla":
                for (sub, v) in try object(member, key) {
                    switch sub {
                    case "acknowledge_seconds": policy.acknowledgeSLASeconds = try integer(v, "sla.\(sub)", min: 1)
                    case "close_seconds": policy.closeSLASeconds = try integer(v, "sla.\(sub)", min: 1)
                    case "clock":
                        let text = try string(v, "sla.clock")
                        guard let clock = SLAClock(rawValue: text) else {
                            throw Error(
                                key: "sla.clock",
                                message: "\"\(text)\" is not a clock: \"calendar\" (every instant) or \"business\" "
                                    + "(the calendar's working hours)")
                        }
                        policy.slaClock = clock
                    default:
                        throw Error(
                            key: "sla.\(sub)",
                            message: Self.unknown(sub, ["acknowledge_seconds", "close_seconds", "clock"]))
                    }
                }
            case "points":
                for (sub, v) in try object(member, key) {
                    let path = "points.\(sub)"
                    switch sub {
                    case "closed_resolved": policy.closedResolvedPoints = try integer(v, path)
                    case "acknowledged_within_sla": policy.acknowledgedWithinSLAPoints = try integer(v, path)
                    case "reopened_clawback": policy.reopenedClawbackPoints = try integer(v, path, max: 0)
                    case "satisfaction":
                        for (rating, p) in try object(v, path) {
                            guard let r = Int(rating), (1...5).contains(r), rating.count == 1 else {
                                throw Error(
                                    key: "\(path).\(rating)", message: "unknown key: ratings are \"1\" to \"5\"")
                            }
                            policy.satisfactionPoints[r - 1] = try integer(p, "\(path).\(rating)")
                        }
                    default:
                        throw Error(
                            key: path,
                            message: Self.unknown(
                                sub,
                                [
                                    "closed_resolved", "acknowledged_within_sla", "satisfaction",
                                    "reopened_clawback",
                                ]))
                    }
                }
            case "reopen_window_days": policy.reopenWindowDays = try integer(member, key, min: 0)
            case "min_surveys": policy.minSurveys = try integer(member, key, min: 0)
            case "prior_weight": policy.priorWeight = try integer(member, key, min: 0)
            case "calendar": calendarValue = member
            case "$comment": try comment(member)
            default:
                throw Error(
                    key: key,
                    message: Self.unknown(
                        key,
                        [
                            "timezone", "currency", "point_value", "cap", "sla", "points",
                            "reopen_window_days", "min_surveys", "prior_weight", "calendar",
                        ]))
            }
        }
        if let calendarValue {
            guard policy.slaClock == .business else {
                throw Error(
                    key: "calendar",
                    message: "a calendar needs \"sla\": {\"clock\": \"business\"}: "
                        + "with the \(policy.slaClock.rawValue) clock it would be silently unused")
            }
            policy.calendar = try WorkingCalendar.parse(calendarValue, timezone: policy.timezone)
        }
        return policy
    }

    /// `$comment`: a note for people (a string or an array of strings), not part of the digest.
    private static func comment(_ value: JSONValue) throws {
        switch value {
        case .string: return
        case .array(let items) where items.allSatisfy({ if case .string = $0 { true } else { false } }): return
        default: throw Error(key: "$comment", message: "must be a string or an array of strings")
        }
    }

    /// "unknown key", with the known key it most resembles.
    static func unknown(_ key: String, _ known: [String]) -> String {
        Suggestion.closest(to: key, among: known).map { "unknown key (did you mean \($0)?)" } ?? "unknown key"
    }

    /// The members of `value`; ``Policy/Error`` on `key` when it is not an object.
    static func object(_ value: JSONValue, _ key: String) throws -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = value else {
            throw Error(key: key, message: "must be an object, not \(value.typeName)")
        }
        return members
    }

    /// The text of `value`; ``Policy/Error`` on `key` when it is not a string.
    static func string(_ value: JSONValue, _ key: String) throws -> String {
        guard case .string(let text) = value else {
            throw Error(key: key, message: "must be a string, not \(value.typeName)")
        }
        return text
    }

    /// `value` as a whole number within `min…max` when given; ``Policy/Error`` on `key` for anything else (a
    /// fraction or exponent included).
    private static func integer(_ value: JSONValue, _ key: String, min: Int64? = nil, max: Int64? = nil) throws -> Int64
    {
        guard case .number(let text) = value, let n = Int64(text) else {
            throw Error(key: key, message: "must be an integer, not \(value.typeName)")
        }
        if let min, n < min { throw Error(key: key, message: "must be ≥ \(min), got \(n)") }
        if let max, n > max { throw Error(key: key, message: "must be ≤ \(max), got \(n)") }
        return n
    }

    /// The canonical JSON of the whole policy (every key, defaults filled in, keys in schema order;
    /// `sla.clock` only when it is not the default, `calendar` only when there is one, `$comment` never).
    public var canonicalJSON: String {
        var w = CanonicalJSONWriter()
        w.raw("{")
        w.key("timezone", first: true)
        w.string(timezone)
        w.key("currency")
        w.string(currency)
        w.key("point_value")
        w.integer(pointValue)
        w.key("cap")
        w.integer(cap)
        w.key("sla")
        w.raw("{")
        w.key("acknowledge_seconds", first: true)
        w.integer(acknowledgeSLASeconds)
        w.key("close_seconds")
        w.integer(closeSLASeconds)
        // Left out on the default clock, so a policy from before SPEC 7 keeps its digest.
        if slaClock != .calendar {
            w.key("clock")
            w.string(slaClock.rawValue)
        }
        w.raw("}")
        w.key("points")
        w.raw("{")
        w.key("closed_resolved", first: true)
        w.integer(closedResolvedPoints)
        w.key("acknowledged_within_sla")
        w.integer(acknowledgedWithinSLAPoints)
        w.key("satisfaction")
        w.raw("{")
        for (i, p) in satisfactionPoints.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(String(i + 1))
            w.raw(":")
            w.integer(p)
        }
        w.raw("}")
        w.key("reopened_clawback")
        w.integer(reopenedClawbackPoints)
        w.raw("}")
        w.key("reopen_window_days")
        w.integer(reopenWindowDays)
        w.key("min_surveys")
        w.integer(minSurveys)
        w.key("prior_weight")
        w.integer(priorWeight)
        if let calendar {
            w.key("calendar")
            calendar.writeCanonical(to: &w)
        }
        w.raw("}")
        return w.text
    }

    /// SHA-256 (lowercase hex) of ``canonicalJSON``: the `policy_sha256` of a statement.
    public var sha256: String { Hex.encode(SHA256.hash(data: Array(canonicalJSON.utf8))) }
}
